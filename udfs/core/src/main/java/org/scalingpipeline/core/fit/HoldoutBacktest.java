package org.scalingpipeline.core.fit;

import java.util.stream.IntStream;

/**
 * Extrapolation check: fit a law on the points whose {@code cutColumn} (a size or compute column) is
 * below {@code cut}, then measure how well it predicts the response of the points at or above it — the
 * question a scaling law is for (Hoffmann et al. 2022 §3 validate their laws the same way on the
 * larger runs).
 */
public final class HoldoutBacktest {

    private final CurveFitter fitter;
    private final String cutColumn;
    private final double cut;

    private HoldoutBacktest(CurveFitter fitter, String cutColumn, double cut) {
        this.fitter = fitter;
        this.cutColumn = cutColumn;
        this.cut = cut;
    }

    public static HoldoutBacktest of(CurveFitter fitter, String cutColumn, double cut) {
        return new HoldoutBacktest(fitter, cutColumn, cut);
    }

    /**
     * Outcome of a backtest.
     *
     * @param fit the fit on the training points
     * @param trainPoints points below the cut
     * @param testPoints points at or above the cut
     * @param predicted predictions for the test points
     * @param rmseLog RMS of natural-log prediction errors on the test points ({@link ExtrapolationError})
     * @param maxRelativeError largest |ŷ − y|/y on the test points ({@link ExtrapolationError})
     * @param reason why the backtest could not be evaluated, null when fine
     */
    public record Result(FitResult fit, int trainPoints, int testPoints, double[] predicted, double rmseLog,
            double maxRelativeError, String reason) {
    }

    public Result run(Observations observations) {
        double[] key = observations.column(cutColumn);
        if (key == null) {
            return new Result(null, 0, 0, new double[0], Double.NaN, Double.NaN,
                    "cut column '" + cutColumn + "' is missing");
        }
        Observations train = observations.rows(IntStream.range(0, key.length).filter(i -> key[i] < cut).toArray());
        Observations test = observations.rows(IntStream.range(0, key.length).filter(i -> key[i] >= cut).toArray());
        FitResult fit = fitter.fit(train);
        if (test.size() == 0 || fit.law() == null) {
            String reason = test.size() == 0 ? "no point has " + cutColumn + " >= " + cut : fit.reason();
            return new Result(fit, train.size(), test.size(), new double[0], Double.NaN, Double.NaN, reason);
        }
        double[] predicted = fitter.predict(fit.law(), test);
        ExtrapolationError error = ExtrapolationError.of(test.column(fitter.response()), predicted);
        return new Result(fit, train.size(), test.size(), predicted, error.rmseLog(), error.maxRelativeError(), null);
    }
}
