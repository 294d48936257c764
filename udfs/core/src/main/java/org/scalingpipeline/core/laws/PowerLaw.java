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

    /** Parameters k, m, columns x, y. */
    public static final LawModel<PowerLaw> MODEL = new LawModel<>(PowerLaw.class,
            List.of("k", "m"), List.of("x", "y"),
            p -> new PowerLaw(p[0], p[1]), (law, x, i) -> law.value(x[0][i]));

    public double value(double x) {
        return k * Math.pow(x, m);
    }

    @Override
    public LawModel<PowerLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "power-law";
    }

    @Override
    public double[] values() {
        return new double[] {k, m};
    }
}
