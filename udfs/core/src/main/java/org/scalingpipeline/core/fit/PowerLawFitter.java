package org.scalingpipeline.core.fit;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.laws.PowerLaw;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * Fits {@code y = k·x^m} ({@link PowerLaw}) by Levenberg–Marquardt, by default in log space (where it
 * is the straight line of a log-log plot); the default start is that line's least-squares solution
 * (in linear space, non-positive y are left out of that start by reading them as 1). Columns {@code x, y}.
 */
public final class PowerLawFitter implements CurveFitter {

    private static final List<String> COLUMNS = List.of("x", "y");
    private final FitOptions options;

    private PowerLawFitter(FitOptions options) {
        this.options = options;
    }

    public static PowerLawFitter create() {
        return new PowerLawFitter(FitOptions.defaults(FitSpace.LOG));
    }

    public PowerLawFitter withStart(double k, double m) {
        return new PowerLawFitter(options.withStart(k, m));
    }

    public PowerLawFitter withMaxIterations(int maxIterations) {
        return new PowerLawFitter(options.withMaxIterations(maxIterations));
    }

    public PowerLawFitter withSpace(FitSpace space) {
        return new PowerLawFitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        Set<String> positive = options.space() == FitSpace.LOG ? Set.of("x", "y") : Set.of("x");
        String problem = InputCheck.reason(InputCheck.columns(COLUMNS, x, y), positive, 2);
        if (problem != null) {
            return FitResult.failed(x == null ? 0 : x.length, problem);
        }
        return Fits.guarded(x.length, () -> {
            double[] start = options.start();
            if (start == null) {
                double[] line = Fits.line(Fits.log(x), Fits.log(positiveOrOne(y)));
                start = new double[] {Math.exp(line[0]), line[1]};
            }
            ParametricModel model = (p, i) -> p[0] * Math.pow(x[i], p[1]);
            return Fits.leastSquares(model, y, options.space(), List.of(start), options.maxIterations(),
                    p -> new PowerLaw(p[0], p[1]));
        });
    }

    private static double[] positiveOrOne(double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] > 0 ? out[i] : 1;
        }
        return out;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public FitResult fit(Observations observations) {
        return fit(observations.column("x"), observations.column("y"));
    }

    @Override
    public double[] predict(ScalingLaw law, Observations observations) {
        PowerLaw powerLaw = (PowerLaw) law;
        return Arrays.stream(observations.column("x")).map(powerLaw::value).toArray();
    }
}
