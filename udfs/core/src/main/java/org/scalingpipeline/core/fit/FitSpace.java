package org.scalingpipeline.core.fit;

/**
 * The space in which residuals are minimised. Scaling-law data spans orders of magnitude, so the
 * choice changes the optimum and must be explicit: {@code LINEAR} minimises {@code Σ(y − ŷ)²} (what
 * scipy's {@code curve_fit} does), {@code LOG} minimises {@code Σ(ln y − ln ŷ)²}, i.e. relative errors.
 */
public enum FitSpace {
    LINEAR,
    LOG;

    /** Maps an observed or predicted value into this space; non-positive values have no logarithm. */
    double transform(double value) {
        if (this == LINEAR) {
            return value;
        }
        return value > 0 ? Math.log(value) : Double.NaN;
    }
}
