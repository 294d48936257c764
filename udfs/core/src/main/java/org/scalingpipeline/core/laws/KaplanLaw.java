package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Kaplan et al. 2020, "Scaling Laws for Neural Language Models", Eq. 1.5 / §4:
 * {@code L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D}, with N the non-embedding parameter count and D
 * the dataset size in tokens; its limits are the single-variable laws of Eq. 1.1 (D → ∞) and Eq. 1.2
 * (N → ∞). {@link #PAPER} holds the Table 2 fit of L(N, D).
 *
 * <p>Its compute optimum ({@link #nOpt}) is the minimum of Eq. 1.5 along {@code C = 6·N·D}, as Hoffmann et al.
 * 2022 read each law's optimum: for models trained on D tokens of fresh data. It is not Kaplan et al.'s own
 * compute-efficient frontier (§6, Eq. 1.7, {@code N ∝ C^0.73}), which stops training early and comes from
 * L(N, S_min) ({@link KaplanStepsLaw}) instead. {@link #overfittingDataBound} is Eq. 4.4, the data a model
 * needs to stay within 0.02 of its infinite-data loss.
 *
 * @param nc N_c
 * @param dc D_c
 * @param alphaN α_N
 * @param alphaD α_D
 */
public record KaplanLaw(double nc, double dc, double alphaN, double alphaD) implements ComputeOptimal {

    /** Parameters N_c, D_c, alpha_N, alpha_D, columns n, d, loss. */
    public static final LawModel<KaplanLaw> MODEL = new LawModel<>(KaplanLaw.class,
            List.of("N_c", "D_c", "alpha_N", "alpha_D"), List.of("n", "d", "loss"),
            p -> new KaplanLaw(p[0], p[1], p[2], p[3]), (law, x, i) -> law.loss(x[0][i], x[1][i]));

    /** Kaplan et al. 2020, Table 2 (fit of L(N, D), WebText2, tokens). */
    public static final KaplanLaw PAPER = new KaplanLaw(6.4e13, 1.8e13, 0.076, 0.103);

    /** Eq. 4.4: {@code D ≳ 5·10^3 · N^0.74}, the constant. */
    private static final double OVERFITTING_SCALE = 5e3;
    /** Eq. 4.4: the exponent, α_N/α_D of Table 2 rounded. */
    private static final double OVERFITTING_EXPONENT = 0.74;

    /** Loss of a model with N non-embedding parameters trained on D tokens (Eq. 1.5). */
    public double loss(double n, double d) {
        return Math.pow(Math.pow(nc / n, alphaN / alphaD) + dc / d, alphaD);
    }

    /**
     * Tokens below which a model of {@code n} non-embedding parameters overfits by more than the 0.02 loss that
     * random seeds vary by (§4.2, Eq. 4.4): {@code 5·10^3 · N^0.74}, Eq. 4.3's {@code δL = 0.02} under Table 2,
     * rounded by the paper.
     */
    public static double overfittingDataBound(double n) {
        return OVERFITTING_SCALE * Math.pow(n, OVERFITTING_EXPONENT);
    }

    /**
     * The N minimising Eq. 1.5 at {@code D = C / (6N)}: with {@code p = α_N/α_D}, the bracket
     * {@code (N_c/N)^p + 6·N·D_c/C} is least where its derivative vanishes,
     * {@code N_opt = (p·N_c^p·C / (6·D_c))^(1/(p+1))} (computed in logarithms; the outer power α_D is monotone).
     */
    @Override
    public double nOpt(double c) {
        double p = alphaN / alphaD;
        return Math.exp((Math.log(p) + p * Math.log(nc) + Math.log(c) - Math.log(6 * dc)) / (p + 1));
    }

    /** {@code D_opt = C / (6·N_opt)}. */
    @Override
    public double dOpt(double c) {
        return ComputeOptimal.tokensFor(c, nOpt(c));
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
