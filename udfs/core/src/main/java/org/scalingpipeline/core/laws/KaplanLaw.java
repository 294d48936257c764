package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Kaplan et al. 2020, "Scaling Laws for Neural Language Models", Eq. 1.5 / §4:
 * {@code L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D}, with N the non-embedding parameter count and D
 * the dataset size in tokens. Its limits are the single-variable laws {@link #lossOfN} (Eq. 1.1) and
 * {@link #lossOfD} (Eq. 1.2). {@link #PAPER} holds the Table 2 fit of L(N, D).
 *
 * @param nc N_c
 * @param dc D_c
 * @param alphaN α_N
 * @param alphaD α_D
 */
public record KaplanLaw(double nc, double dc, double alphaN, double alphaD) implements ScalingLaw {

    /** Kaplan et al. 2020, Table 2 (fit of L(N, D), WebText2, tokens). */
    public static final KaplanLaw PAPER = new KaplanLaw(6.4e13, 1.8e13, 0.076, 0.103);

    /** Kaplan et al. 2020, Eq. 1.1 and Eq. 1.2 constants (§1.2): α_N 0.076, N_c 8.8e13, α_D 0.095, D_c 5.4e13. */
    public static final KaplanLaw SINGLE_VARIABLE = new KaplanLaw(8.8e13, 5.4e13, 0.076, 0.095);

    /** Kaplan et al. 2020, Eq. 1.3: L(C_min) = (C_c^min / C_min)^α_C^min, C in PF-days. */
    public static final ComputeLaw PAPER_COMPUTE = new ComputeLaw(3.1e8, 0.050);

    /** Kaplan et al. 2020, Eq. 1.4: B_crit(L) = B* / L^(1/α_B), B* in tokens. */
    public static final CriticalBatch PAPER_CRITICAL_BATCH = new CriticalBatch(2e8, 0.21);

    /** Loss of a model with N non-embedding parameters trained on D tokens (Eq. 1.5). */
    public double loss(double n, double d) {
        return Math.pow(Math.pow(nc / n, alphaN / alphaD) + dc / d, alphaD);
    }

    /** Data-unlimited limit L(N) = (N_c/N)^α_N (Eq. 1.1). */
    public double lossOfN(double n) {
        return Math.pow(nc / n, alphaN);
    }

    /** Model-unlimited limit L(D) = (D_c/D)^α_D (Eq. 1.2). */
    public double lossOfD(double d) {
        return Math.pow(dc / d, alphaD);
    }

    /**
     * Overfitting bound of §4.2: to keep the overfitting penalty small, train on
     * {@code D ≳ 5·10³·N^0.74} tokens.
     */
    public static double minimumTokensToAvoidOverfitting(double n) {
        return 5e3 * Math.pow(n, 0.74);
    }

    @Override
    public String name() {
        return "kaplan";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("N_c", "D_c", "alpha_N", "alpha_D");
    }

    @Override
    public double[] values() {
        return new double[] {nc, dc, alphaN, alphaD};
    }

    /**
     * Kaplan et al. 2020, Eq. 1.3: loss against compute on the efficient frontier,
     * {@code L(C_min) = (C_c^min / C_min)^α_C^min}.
     */
    public record ComputeLaw(double cc, double alphaC) {
        public double loss(double cMin) {
            return Math.pow(cc / cMin, alphaC);
        }
    }

    /** Kaplan et al. 2020, Eq. 1.4 (§5.1): critical batch size {@code B_crit(L) = B* / L^(1/α_B)}. */
    public record CriticalBatch(double bStar, double alphaB) {
        public double bCrit(double loss) {
            return bStar / Math.pow(loss, 1.0 / alphaB);
        }
    }
}
