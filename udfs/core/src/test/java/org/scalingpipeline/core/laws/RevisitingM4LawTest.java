package org.scalingpipeline.core.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** M4's prediction is the root of its implicit relation (Alabdulmohsin et al. 2022, §3), at every scale. */
class RevisitingM4LawTest {

    private static final RevisitingM4Law LAW = new RevisitingM4Law(20, -0.5, 0.5, 0.1, 0.9);

    /**
     * {@code (ε − ε_∞)/(ε_0 − ε)^α} at the prediction gives back {@code β·x^c} to 1e-9 relative: near ε_0 the
     * left side multiplies the rounding of ε (one ulp) by {@code α·ε/(ε_0 − ε)}, about 10⁴ at x = 0.01.
     */
    @Test
    void thePredictionSolvesTheRelation() {
        for (double x : new double[] {1e-2, 1, 1e2, 1e4, 1e6, 1e8, 1e12}) {
            double eps = LAW.loss(x);
            double f = 20 * Math.pow(x, -0.5);
            assertTrue(eps > 0.1 && eps < 0.9, "inside (eps_inf, eps_0) at " + x + ": " + eps);
            assertEquals(f, (eps - 0.1) / Math.pow(0.9 - eps, 0.5), f * 1e-9, "at x = " + x);
        }
    }

    /** Its ends: ε_0 as x → 0, ε_∞ plus the power law β·x^c·(ε_0 − ε_∞)^α (to 1e-9 of it) as x → ∞. */
    @Test
    void theEndsAreTheLimitsOfTheRelation() {
        assertEquals(0.9, LAW.loss(0), 0.0, "x^c is infinite at 0");
        assertEquals(0.9, LAW.loss(1e-300), 1e-12);
        double far = 1e300;
        double excess = 20 * Math.pow(far, -0.5) * Math.pow(0.8, 0.5);
        assertEquals(excess, LAW.loss(far) - 0.1, excess * 1e-9 + Math.ulp(0.1));
        assertEquals(0.1, new RevisitingM4Law(0, -0.5, 0.5, 0.1, 0.9).loss(10), 0.0, "beta 0: the floor");
    }

    /** α = 0 is M2; parameters that admit no root give NaN, never an exception. */
    @Test
    void alphaZeroIsM2AndInvalidParametersAreNaN() {
        assertEquals(new RevisitingM2Law(20, -0.5, 0.1).loss(1e4), new RevisitingM4Law(20, -0.5, 0, 0.1, 0.9).loss(1e4),
                0.0);
        assertTrue(Double.isNaN(new RevisitingM4Law(20, -0.5, 0.5, 0.9, 0.1).loss(1e4)), "eps_0 below eps_inf");
        assertTrue(Double.isNaN(new RevisitingM4Law(-1, -0.5, 0.5, 0.1, 0.9).loss(1e4)), "negative beta");
        assertTrue(Double.isNaN(new RevisitingM4Law(20, -0.5, -1, 0.1, 0.9).loss(1e4)), "negative alpha");
        assertTrue(Double.isNaN(new RevisitingM4Law(20, -0.5, 0.5, 0.1, Double.NaN).loss(1e4)), "NaN eps_0");
    }
}
