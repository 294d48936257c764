package org.scalingpipeline.core.fit;

import java.util.Arrays;

/**
 * Extrapolation check: fit a law on the points below a {@link HoldoutCut} in a size or compute column, then
 * measure how well it predicts the response of the points at or above it — the question a scaling law is for
 * (Hoffmann et al. 2022 §3 validate their laws the same way on the larger runs).
 */
public final class HoldoutBacktest {

    private final CurveFitter fitter;
    private final HoldoutCut cut;

    private HoldoutBacktest(CurveFitter fitter, HoldoutCut cut) {
        this.fitter = fitter;
        this.cut = cut;
    }

    public static HoldoutBacktest of(CurveFitter fitter, HoldoutCut cut) {
        return new HoldoutBacktest(fitter, cut);
    }

    /**
     * Outcome of a backtest.
     *
     * @param fit the fit on the training points
     * @param cutoff the cut-off in the group's values ({@link HoldoutCut#cutoff})
     * @param trainPoints points below the cut
     * @param testPoints points at or above the cut
     * @param predicted predictions for the test points
     * @param rmseLog RMS of natural-log prediction errors on the test points ({@link ExtrapolationError})
     * @param maxRelativeError largest |ŷ − y|/y on the test points ({@link ExtrapolationError})
     * @param extrapolationDecades how far the prediction reaches past the data fitted, in decades of the cut column:
     *     {@code log10(largest predicted value / largest fitted value)}; NaN when either side is empty or not positive
     * @param reason why the backtest could not be evaluated, null when fine
     */
    public record Result(FitResult fit, double cutoff, int trainPoints, int testPoints, double[] predicted,
            double rmseLog, double maxRelativeError, double extrapolationDecades, String reason) {
    }

    public Result run(Observations observations) {
        double[] key = observations.column(cut.column());
        if (key == null) {
            return new Result(null, Double.NaN, 0, 0, new double[0], Double.NaN, Double.NaN, Double.NaN,
                    "cut column '" + cut.column() + "' is missing");
        }
        double cutoff = cut.cutoff(key);
        int[] fitted = HoldoutCut.fittedRows(key, cutoff);
        int[] heldOut = HoldoutCut.predictedRows(key, cutoff);
        Observations train = observations.rows(fitted);
        Observations test = observations.rows(heldOut);
        double decades = Math.log10(largest(key, heldOut) / largest(key, fitted));
        FitResult fit = fitter.fit(train);
        if (test.size() == 0 || fit.law() == null) {
            String reason = test.size() == 0 ? "no point has " + cut.column() + " >= " + cutoff : fit.reason();
            return new Result(fit, cutoff, train.size(), test.size(), new double[0], Double.NaN, Double.NaN, decades,
                    reason);
        }
        double[] predicted = fitter.predict(fit.law(), test);
        ExtrapolationError error = ExtrapolationError.of(test.column(fitter.response()), predicted);
        return new Result(fit, cutoff, train.size(), test.size(), predicted, error.rmseLog(), error.maxRelativeError(),
                decades, null);
    }

    /** The largest of the values at these rows; NaN for none (a log of it is then NaN too). */
    private static double largest(double[] values, int[] rows) {
        return Arrays.stream(rows).mapToDouble(i -> values[i]).max().orElse(Double.NaN);
    }
}
