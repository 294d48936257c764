package org.scalingpipeline.core.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Kaplan et al. 2020 with the paper's constants. */
class KaplanLawTest {

    private static final double TOLERANCE = 1e-5;

    @Test
    void lossOfNAndDWithTable2Constants() {
        // Eq. 1.5 with Table 2 (α_N 0.076, α_D 0.103, N_c 6.4e13, D_c 1.8e13); values from the issue,
        // 6 significant figures, relative tolerance 1e-5.
        assertEquals(2.78786, KaplanLaw.PAPER.loss(1e8, 1e10), 2.78786 * TOLERANCE);
        assertEquals(2.37388, KaplanLaw.PAPER.loss(1e9, 2e10), 2.37388 * TOLERANCE);
    }

    @Test
    void overfittingBound() {
        // §4.2: D ≳ 5·10³·N^0.74; at N = 1e9, D ≥ 2.2854e10 (relative tolerance 1e-4).
        assertEquals(2.2854e10, KaplanLaw.minimumTokensToAvoidOverfitting(1e9), 2.2854e10 * 1e-4);
    }

    @Test
    void infiniteDataLimitIsLossOfN() {
        // Eq. 1.5 reduces to Eq. 1.1 as D → ∞.
        KaplanLaw law = KaplanLaw.PAPER;
        assertEquals(law.lossOfN(1e9), law.loss(1e9, 1e300), 1e-12);
    }

    @Test
    void singleVariableLawsAndCriticalBatch() {
        // Eq. 1.1 and 1.2 (§1.2 constants) at their scale constants equal 1; Eq. 1.4: B_crit(L) = B*/L^(1/α_B).
        assertEquals(1.0, KaplanLaw.SINGLE_VARIABLE.lossOfN(8.8e13), 1e-12);
        assertEquals(1.0, KaplanLaw.SINGLE_VARIABLE.lossOfD(5.4e13), 1e-12);
        assertEquals(1.0, KaplanLaw.PAPER_COMPUTE.loss(3.1e8), 1e-12);
        assertEquals(2e8 / Math.pow(3.0, 1 / 0.21), KaplanLaw.PAPER_CRITICAL_BATCH.bCrit(3.0), 1e-3);
    }
}
