package org.scalingpipeline.core.fit;

/**
 * The one place where residual statistics are computed: RMSE in linear space, RMSE of natural-log
 * residuals, and r² in the space the fit minimised.
 *
 * @param rmse root mean square of {@code y − ŷ}
 * @param rmseLog root mean square of {@code ln y − ln ŷ} (NaN when a value is not positive)
 * @param r2 coefficient of determination of the residuals in the fit space
 */
record GoodnessOfFit(double rmse, double rmseLog, double r2) {

    static GoodnessOfFit of(double[] y, double[] predicted, FitSpace space) {
        return new GoodnessOfFit(
                rms(y, predicted, FitSpace.LINEAR), rms(y, predicted, FitSpace.LOG), r2(y, predicted, space));
    }

    static double rms(double[] y, double[] predicted, FitSpace space) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double r = space.transform(y[i]) - space.transform(predicted[i]);
            sum += r * r;
        }
        return Math.sqrt(sum / y.length);
    }

    private static double r2(double[] y, double[] predicted, FitSpace space) {
        double mean = 0;
        for (double v : y) {
            mean += space.transform(v) / y.length;
        }
        double residual = 0;
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            double t = space.transform(y[i]);
            residual += Math.pow(t - space.transform(predicted[i]), 2);
            total += Math.pow(t - mean, 2);
        }
        return 1 - residual / total;
    }
}
