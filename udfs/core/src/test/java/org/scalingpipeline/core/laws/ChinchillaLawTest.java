package org.scalingpipeline.core.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Hoffmann et al. 2022 approach 3 with the paper's constants (Eq. 10) against its closed form (Eq. 4, D.2). */
class ChinchillaLawTest {

    private static final ChinchillaLaw PAPER = ChinchillaLaw.PAPER;
    private static final double GOPHER_BUDGET = 5.76e23;

    @Test
    void allocationExponentsAndG() {
        // a = β/(α+β) = 0.28/0.62, b = α/(α+β) = 0.34/0.62, G = (αA/(βB))^(1/(α+β)); 4 decimals as
        // printed in the issue, tolerance half a unit in the last digit.
        assertEquals(0.4516, PAPER.exponentA(), 5e-5);
        assertEquals(0.5484, PAPER.exponentB(), 5e-5);
        assertEquals(1.3447, PAPER.g(), 5e-5);
    }

    @Test
    void computeOptimalAllocationAtGopherBudget() {
        // C = 5.76e23 (Gopher's budget): N_opt = 3.219e10, D_opt = 2.982e12 (4 significant figures,
        // relative tolerance 2e-4), and N_opt·D_opt = C/6 by construction.
        assertEquals(3.219e10, PAPER.nOpt(GOPHER_BUDGET), 3.219e10 * 2e-4);
        assertEquals(2.982e12, PAPER.dOpt(GOPHER_BUDGET), 2.982e12 * 2e-4);
        assertEquals(GOPHER_BUDGET / 6, PAPER.nOpt(GOPHER_BUDGET) * PAPER.dOpt(GOPHER_BUDGET), GOPHER_BUDGET * 1e-12);
    }

    @Test
    void optimumMinimisesLossOnTheIsoFlopLine() {
        // Eq. 4 is the argmin of L(N, C/(6N)); nearby sizes on the same budget must have higher loss.
        double n = PAPER.nOpt(GOPHER_BUDGET);
        double best = PAPER.loss(n, GOPHER_BUDGET / (6 * n));
        for (double factor : new double[] {0.9, 1.1}) {
            double other = n * factor;
            assertEquals(true, PAPER.loss(other, GOPHER_BUDGET / (6 * other)) > best);
        }
    }

    @Test
    void namesParametersLikeThePaper() {
        assertEquals("{E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28}", PAPER.parameters().toString());
    }
}
