package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A fit depends on the set of rows, not on their order: SQL hands the fitter a group in the order Spark
 * merged its partitions, {@code fit-file} in the order of the CSV file, and both must agree.
 */
class RowOrderTest {

    private static final double[] X = {100, 200, 400, 800, 1600, 3200, 6400};
    private static final double[] Y = {12.1, 6.9, 4.6, 3.2, 2.65, 2.3, 2.16};
    private static final int[] SHUFFLE = {4, 0, 6, 2, 5, 1, 3};

    @Test
    void aBootstrapGivesTheSameIntervalsForRowsInAnyOrder() {
        Observations rows = Observations.of("x", X, "y", Y);
        Bootstrap bootstrap = Bootstrap.of(OffsetPowerLawFitter.create()).withResamples(40);
        FitResult inOrder = bootstrap.fit(rows);
        FitResult shuffled = bootstrap.fit(rows.rows(SHUFFLE));
        assertEquals(inOrder.intervals(), shuffled.intervals());
        assertEquals(inOrder.parameters(), shuffled.parameters());
    }

    @Test
    void sortedOrdersRowsColumnByColumn() {
        Observations sorted = Observations.of("n", new double[] {2, 1, 2, 1}, "loss", new double[] {5, 7, 3, 6}).sorted();
        assertEquals("[1.0, 1.0, 2.0, 2.0] [6.0, 7.0, 3.0, 5.0]", Arrays.toString(sorted.column("n")) + " "
                + Arrays.toString(sorted.column("loss")));
    }
}
