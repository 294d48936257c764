package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.List;
import org.scalingpipeline.core.laws.OffsetPowerLaw;

/**
 * Fits {@code L(x) = E + A·x^(−α)} ({@link OffsetPowerLaw}): loss against step (the "loss-curve" law),
 * tokens, parameters or compute. Columns {@code x, y}. Default space is linear, as scipy's
 * {@code curve_fit} would fit a learning curve. The offset makes the problem non-convex, so without an explicit
 * start LM starts near the global minimum: in linear space at the minimum of the variable projection
 * ({@link OffsetPowerLawProjection}: E and A solved exactly for each α), in log space from three starts
 * (E = 0, ½·min y, 0.9·min y, each with A and α from the log-log line of {@code y − E}), the lowest residual
 * winning.
 */
public final class OffsetPowerLawFitter extends LawFitter<OffsetPowerLaw> {

    /**
     * A loss floor E, a scale A and a decay α below zero have no meaning for a loss curve; left free, a
     * curve bent by a learning-rate schedule drives E to −∞ and α to 0 and LM never converges.
     */
    private static final double[] LOWER_BOUNDS = {0, 0, 0};

    private OffsetPowerLawFitter(FitOptions options) {
        super(OffsetPowerLaw.MODEL, options);
    }

    public static OffsetPowerLawFitter create() {
        return new OffsetPowerLawFitter(FitOptions.defaults(FitSpace.LINEAR));
    }

    public OffsetPowerLawFitter withStart(double e, double a, double alpha) {
        return new OffsetPowerLawFitter(options.withStart(e, a, alpha));
    }

    public OffsetPowerLawFitter withMaxIterations(int maxIterations) {
        return new OffsetPowerLawFitter(options.withMaxIterations(maxIterations));
    }

    public OffsetPowerLawFitter withSpace(FitSpace space) {
        return new OffsetPowerLawFitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        return fit(Observations.of("x", x, "y", y));
    }

    @Override
    FitResult solve(Points points) {
        double[] x = points.predictors()[0];
        List<double[]> starts = options.start() != null ? List.of(options.start())
                : options.space() == FitSpace.LINEAR ? List.of(OffsetPowerLawProjection.minimum(x, points.response()))
                : defaultStarts(x, points.response());
        return leastSquares(points, starts, LOWER_BOUNDS);
    }

    private static List<double[]> defaultStarts(double[] x, double[] y) {
        List<double[]> starts = new ArrayList<>();
        for (double e : Fits.offsetStarts(y)) {
            double[] line = Fits.excessLine(x, y, e);
            starts.add(new double[] {e, line[0], -line[1]});
        }
        return starts;
    }
}
