package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Kaplan et al. 2020, "Scaling Laws for Neural Language Models", Eq. 1.5 / §4:
 * {@code L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D}, with N the non-embedding parameter count and D
 * the dataset size in tokens; its limits are the single-variable laws of Eq. 1.1 (D → ∞) and Eq. 1.2
 * (N → ∞). {@link #PAPER} holds the Table 2 fit of L(N, D).
 *
 * @param nc N_c
 * @param dc D_c
 * @param alphaN α_N
 * @param alphaD α_D
 */
public record KaplanLaw(double nc, double dc, double alphaN, double alphaD) implements ScalingLaw {

    /** Parameters N_c, D_c, alpha_N, alpha_D, columns n, d, loss. */
    public static final LawModel<KaplanLaw> MODEL = new LawModel<>(KaplanLaw.class,
            List.of("N_c", "D_c", "alpha_N", "alpha_D"), List.of("n", "d", "loss"),
            p -> new KaplanLaw(p[0], p[1], p[2], p[3]), (law, x, i) -> law.loss(x[0][i], x[1][i]));

    /** Kaplan et al. 2020, Table 2 (fit of L(N, D), WebText2, tokens). */
    public static final KaplanLaw PAPER = new KaplanLaw(6.4e13, 1.8e13, 0.076, 0.103);

    /** Loss of a model with N non-embedding parameters trained on D tokens (Eq. 1.5). */
    public double loss(double n, double d) {
        return Math.pow(Math.pow(nc / n, alphaN / alphaD) + dc / d, alphaD);
    }

    @Override
    public LawModel<KaplanLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "kaplan";
    }

    @Override
    public double[] values() {
        return new double[] {nc, dc, alphaN, alphaD};
    }
}
