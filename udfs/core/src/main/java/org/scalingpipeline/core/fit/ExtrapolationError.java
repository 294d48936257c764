package org.scalingpipeline.core.fit;

import java.util.stream.IntStream;

/**
 * How well a law predicts points it was not fitted to: the RMS of natural-log prediction errors and the
 * largest relative error. The one definition of extrapolation error, for the {@link HoldoutBacktest} of a
 * fit (the {@code holdout_rmse} of a fit struct) and for the MLlib {@code ExtrapolationEvaluator} that
 * scores a model's predictions beyond a cut (Hoffmann et al. 2022 §3 validate their laws on the larger
 * runs the same way).
 *
 * @param points the number of points scored
 * @param rmseLog RMS of {@code ln y − ln ŷ}; NaN when a value is not positive
 * @param maxRelativeError largest {@code |ŷ − y| / |y|}
 */
public record ExtrapolationError(int points, double rmseLog, double maxRelativeError) {

    /** The error of {@code predicted} against {@code actual}, point by point; throws when their lengths differ. */
    public static ExtrapolationError of(double[] actual, double[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("extrapolation error needs one prediction per point, got "
                    + predicted.length + " predictions for " + actual.length + " points");
        }
        double maxRelative = IntStream.range(0, actual.length)
                .mapToDouble(i -> Math.abs(predicted[i] - actual[i]) / Math.abs(actual[i])).max().orElse(Double.NaN);
        return new ExtrapolationError(actual.length, GoodnessOfFit.rms(actual, predicted, FitSpace.LOG), maxRelative);
    }
}
