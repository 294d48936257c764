package org.scalingpipeline.core.fit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named numeric columns of one group of points, e.g. {@code n, d, loss}: the engine-neutral input that
 * the Spark aggregators and the CLI hand to any {@link CurveFitter}. A missing column reads as null so
 * the fitter can report it as a reason instead of throwing.
 *
 * @param columns column values by role name
 */
public record Observations(Map<String, double[]> columns) {

    public Observations {
        columns = Map.copyOf(columns);
    }

    /** Observations from alternating names and arrays: {@code of("x", xs, "y", ys)}. */
    public static Observations of(Object... namesAndColumns) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndColumns.length; i += 2) {
            map.put((String) namesAndColumns[i], (double[]) namesAndColumns[i + 1]);
        }
        return new Observations(map);
    }

    /** The column with this role, or null when absent. */
    public double[] column(String name) {
        return columns.get(name);
    }

    /** Number of rows (of the first column; 0 when there are none). */
    public int size() {
        return columns.values().stream().findFirst().map(c -> c.length).orElse(0);
    }

    /** The rows at the given indices, in that order (used for resampling and holdout splits). */
    public Observations rows(int[] indices) {
        Map<String, double[]> map = new LinkedHashMap<>();
        columns.forEach((name, values) -> map.put(name, Arrays.stream(indices).mapToDouble(i -> values[i]).toArray()));
        return new Observations(map);
    }
}
