package org.scalingpipeline.core.fit;

/** Prediction of observation {@code i} under parameter vector {@code p}; the model a least-squares fit adjusts. */
@FunctionalInterface
interface ParametricModel {

    double value(double[] p, int i);

    /** Predictions for all {@code count} observations. */
    default double[] values(double[] p, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = value(p, i);
        }
        return out;
    }
}
