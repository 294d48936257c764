package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Kaplan et al. 2020, "Scaling Laws for Neural Language Models", Eq. 1.6 / §5.2 Eq. 5.6: the learning
 * curve of a model of N non-embedding parameters in the infinite-data limit after the warm-up,
 * {@code L(N, S_min) = (N_c/N)^α_N + (S_c/S_min)^α_S}, with S_min the steps it would take at a batch far
 * above the critical one ({@link CriticalBatch#minSteps}, Eq. 5.4). Where {@link KaplanLaw}'s L(N, D) takes
 * one early-stopped loss per run, this law reads every point of a run's learning curve after the warm-up
 * (§5.2); it is the law Kaplan et al. derive their compute-efficient frontier from (§6.2, Appendix B).
 * {@link #PAPER} holds the Table 3 fit.
 *
 * @param nc N_c
 * @param sc S_c
 * @param alphaN α_N
 * @param alphaS α_S
 */
public record KaplanStepsLaw(double nc, double sc, double alphaN, double alphaS) implements ScalingLaw {

    /** Parameters N_c, S_c, alpha_N, alpha_S, columns n, s_min, loss. */
    public static final LawModel<KaplanStepsLaw> MODEL = new LawModel<>(KaplanStepsLaw.class,
            List.of("N_c", "S_c", "alpha_N", "alpha_S"), List.of("n", "s_min", "loss"),
            p -> new KaplanStepsLaw(p[0], p[1], p[2], p[3]), (law, x, i) -> law.loss(x[0][i], x[1][i]));

    /** Kaplan et al. 2020, Table 3 (fit of L(N, S), WebText2, Adam runs after warm-up): α_N 0.077, α_S 0.76. */
    public static final KaplanStepsLaw PAPER = new KaplanStepsLaw(6.5e13, 2.1e3, 0.077, 0.76);

    /** Loss of a model with N non-embedding parameters after S_min steps at a batch far above B_crit (Eq. 5.6). */
    public double loss(double n, double sMin) {
        return Math.pow(nc / n, alphaN) + Math.pow(sc / sMin, alphaS);
    }

    @Override
    public LawModel<KaplanStepsLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "kaplan-steps";
    }

    @Override
    public double[] values() {
        return new double[] {nc, sc, alphaN, alphaS};
    }
}
