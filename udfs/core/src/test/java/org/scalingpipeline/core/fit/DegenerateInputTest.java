package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.Laws;

/** Bad input never throws from fit(): it gives a non-converged result whose reason names the value found. */
class DegenerateInputTest {

    private static void assertRejected(FitResult result, String reason) {
        assertFalse(result.converged());
        assertNull(result.law());
        assertEquals(reason, result.reason());
    }

    @Test
    void fewerPointsThanParameters() {
        double[] three = {1e8, 1e9, 1e10};
        assertRejected(ChinchillaFitter.create().fit(three, three, new double[] {3, 2.5, 2.2}),
                "3 points for 5 parameters: need at least 5");
    }

    @Test
    void constantResponse() {
        assertRejected(PowerLawFitter.create().fit(new double[] {1, 2, 3, 4}, new double[] {2.5, 2.5, 2.5, 2.5}),
                "'y' is constant (2.5 at all 4 points)");
    }

    @Test
    void nonPositiveXForALogLaw() {
        assertRejected(PowerLawFitter.create().fit(new double[] {1, 0, 3}, new double[] {1, 2, 3}),
                "x[1] = 0.0 must be > 0 for this law");
        assertRejected(RoutedLawFitter.create().fit(new double[] {1e8, 1e8}, new double[] {1, -4}, new double[] {3, 2}),
                "experts[1] = -4.0 must be > 0 for this law");
    }

    @Test
    void nonPositiveLossInLogSpaceButNotInLinearSpace() {
        double[] x = {1, 2, 3, 4};
        double[] y = {1, -1, 2, 3};
        assertRejected(PowerLawFitter.create().fit(x, y), "y[1] = -1.0 must be > 0 for this law");
        assertNull(PowerLawFitter.create().withSpace(FitSpace.LINEAR).fit(x, y).reason(), "linear space takes y <= 0");
    }

    @Test
    void nanAndInfinity() {
        double[] n = {1e8, 1e9, 1e10, 1e11, 1e12};
        assertRejected(KaplanFitter.create().fit(n, n, new double[] {3, 2.8, Double.NaN, 2.2, 2.1}),
                "loss[2] = NaN is not finite");
        assertRejected(OffsetPowerLawFitter.create().fit(new double[] {1, Double.POSITIVE_INFINITY, 3},
                new double[] {3, 2, 1}), "x[1] = Infinity is not finite");
    }

    @Test
    void missingAndMismatchedColumns() {
        assertRejected(Laws.ALL.law("kaplan").newFitter().fit(Observations.of("n", new double[] {1, 2}, "loss", new double[] {1, 2})),
                "column 'd' is missing");
        assertRejected(IsoFlopFitter.create().fit(new double[] {1, 2, 3}, new double[] {1, 2}),
                "column 'loss' has 2 values but 'n' has 3");
        assertRejected(PowerLawFitter.create().fit(null, null), "column 'x' is missing");
        assertRejected(Laws.ALL.law("routed").newFitter().fit(Observations.of("n", null, "experts", null, "loss", null)),
                "column 'n' is missing");
    }

    @Test
    void isoFlopProfileWithoutAMinimum() {
        // Loss falling then flattening is fitted by a downward parabola: a law, but not a converged profile.
        double[] n = {1e8, 3e8, 1e9, 3e9, 1e10};
        double[] loss = {3.0, 2.9, 2.7, 2.4, 2.0};
        FitResult fit = IsoFlopFitter.create().fit(n, loss);
        assertFalse(fit.converged());
        assertEquals(true, fit.reason().startsWith("parabola opens downwards (a = -"), fit.reason());
    }
}
