package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.Law;
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
                "3 points for 5 parameters: need at least 6");
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

    @Test
    void aConstantPredictorDoesNotIdentifyTheExponent() {
        assertRejected(PowerLawFitter.create().fit(new double[] {1000, 1000, 1000}, new double[] {1, 2, 3}),
                "needs 2 distinct x, got 1 (all 3 values are 1000.0): the data do not identify the law's parameters");
    }

    @Test
    void fewerDistinctValuesThanTheLawNeeds() {
        double[] n = {1e8, 1e8, 1e9, 1e9};
        assertRejected(IsoFlopFitter.create().fit(n, new double[] {3.1, 3.0, 2.9, 2.95}),
                "needs 3 distinct n, got 2: the data do not identify the law's parameters");
        assertRejected(OffsetPowerLawFitter.create().fit(n, new double[] {3.1, 3.0, 2.9, 2.95}),
                "needs 3 distinct x, got 2: the data do not identify the law's parameters");
        assertNull(AllocationFitter.create().withExponent(0.5).fit(new double[] {1e20, 1e20}, new double[] {4e9, 5e9})
                .reason(), "a fixed exponent leaves k alone, which one distinct budget identifies");
    }

    /** Every law of the registry, fed enough points with its first predictor constant, is not converged. */
    @Test
    void everyLawNeedsItsPredictorsToVary() {
        for (String name : Laws.ALL.names()) {
            Law law = Laws.ALL.law(name);
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (String role : law.columns()) {
                columns.put(role, new double[] {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37});
            }
            double[] constant = new double[12];
            Arrays.fill(constant, 1e9);
            String first = law.columns().get(0);
            columns.put(first, constant);
            FitResult fit = law.newFitter().fit(new Observations(columns));
            assertFalse(fit.converged(), name);
            assertEquals(true, fit.reason().matches("needs \\d distinct " + first
                    + ", got 1 \\(all 12 values are 1.0E9\\): the data do not identify the law's parameters"),
                    name + ": " + fit.reason());
        }
    }

    @Test
    void aChinchillaGroupAboveTheSizeLimitIsRefusedNamingSizeAndLimit() {
        int size = ChinchillaFitter.DEFAULT_MAX_POINTS + 1;
        double[] n = new double[size];
        double[] d = new double[size];
        double[] loss = new double[size];
        for (int i = 0; i < size; i++) {
            n[i] = 1e7 + i;
            d[i] = 1e9 + 7 * i;
            loss[i] = 2 + 1.0 / (1 + i % 97);
        }
        assertRejected(ChinchillaFitter.create().fit(n, d, loss), "10001 points exceed the limit of 10000 for one"
                + " chinchilla fit (4,500 BFGS starts cost about 20 ms per point); fit a sample of the group or raise"
                + " the limit (SQL: fit_chinchilla(n, d, loss, max_points); fit plan: \"max_points\"; fit-file:"
                + " --max-points)");
        double[] six = {1e8, 2e8, 4e8, 1e9, 2e9, 4e9};
        assertRejected(ChinchillaFitter.create().withMaxPoints(5).fit(six, six, new double[] {3, 2.9, 2.8, 2.7, 2.6, 2.5}),
                "6 points exceed the limit of 5 for one chinchilla fit (4,500 BFGS starts cost about 20 ms per point);"
                        + " fit a sample of the group or raise the limit (SQL: fit_chinchilla(n, d, loss, max_points);"
                        + " fit plan: \"max_points\"; fit-file: --max-points)");
    }
}
