package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.laws.OffsetPowerLaw;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * Fits {@code L(x) = E + A·x^(−α)} ({@link OffsetPowerLaw}): loss against step (the "loss-curve" law),
 * tokens, parameters or compute. Columns {@code x, y}. Default space is linear, as scipy's
 * {@code curve_fit} would fit a learning curve. Without an explicit start, LM runs from three starts
 * (E = 0, ½·min y, 0.9·min y, each with A and α from the log-log line of {@code y − E}) and the lowest
 * residual wins, because the offset makes the problem non-convex.
 */
public final class OffsetPowerLawFitter implements CurveFitter {

    private static final List<String> COLUMNS = List.of("x", "y");
    private static final double[] OFFSET_FRACTIONS = {0, 0.5, 0.9};
    /**
     * A loss floor E, a scale A and a decay α below zero have no meaning for a loss curve; left free, a
     * curve bent by a learning-rate schedule drives E to −∞ and α to 0 and LM never converges.
     */
    private static final double[] LOWER_BOUNDS = {0, 0, 0};
    private final FitOptions options;

    private OffsetPowerLawFitter(FitOptions options) {
        this.options = options;
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
        Set<String> positive = options.space() == FitSpace.LOG ? Set.of("x", "y") : Set.of("x");
        String problem = InputCheck.reason(InputCheck.columns(COLUMNS, x, y), positive, 3);
        if (problem != null) {
            return FitResult.failed(x == null ? 0 : x.length, problem);
        }
        return Fits.guarded(x.length, () -> {
            ParametricModel model = (p, i) -> p[0] + p[1] * Math.pow(x[i], -p[2]);
            List<double[]> starts = options.start() != null ? List.of(options.start()) : defaultStarts(x, y);
            return Fits.leastSquares(model, y, options.space(), starts, options.maxIterations(), LOWER_BOUNDS,
                    p -> new OffsetPowerLaw(p[0], p[1], p[2]));
        });
    }

    private static List<double[]> defaultStarts(double[] x, double[] y) {
        double minY = Arrays.stream(y).min().orElse(0);
        double[] logX = Fits.log(x);
        List<double[]> starts = new ArrayList<>();
        for (double fraction : OFFSET_FRACTIONS) {
            double e = minY > 0 ? fraction * minY : 0;
            double[] logExcess = Arrays.stream(y).map(v -> Math.log(Math.max(v - e, 1e-12))).toArray();
            double[] line = Fits.line(logX, logExcess);
            starts.add(new double[] {e, Math.exp(line[0]), -line[1]});
        }
        return starts;
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
        OffsetPowerLaw offsetLaw = (OffsetPowerLaw) law;
        return Arrays.stream(observations.column("x")).map(offsetLaw::loss).toArray();
    }
}
