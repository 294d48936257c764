package org.scalingpipeline.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.Observations;

/** The by-name registry the CLI and the SQL layer use. */
class LawsTest {

    @Test
    void columnRolesPerLaw() {
        assertEquals(List.of("x", "y"), Laws.columnsFor("power-law"));
        assertEquals(List.of("x", "y"), Laws.columnsFor("loss-curve"));
        assertEquals(List.of("n", "d", "loss"), Laws.columnsFor("chinchilla"));
        assertEquals(List.of("n", "d", "loss"), Laws.columnsFor("kaplan"));
        assertEquals(List.of("n", "experts", "loss"), Laws.columnsFor("routed"));
        assertEquals(List.of("c", "n_or_d"), Laws.columnsFor("allocation"));
        assertEquals(List.of("n", "loss"), Laws.columnsFor("isoflop"));
    }

    @Test
    void fitsByNameFromNamedColumns() {
        double[] x = {1, 10, 100, 1000};
        double[] y = {3, 3 * Math.pow(10, -0.5), 3 * Math.pow(100, -0.5), 3 * Math.pow(1000, -0.5)};
        FitResult fit = Laws.fitterFor("power-law").fit(Observations.of("x", x, "y", y));
        assertEquals(-0.5, fit.parameter("m"), 1e-9);
        assertEquals("power-law", fit.law().name());
    }

    @Test
    void unknownLawNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Laws.fitterFor("kaplan2"));
        assertTrue(e.getMessage().startsWith("unknown law 'kaplan2', expected one of [allocation, chinchilla,"),
                e.getMessage());
    }
}
