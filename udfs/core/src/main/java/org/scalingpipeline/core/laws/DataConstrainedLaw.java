package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Muennighoff et al. 2023, "Scaling Data-Constrained Language Models" (NeurIPS 2023), §3 Eq. 5: the Chinchilla
 * form {@code L = E + A/N'^α + B/D'^β} in an effective parameter count N' and an effective token count D', so that
 * repeated tokens and parameters in excess of what the unique data can use are worth less than fresh ones:
 * <ul>
 *   <li>{@code D' = U_D + U_D·R*_D·(1 − e^(−R_D/R*_D))}, with {@code R_D = D/U_D − 1} the repetitions beyond the
 *       first epoch; with no repetition D' = D, and however often the data repeat D' stays below
 *       {@code U_D·(1 + R*_D)};</li>
 *   <li>{@code N' = U_N + U_N·R*_N·(1 − e^(−R_N/R*_N))}, with {@code U_N = min(N, N_opt(U_D))} the compute-optimal
 *       parameter count for U_D tokens under the Chinchilla allocation of E, A, B, α, β
 *       ({@code N_opt(U_D) = G·(G·U_D)^(β/α)}, {@code G = (αA/(βB))^(1/(α+β))}, Hoffmann et al. 2022 Eq. 4 solved
 *       for N at D_opt = U_D) and {@code R_N = N/U_N − 1}.</li>
 * </ul>
 * Both follow the authors' reference implementation (huggingface/datablations, README "Parametric Fit":
 * {@code RD = max(D/U − 1, 0)}, {@code UN = min(N, D_to_N(U))}, {@code RN = max(N/UN − 1, 0)}). U_D is the unique
 * tokens seen: a run of fewer tokens than its data set has (D &lt; U) sees D unique tokens, so U_D = min(U, D).
 *
 * @param e irreducible loss E
 * @param a A
 * @param b B
 * @param alpha α (parameter exponent)
 * @param beta β (data exponent)
 * @param rDStar R*_D, the repetitions after which repeated tokens' value has decayed by 1/e
 * @param rNStar R*_N, the same for excess parameters
 */
public record DataConstrainedLaw(double e, double a, double b, double alpha, double beta, double rDStar,
        double rNStar) implements ScalingLaw {

    /** Parameters E, A, B, alpha, beta, R_D_star, R_N_star; columns n, d, unique_tokens, loss. */
    public static final LawModel<DataConstrainedLaw> MODEL = new LawModel<>(DataConstrainedLaw.class,
            List.of("E", "A", "B", "alpha", "beta", "R_D_star", "R_N_star"), List.of("n", "d", "unique_tokens", "loss"),
            p -> new DataConstrainedLaw(p[0], p[1], p[2], p[3], p[4], p[5], p[6]),
            (law, x, i) -> law.loss(x[0][i], x[1][i], x[2][i]));

    /**
     * The published C4 fit (huggingface/datablations README "Parametric Fit" and utils/parametric_fit.ipynb):
     * {@code a, b, e = 6.255414, 7.3049974, 0.6254804} with {@code A = e^a, B = e^b, E = e^e} (E ≈ 1.87,
     * A ≈ 520, B ≈ 1488), α = β = 0.3526596 (tied, fitted to C4 IsoFLOP points), R*_D = 15.387756 and
     * R*_N = 5.309743 (the paper's R*_D ≈ 15.4, R*_N ≈ 5.3, §3).
     */
    public static final DataConstrainedLaw PAPER = new DataConstrainedLaw(Math.exp(0.6254804), Math.exp(6.255414),
            Math.exp(7.3049974), 0.3526596, 0.3526596, 15.387756, 5.309743);

    /** Loss of N parameters trained on D tokens of which {@code uniqueTokens} are unique (Eq. 5). */
    public double loss(double n, double d, double uniqueTokens) {
        return e + a / Math.pow(effectiveParams(n, d, uniqueTokens), alpha)
                + b / Math.pow(effectiveData(d, uniqueTokens), beta);
    }

    /** D' = U_D + U_D·R*_D·(1 − e^(−R_D/R*_D)), R_D = D/U_D − 1 (D' = D without repetition). */
    public double effectiveData(double d, double uniqueTokens) {
        double u = Math.min(uniqueTokens, d);
        return decayed(u, d / u - 1, rDStar);
    }

    /** U_N = min(N, N_opt(U_D)): the parameters the unique data can use compute-optimally. */
    public double uniqueParams(double n, double uniqueTokens) {
        return Math.min(n, optimalParams(uniqueTokens));
    }

    /** N' = U_N + U_N·R*_N·(1 − e^(−R_N/R*_N)), R_N = N/U_N − 1. */
    public double effectiveParams(double n, double d, double uniqueTokens) {
        double uN = uniqueParams(n, Math.min(uniqueTokens, d));
        return decayed(uN, n / uN - 1, rNStar);
    }

    /**
     * The Chinchilla compute-optimal parameter count whose optimal data is {@code tokens}: from
     * {@code N_opt = G·(C/6)^(β/(α+β))} and {@code D_opt = G^(−1)·(C/6)^(α/(α+β))}, {@code N = G·(G·D)^(β/α)}.
     */
    public double optimalParams(double tokens) {
        double g = Math.pow(alpha * a / (beta * b), 1 / (alpha + beta));
        return g * Math.pow(g * tokens, beta / alpha);
    }

    /** {@code u + u·R*·(1 − e^(−r/R*))}; exactly u when nothing repeats (r ≤ 0), also at R* = 0. */
    private static double decayed(double u, double r, double rStar) {
        return r > 0 ? u - u * rStar * Math.expm1(-r / rStar) : u;
    }

    @Override
    public LawModel<DataConstrainedLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "data-constrained";
    }

    @Override
    public double[] values() {
        return new double[] {e, a, b, alpha, beta, rDStar, rNStar};
    }
}
