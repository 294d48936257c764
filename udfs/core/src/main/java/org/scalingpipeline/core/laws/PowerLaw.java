package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Pure power law {@code y = k·x^m}, the form of the compute-optimal allocation laws (Hoffmann et al.
 * 2022, §3.1–3.2) and of Kaplan et al. 2020's single-variable laws (§1.2, Eqs. 1.1–1.3).
 *
 * @param k coefficient
 * @param m exponent
 */
public record PowerLaw(double k, double m) implements ScalingLaw {

    public double value(double x) {
        return k * Math.pow(x, m);
    }

    @Override
    public String name() {
        return "power-law";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("k", "m");
    }

    @Override
    public double[] values() {
        return new double[] {k, m};
    }
}
