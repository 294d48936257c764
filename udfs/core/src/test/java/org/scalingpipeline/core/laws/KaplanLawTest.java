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
    void infiniteDataLimitIsEquation11() {
        // Eq. 1.5 reduces to Eq. 1.1, L(N) = (N_c/N)^α_N, as D → ∞; and to Eq. 1.2, (D_c/D)^α_D, as N → ∞.
        KaplanLaw law = KaplanLaw.PAPER;
        assertEquals(Math.pow(6.4e13 / 1e9, 0.076), law.loss(1e9, 1e300), 1e-12);
        assertEquals(Math.pow(1.8e13 / 2e10, 0.103), law.loss(1e300, 2e10), 1e-12);
    }
}
