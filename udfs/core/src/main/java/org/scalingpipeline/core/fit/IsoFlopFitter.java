package org.scalingpipeline.core.fit;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.laws.IsoFlopParabola;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * Fits the IsoFLOP profile of Hoffmann et al. 2022 approach 2 (§3.2): at one compute budget, a parabola
 * of loss in {@code ln N} ({@link IsoFlopParabola}); its vertex is N_opt for that budget. The model is
 * linear in its coefficients, so Levenberg–Marquardt converges in one or two steps from the flat start
 * {@code (0, 0, mean loss)}. A parabola that opens downwards has no minimum and is reported as not
 * converged. Columns {@code n, loss}.
 */
public final class IsoFlopFitter implements CurveFitter {

    private static final List<String> COLUMNS = List.of("n", "loss");
    private final FitOptions options;

    private IsoFlopFitter(FitOptions options) {
        this.options = options;
    }

    public static IsoFlopFitter create() {
        return new IsoFlopFitter(FitOptions.defaults(FitSpace.LINEAR));
    }

    public IsoFlopFitter withMaxIterations(int maxIterations) {
        return new IsoFlopFitter(options.withMaxIterations(maxIterations));
    }

    public FitResult fit(double[] n, double[] loss) {
        String problem = InputCheck.reason(InputCheck.columns(COLUMNS, n, loss), Set.of("n"), 3);
        if (problem != null) {
            return FitResult.failed(n == null ? 0 : n.length, problem);
        }
        return Fits.guarded(n.length, () -> {
            double[] logN = Fits.log(n);
            ParametricModel model = (p, i) -> (p[0] * logN[i] + p[1]) * logN[i] + p[2];
            double[] start = {0, 0, Arrays.stream(loss).average().orElse(0)};
            FitResult fit = Fits.leastSquares(model, loss, options.space(), List.of(start),
                    options.maxIterations(), p -> new IsoFlopParabola(p[0], p[1], p[2]));
            double curvature = fit.parameter("a");
            if (fit.converged() && !(curvature > 0)) {
                return new FitResult(fit.law(), fit.parameters(), fit.standardErrors(), fit.nPoints(), fit.rmse(),
                        fit.rmseLog(), fit.r2(), fit.space(), fit.iterations(), false,
                        "parabola opens downwards (a = " + curvature + "): the profile has no minimum", fit.intervals());
            }
            return fit;
        });
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public FitResult fit(Observations observations) {
        return fit(observations.column("n"), observations.column("loss"));
    }

    @Override
    public double[] predict(ScalingLaw law, Observations observations) {
        IsoFlopParabola parabola = (IsoFlopParabola) law;
        return Arrays.stream(observations.column("n")).map(parabola::loss).toArray();
    }
}
