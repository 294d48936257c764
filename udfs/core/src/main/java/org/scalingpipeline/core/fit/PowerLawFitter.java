package org.scalingpipeline.core.fit;

import java.util.List;
import org.scalingpipeline.core.laws.PowerLaw;

/**
 * Fits {@code y = k·x^m} ({@link PowerLaw}) by Levenberg–Marquardt, by default in log space (where it
 * is the straight line of a log-log plot); the default start is that line's least-squares solution
 * (in linear space, non-positive y are left out of that start by reading them as 1). Columns {@code x, y}.
 */
public final class PowerLawFitter extends LawFitter<PowerLaw> {

    private PowerLawFitter(FitOptions options) {
        super(PowerLaw.MODEL, options);
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
        return fit(Observations.of("x", x, "y", y));
    }

    @Override
    FitResult solve(Points points) {
        double[] start = options.start() != null ? options.start()
                : Fits.logLogLine(points.predictors()[0], points.response());
        return leastSquares(points, List.of(start), null);
    }
}
