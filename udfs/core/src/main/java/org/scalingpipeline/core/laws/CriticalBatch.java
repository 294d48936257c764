package org.scalingpipeline.core.laws;

/**
 * The critical batch size of Kaplan et al. 2020, "Scaling Laws for Neural Language Models", §5.1, after
 * McCandlish et al. 2018: the batch {@code B_crit(L) = E_min/S_min} (Eq. 5.2) at which training to a loss L
 * takes twice the fewest steps and twice the fewest tokens, a power of the loss alone,
 * {@code B_crit(L) = B_* / L^(1/α_B)} (Eq. 1.4, Eq. 5.3), in tokens. From it a run of S steps at a batch of B
 * tokens reads as the steps it would take at a batch far above B_crit ({@link #minSteps}, Eq. 5.4) and
 * the compute it would take far below it ({@link #minCompute}, Eq. 5.5); the two satisfy Eq. 5.1,
 * {@code (S/S_min − 1)(E/E_min − 1) = 1}, with E = B·S the tokens processed.
 *
 * @param bStar B*, tokens
 * @param alphaB α_B
 */
public record CriticalBatch(double bStar, double alphaB) {

    /** Kaplan et al. 2020, Table 5 (Appendix A; Figure 10's fit {@code 2.1e8 tokens · L^−4.8}): B* 2.1e8, α_B 0.21. */
    public static final CriticalBatch PAPER = new CriticalBatch(2.1e8, 0.21);

    /** Critical batch size in tokens at loss {@code loss} in nats (Eq. 5.3). */
    public double tokens(double loss) {
        return bStar / Math.pow(loss, 1 / alphaB);
    }

    /**
     * The fewest steps to reach {@code loss}, at a batch far above B_crit, of a run that reached it in
     * {@code steps} steps of {@code batchTokens} tokens (Eq. 5.4): {@code S_min = S / (1 + B_crit(L)/B)}.
     */
    public double minSteps(double steps, double batchTokens, double loss) {
        return steps / (1 + tokens(loss) / batchTokens);
    }

    /**
     * The least compute to reach {@code loss}, at a batch far below B_crit, of a run that reached it with
     * {@code compute} FLOPs (C = 6NBS) at {@code batchTokens} tokens a step (Eq. 5.5):
     * {@code C_min = C / (1 + B/B_crit(L))}. The same factor turns tokens processed E into E_min.
     */
    public double minCompute(double compute, double batchTokens, double loss) {
        return compute / (1 + batchTokens / tokens(loss));
    }
}
