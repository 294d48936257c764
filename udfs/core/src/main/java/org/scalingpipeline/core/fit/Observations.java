package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Named numeric columns of one group of points, e.g. {@code n, d, loss}: the engine-neutral input that
 * the Spark aggregators and the CLI hand to any {@link CurveFitter}. A missing column reads as null so
 * the fitter can report it as a reason instead of throwing.
 *
 * @param columns column values by role name
 */
public record Observations(Map<String, double[]> columns) {

    public Observations {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** Observations from alternating names and arrays: {@code of("x", xs, "y", ys)}. */
    public static Observations of(Object... namesAndColumns) {
        if (namesAndColumns.length % 2 != 0) {
            throw new IllegalArgumentException("expected name/column pairs, got " + namesAndColumns.length
                    + " arguments");
        }
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndColumns.length; i += 2) {
            map.put((String) namesAndColumns[i], (double[]) namesAndColumns[i + 1]);
        }
        return new Observations(map);
    }

    /**
     * Observations from rows of values, one value per name in each row (how a CSV file or a buffered
     * Spark group holds them).
     */
    public static Observations ofRows(List<String> names, List<double[]> rows) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            double[] column = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                column[r] = rows.get(r)[c];
            }
            map.put(names.get(c), column);
        }
        return new Observations(map);
    }

    /** The column with this role, or null when absent. */
    public double[] column(String name) {
        return columns.get(name);
    }

    /** Number of rows (of the first column; 0 when there are none or it is missing). */
    public int size() {
        double[] first = columns.isEmpty() ? null : columns.values().iterator().next();
        return first == null ? 0 : first.length;
    }

    /**
     * The same rows in one canonical order: sorted row-wise, comparing values column by column in the
     * columns' order. Fitters read their points in this order, so that a result depends on the set of
     * rows and not on the order they came in (a CSV file's, or the order Spark merged partitions in):
     * bootstrap resamples draw row positions, and floating-point sums depend on the order of terms.
     * Unchanged when a column is missing or the lengths differ (the fitter's check reports that).
     */
    public Observations sorted() {
        int n = size();
        List<double[]> values = new ArrayList<>(columns.values());
        for (double[] column : values) {
            if (column == null || column.length != n) {
                return this;
            }
        }
        Comparator<Integer> rowOrder = (a, b) -> {
            for (double[] column : values) {
                int c = Double.compare(column[a], column[b]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        return rows(IntStream.range(0, n).boxed().sorted(rowOrder).mapToInt(Integer::intValue).toArray());
    }

    /** The rows at the given indices, in that order (used for resampling and holdout splits). */
    public Observations rows(int[] indices) {
        Map<String, double[]> map = new LinkedHashMap<>();
        columns.forEach((name, values) -> map.put(name, Arrays.stream(indices).mapToDouble(i -> values[i]).toArray()));
        return new Observations(map);
    }
}
