package org.scalingpipeline.core.fit;

/**
 * A confidence interval [lower, upper] for one fitted parameter, e.g. a bootstrap percentile interval.
 *
 * @param lower lower bound
 * @param upper upper bound
 * @param level confidence level in (0, 1), e.g. 0.95
 */
public record Interval(double lower, double upper, double level) {

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
