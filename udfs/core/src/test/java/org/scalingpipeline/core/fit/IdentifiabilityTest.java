package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.laws.ChinchillaLaw;

/**
 * A fit is converged only when the optimiser converged and the data identify its parameters: enough
 * distinct predictor values, more points than parameters, and a finite standard error for every
 * parameter. Parameters left on a bound are named.
 */
class IdentifiabilityTest {

    /** Chinchilla's law at (n, d), times (1 + 0.2 % Gaussian noise), seeded. */
    private static double[] chinchillaLosses(double[] n, double[] d) {
        Random noise = new Random(1);
        double[] loss = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            loss[i] = ChinchillaLaw.PAPER.loss(n[i], d[i]) * (1 + 0.002 * noise.nextGaussian());
        }
        return loss;
    }

    @Test
    void anIsoFlopParabolaNeedsThreeDistinctModelSizes() {
        FitResult twoSizes = IsoFlopFitter.create().fit(new double[] {1e8, 1e8, 1e9}, new double[] {3.1, 3.0, 2.9});
        assertFalse(twoSizes.converged());
        assertNull(twoSizes.law(), "no vertex from a parabola through two sizes");
        assertEquals("needs 3 distinct n, got 2: the data do not identify the law's parameters", twoSizes.reason());

        FitResult oneSize = IsoFlopFitter.create().fit(new double[] {1e8, 1e8, 1e8, 1e8},
                new double[] {3.1, 3.0, 2.9, 3.0});
        assertFalse(oneSize.converged());
        assertEquals("needs 3 distinct n, got 1 (all 4 values are 1.0E8): the data do not identify the law's"
                + " parameters", oneSize.reason());
    }

    /** The OPT case: six model sizes from 125M to 13B, each trained on about 180B tokens. */
    @Test
    void chinchillaOnAlmostConstantTokensDoesNotFixTheDataTerm() {
        double[] n = {125e6, 350e6, 1.3e9, 2.7e9, 6.7e9, 13e9};
        double[] d = {180e9 * 1.01, 180e9 * 0.99, 180e9 * 1.005, 180e9 * 0.995, 180e9, 180e9 * 1.0025};
        FitResult fit = ChinchillaFitter.create().fit(n, d, chinchillaLosses(n, d));
        assertFalse(fit.converged());
        assertEquals("not identified: the data do not fix B, beta (their standard errors are undefined)", fit.reason());
        assertTrue(Double.isNaN(fit.standardErrors().get("B")) && Double.isNaN(fit.standardErrors().get("beta")),
                fit.standardErrors().toString());
        for (String fixed : List.of("E", "A", "alpha")) {
            assertTrue(Double.isFinite(fit.standardErrors().get(fixed)), fixed + ": " + fit.standardErrors());
        }
        assertEquals(5, fit.parameters().size(), "the law is kept for inspection");
    }

    /**
     * Two token budgets give the data term two levels, which E shifts as well: E, B and β trade off along a
     * null direction of the Jacobian although no column of it is zero.
     */
    @Test
    void chinchillaOnTwoTokenBudgetsDoesNotSeparateTheFloorFromTheDataTerm() {
        double[] n = {1e8, 3e8, 1e9, 3e9, 1e10, 1e8, 3e8, 1e9, 3e9, 1e10};
        double[] d = {2e10, 2e10, 2e10, 2e10, 2e10, 2e11, 2e11, 2e11, 2e11, 2e11};
        FitResult fit = ChinchillaFitter.create().fit(n, d, chinchillaLosses(n, d));
        assertFalse(fit.converged());
        assertEquals("not identified: the data do not fix E, B, beta (their standard errors are undefined)",
                fit.reason());
    }

    @Test
    void chinchillaOnAGridOfSizesAndBudgetsIsIdentified() {
        double[] n = {1e8, 1e9, 1e10, 1e8, 1e9, 1e10, 1e8, 1e9, 1e10};
        double[] d = {2e9, 2e9, 2e9, 2e10, 2e10, 2e10, 2e11, 2e11, 2e11};
        FitResult fit = ChinchillaFitter.create().fit(n, d, chinchillaLosses(n, d));
        assertTrue(fit.converged(), fit.reason());
        fit.standardErrors().forEach((name, error) -> assertTrue(Double.isFinite(error), name + ": " + error));
    }

    @Test
    void asManyPointsAsParametersIsAnInterpolation() {
        FitResult curve = OffsetPowerLawFitter.create().fit(new double[] {100, 1000, 10000},
                new double[] {3.5, 2.8, 2.5});
        assertFalse(curve.converged());
        assertEquals("3 points for 3 parameters: an interpolation, not a fit; need at least 4", curve.reason());
        assertEquals("2 points for 2 parameters: an interpolation, not a fit; need at least 3",
                PowerLawFitter.create().fit(new double[] {1e8, 1e9}, new double[] {3.2, 2.9}).reason(),
                "k x^m through two points");
        assertNull(OffsetPowerLawFitter.create().fit(new double[] {100, 1000, 10000, 100000},
                new double[] {3.5, 2.8, 2.5, 2.4}).reason());
    }

    @Test
    void aLossFloorPushedToZeroIsNamedAtItsBound() {
        // y = 1000/x has no floor: the fit wants E < 0 and stops at the bound E = 0.
        double[] x = {100, 200, 400, 800, 1600};
        double[] y = {9.9, 4.9, 2.4, 1.15, 0.525};
        FitResult floorless = OffsetPowerLawFitter.create().fit(x, y);
        assertEquals(0.0, floorless.parameter("E"));
        assertEquals(List.of("E"), floorless.atBound());

        FitResult floored = OffsetPowerLawFitter.create().fit(x, new double[] {12, 7, 4.5, 3.25, 2.625});
        assertEquals(List.of(), floored.atBound(), "E = 2 lies inside its bound: " + floored.parameters());
        assertTrue(floored.converged(), floored.reason());
    }

    @Test
    void aFixedExponentAllocationIsCalibratedByOneReferenceRun() {
        FitResult k = AllocationFitter.create().withExponent(0.5).fit(new double[] {1e20}, new double[] {4e9});
        assertTrue(k.converged(), "one reference run fixes k_N in N_opt = k_N C^0.5: " + k.reason());
        assertEquals(4e9 / 1e10, k.parameters().get("k"), 1e-12 * 0.4);
        FitResult free = AllocationFitter.create().fit(new double[] {1e20, 1e21}, new double[] {4e9, 1.3e10});
        assertFalse(free.converged(), "with its exponent free, two points are an interpolation");
    }
}
