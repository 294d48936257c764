package org.scalingpipeline.core.fit;

import org.scalingpipeline.core.laws.IsoFlopParabola;

/**
 * Fits the IsoFLOP profile of Hoffmann et al. 2022 approach 2 (§3.2): at one compute budget, a parabola
 * of loss in {@code ln N} ({@link IsoFlopParabola}); its vertex is N_opt for that budget. The model is
 * linear in its coefficients, so the least-squares solution is exact in one solve of the design
 * {@code [(ln N)², ln N, 1]} ({@link LeastSquares#linear}), with no start and no iterations. A parabola
 * that opens downwards has no minimum and is reported as not converged. Columns {@code n, loss}.
 */
public final class IsoFlopFitter extends LawFitter<IsoFlopParabola> {

    private IsoFlopFitter(FitOptions options) {
        super(IsoFlopParabola.MODEL, options);
    }

    public static IsoFlopFitter create() {
        return new IsoFlopFitter(FitOptions.defaults(FitSpace.LINEAR));
    }

    public FitResult fit(double[] n, double[] loss) {
        return fit(Observations.of("n", n, "loss", loss));
    }

    @Override
    FitResult solve(Points points) {
        double[] n = points.predictors()[0];
        double[][] design = new double[n.length][];
        for (int i = 0; i < n.length; i++) {
            double x = Math.log(n[i]);
            design[i] = new double[] {x * x, x, 1};
        }
        FitResult fit = Fits.result(parametric(points, model.fromValues()), points.response(), FitSpace.LINEAR,
                LeastSquares.linear(design, points.response()), 1, model.fromValues()::apply, null);
        double curvature = fit.parameter("a");
        if (fit.converged() && !(curvature > 0)) {
            return fit.notConverged("parabola opens downwards (a = " + curvature + "): the profile has no minimum");
        }
        return fit;
    }
}
