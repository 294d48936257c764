package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Power law with an irreducible offset {@code L(x) = E + A·x^(−α)}: loss against training step,
 * tokens, parameters or compute. E is the entropy of natural text that no model removes (Hoffmann et
 * al. 2022, §3.3; Kaplan et al. 2020 §6 use the same saturating form for learning curves).
 *
 * @param e irreducible loss E
 * @param a amplitude A
 * @param alpha decay exponent α
 */
public record OffsetPowerLaw(double e, double a, double alpha) implements ScalingLaw {

    /** Parameters E, A, alpha, columns x, y. */
    public static final LawModel<OffsetPowerLaw> MODEL = new LawModel<>(OffsetPowerLaw.class,
            List.of("E", "A", "alpha"), List.of("x", "y"),
            p -> new OffsetPowerLaw(p[0], p[1], p[2]), (law, x, i) -> law.loss(x[0][i]));

    public double loss(double x) {
        return e + a * Math.pow(x, -alpha);
    }

    @Override
    public LawModel<OffsetPowerLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "power-law-offset";
    }

    @Override
    public double[] values() {
        return new double[] {e, a, alpha};
    }
}
