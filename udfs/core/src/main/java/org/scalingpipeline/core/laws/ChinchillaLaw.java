package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Hoffmann et al. 2022 ("Chinchilla"), approach 3 (§3.3, Eq. 2): {@code L(N, D) = E + A/N^α + B/D^β},
 * and its closed-form compute-optimal allocation under {@code C ≈ 6·N·D} (Eq. 4, Appendix D.2):
 * {@code N_opt(C) = G·(C/6)^a}, {@code D_opt(C) = G^(−1)·(C/6)^b}, {@code a = β/(α+β)},
 * {@code b = α/(α+β)}, {@code G = (αA/(βB))^(1/(α+β))}.
 *
 * @param e irreducible loss E
 * @param a A
 * @param b B
 * @param alpha α (parameter exponent)
 * @param beta β (data exponent)
 */
public record ChinchillaLaw(double e, double a, double b, double alpha, double beta) implements ComputeOptimal {

    /** Parameters E, A, B, alpha, beta, columns n, d, loss. */
    public static final LawModel<ChinchillaLaw> MODEL = new LawModel<>(ChinchillaLaw.class,
            List.of("E", "A", "B", "alpha", "beta"), List.of("n", "d", "loss"),
            p -> new ChinchillaLaw(p[0], p[1], p[2], p[3], p[4]), (law, x, i) -> law.loss(x[0][i], x[1][i]));

    /** Hoffmann et al. 2022, Eq. 10 (§D.2): E 1.69, A 406.4, B 410.7, α 0.34, β 0.28. */
    public static final ChinchillaLaw PAPER = new ChinchillaLaw(1.69, 406.4, 410.7, 0.34, 0.28);

    public double loss(double n, double d) {
        return e + a / Math.pow(n, alpha) + b / Math.pow(d, beta);
    }

    /** Exponent a = β/(α+β) of N_opt ∝ C^a. */
    public double exponentA() {
        return beta / (alpha + beta);
    }

    /** Exponent b = α/(α+β) of D_opt ∝ C^b. */
    public double exponentB() {
        return alpha / (alpha + beta);
    }

    /** G = (αA/(βB))^(1/(α+β)). */
    public double g() {
        return Math.pow(alpha * a / (beta * b), 1.0 / (alpha + beta));
    }

    @Override
    public double nOpt(double c) {
        return g() * Math.pow(c / 6.0, exponentA());
    }

    @Override
    public double dOpt(double c) {
        return Math.pow(c / 6.0, exponentB()) / g();
    }

    @Override
    public LawModel<ChinchillaLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "chinchilla";
    }

    @Override
    public double[] values() {
        return new double[] {e, a, b, alpha, beta};
    }
}
