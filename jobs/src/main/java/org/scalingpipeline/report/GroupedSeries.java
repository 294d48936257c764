package org.scalingpipeline.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Query rows {@code (group, x, y)} split into one series per group, in the order the rows come, for
 * plotting one line or marker set per router, size, run or law.
 */
public record GroupedSeries(Map<String, Points> groups) {

  /** The x and y values of one group. */
  public record Points(double[] x, double[] y) {

    /** The smallest x. */
    public double minX() {
      return java.util.Arrays.stream(x).min().orElse(Double.NaN);
    }

    /** The largest x. */
    public double maxX() {
      return java.util.Arrays.stream(x).max().orElse(Double.NaN);
    }
  }

  /** Splits a result whose first three columns are group, x and y; rows with a null x or y are left out. */
  public static GroupedSeries of(Dataset<Row> rows) {
    Map<String, List<double[]>> collected = new LinkedHashMap<>();
    for (Row row : rows.collectAsList()) {
      if (!row.isNullAt(1) && !row.isNullAt(2)) {
        collected.computeIfAbsent(String.valueOf(row.get(0)), g -> new ArrayList<>())
            .add(new double[] {((Number) row.get(1)).doubleValue(), ((Number) row.get(2)).doubleValue()});
      }
    }
    Map<String, Points> groups = new LinkedHashMap<>();
    collected.forEach((group, points) -> groups.put(group, new Points(
        points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray())));
    return new GroupedSeries(groups);
  }
}
