package org.scalingpipeline.core.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Kaplan et al. 2020's critical batch size (§5.1, Eqs. 5.1–5.5) with Table 5's B* 2.1e8 tokens and α_B 0.21. */
class CriticalBatchTest {

    private static final CriticalBatch PAPER = CriticalBatch.PAPER;

    /**
     * Table 6 (Appendix A): at the compute-efficient frontier {@code B_crit = B_e·C_min^0.24} with B_e = 2.0e6 tokens
     * (C_min in PF-days), so at C_min = 1 PF-day, where Eq. 1.3 gives L = (3.1e8)^0.050 = 2.658, B_crit is 2.0e6
     * tokens; Eq. 5.3 gives 1.997e6. Tolerance 2.5 %, half a unit of the paper's last digit.
     */
    @Test
    void atOnePetaflopDayTheCriticalBatchIsTwoMillionTokensAsTable6Says() {
        double loss = Math.pow(3.1e8, 0.050);
        assertEquals(2.658, loss, 5e-4, "Eq. 1.3 at C_min = 1 PF-day");
        assertEquals(2.0e6, PAPER.tokens(loss), 2.0e6 * 0.025);
    }

    /** Figure 10: "the critical batch size approximately doubles for every 13% decrease in loss" (1.94; ±5 %). */
    @Test
    void theCriticalBatchDoublesForEvery13PercentLessLossAsFigure10Says() {
        for (double loss : new double[] {2.5, 4.0, 6.0}) {
            assertEquals(2.0, PAPER.tokens(0.87 * loss) / PAPER.tokens(loss), 0.1, "at L = " + loss);
        }
        // Figure 10's line is 2.1e8 tokens · L^−4.8: 1/α_B = 4.76.
        assertEquals(2.1e8 * Math.pow(3.0, -1 / 0.21), PAPER.tokens(3.0), 1e-6);
        assertEquals(-4.8, Math.log(PAPER.tokens(4.0) / PAPER.tokens(2.0)) / Math.log(2), 0.05);
    }

    /**
     * §5.1 after Eq. 5.2: "Training at the critical batch size ... requiring 2S_min training steps and processing
     * E = 2E_min data examples" — Eq. 5.4 and Eq. 5.5 halve steps and compute at B = B_crit(L); exact.
     */
    @Test
    void atTheCriticalBatchARunTakesTwiceTheFewestStepsAndTwiceTheLeastCompute() {
        double loss = 3.0;
        double bCrit = PAPER.tokens(loss);
        assertEquals(1e5 / 2, PAPER.minSteps(1e5, bCrit, loss), 1e-9);
        assertEquals(1e20 / 2, PAPER.minCompute(1e20, bCrit, loss), 1e5);
    }

    /**
     * Eq. 5.1, {@code (S/S_min − 1)(E/E_min − 1) = 1} with E = B·S tokens processed, holds for S_min from Eq. 5.4
     * and E_min from Eq. 5.5 (C = 6NE, so E_min/E = C_min/C) at any batch, e.g. the paper's usual 2^19 tokens
     * (§3); relative 1e-12. Far above B_crit S_min is S, far below it C_min is C.
     */
    @Test
    void minimumStepsAndMinimumComputeSatisfyEquation51AtAnyBatch() {
        double loss = 3.2;
        double steps = 2.5e5;
        for (double batch : new double[] {Math.pow(2, 15), Math.pow(2, 19), Math.pow(2, 23)}) {
            double tokens = batch * steps;
            double sMin = PAPER.minSteps(steps, batch, loss);
            double eMin = PAPER.minCompute(tokens, batch, loss);
            assertEquals(1.0, (steps / sMin - 1) * (tokens / eMin - 1), 1e-12, "B = " + batch);
            assertEquals(PAPER.tokens(loss), eMin / sMin, PAPER.tokens(loss) * 1e-12, "Eq. 5.2: B_crit = E_min/S_min");
        }
        assertEquals(1.0, PAPER.minSteps(steps, 1e15, loss) / steps, 1e-6, "B ≫ B_crit: S_min ≈ S");
        assertEquals(1.0, PAPER.minCompute(1e20, 1, loss) / 1e20, 1e-5, "B ≪ B_crit: C_min ≈ C");
    }
}
