package org.scalingpipeline.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.Bootstrap;
import org.scalingpipeline.core.fit.ChinchillaFitter;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.HoldoutCut;
import org.scalingpipeline.core.fit.Observations;

/** A fit spec names a law of the registry and options; its fitter is what SQL, the plan and fit-file run. */
class FitSpecTest {

    @Test
    void aPlainSpecGivesTheLawsDefaultFitter() {
        assertInstanceOf(ChinchillaFitter.class, FitSpec.of("chinchilla").fitter());
        assertEquals("chinchilla", FitSpec.of("chinchilla").entry().name());
    }

    @Test
    void aFixedExponentIsHeldAndBootstrapWrapsTheFitter() {
        double[] c = {1e18, 1e19, 1e20, 1e21};
        double[] n = {0.1 * 1e9, 0.1 * Math.sqrt(1e19), 0.1 * 1e10, 0.1 * Math.sqrt(1e21)};
        FitSpec fixed = new FitSpec("allocation", 0.5, 0, null);
        assertInstanceOf(AllocationFitter.class, fixed.fitter());
        FitResult fit = fixed.fitter().fit(Observations.of("c", c, "n_or_d", n));
        assertTrue(fit.converged(), fit.reason());
        assertEquals(0.5, fit.parameter("exponent"), 0.0, "held fixed");
        assertEquals(0.1, fit.parameter("k"), 1e-9, "k of N = 0.1 C^0.5");
        assertInstanceOf(Bootstrap.class, new FitSpec("allocation", null, 20, null).fitter());
    }

    @Test
    void badSpecsNameWhatIsWrong() {
        assertEquals("unknown law 'chinchila', expected one of [allocation, chinchilla, isoflop, kaplan, loss-curve,"
                + " power-law, power-law-offset, revisiting-m1, revisiting-m2, revisiting-m3, revisiting-m4,"
                + " routed]",
                assertThrows(IllegalArgumentException.class, () -> FitSpec.of("chinchila")).getMessage());
        assertEquals("a fixed exponent (0.5) applies to the law 'allocation' only, got the law 'chinchilla'",
                assertThrows(IllegalArgumentException.class,
                        () -> new FitSpec("chinchilla", 0.5, 0, null)).getMessage());
        assertEquals("bootstrap resamples must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class,
                        () -> new FitSpec("power-law", null, -1, null)).getMessage());
        assertEquals("a holdout needs a column and either a cut-off below or a fraction of the largest values, got"
                + " column n, below null, largest null",
                assertThrows(IllegalArgumentException.class, () -> new HoldoutCut("n", null, null)).getMessage());
        assertEquals("holdout largest must be a fraction in (0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> HoldoutCut.largest("n", 1.0)).getMessage());
        assertEquals("holdout column 'params' is not a role of the law 'routed', expected one of [n, experts, loss]",
                assertThrows(IllegalArgumentException.class,
                        () -> new FitSpec("routed", null, 0, HoldoutCut.below("params", 1e9))).getMessage());
        assertEquals("a limit on points (500) applies to the law 'chinchilla' only, got the law 'kaplan'",
                assertThrows(IllegalArgumentException.class,
                        () -> new FitSpec("kaplan", null, 0, null, 500)).getMessage());
        assertEquals("max points must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new FitSpec("chinchilla", null, 0, null, 0)).getMessage());
    }

    @Test
    void aChinchillaSpecWithAPointLimitRefusesALargerGroupNamingIt() {
        double[] six = {1e8, 2e8, 4e8, 1e9, 2e9, 4e9};
        FitResult fit = new FitSpec("chinchilla", null, 0, null, 5).fitter()
                .fit(Observations.of("n", six, "d", six, "loss", new double[] {3, 2.9, 2.8, 2.7, 2.6, 2.5}));
        assertFalse(fit.converged());
        assertTrue(fit.reason().startsWith("6 points exceed the limit of 5"), fit.reason());
    }
}
