package org.scalingpipeline.core.fit;

import java.util.Arrays;
import java.util.List;
import org.scalingpipeline.core.laws.IsoFlopParabola;

/**
 * Fits the IsoFLOP profile of Hoffmann et al. 2022 approach 2 (§3.2): at one compute budget, a parabola
 * of loss in {@code ln N} ({@link IsoFlopParabola}); its vertex is N_opt for that budget. The model is
 * linear in its coefficients, so Levenberg–Marquardt converges in one or two steps from the flat start
 * {@code (0, 0, mean loss)}. A parabola that opens downwards has no minimum and is reported as not
 * converged. Columns {@code n, loss}.
 */
public final class IsoFlopFitter extends LawFitter<IsoFlopParabola> {

    private IsoFlopFitter(FitOptions options) {
        super(IsoFlopParabola.MODEL, options);
    }

    public static IsoFlopFitter create() {
        return new IsoFlopFitter(FitOptions.defaults(FitSpace.LINEAR));
    }

    public IsoFlopFitter withMaxIterations(int maxIterations) {
        return new IsoFlopFitter(options.withMaxIterations(maxIterations));
    }

    public FitResult fit(double[] n, double[] loss) {
        return fit(Observations.of("n", n, "loss", loss));
    }

    @Override
    FitResult solve(Points points) {
        double[] start = {0, 0, Arrays.stream(points.response()).average().orElse(0)};
        FitResult fit = leastSquares(points, List.of(start), null);
        double curvature = fit.parameter("a");
        if (fit.converged() && !(curvature > 0)) {
            return fit.notConverged("parabola opens downwards (a = " + curvature + "): the profile has no minimum");
        }
        return fit;
    }
}
