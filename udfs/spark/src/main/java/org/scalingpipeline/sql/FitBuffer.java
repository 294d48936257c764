package org.scalingpipeline.sql;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import org.scalingpipeline.core.fit.Observations;

/**
 * The points of one group, buffered row by row until the group is complete. Rows are sorted before
 * fitting so that the result does not depend on the order partitions were merged in.
 */
public final class FitBuffer implements Serializable {

  private static final long serialVersionUID = 1L;

  private int width;
  private double[] values = new double[0];
  private int rows;

  /** For the serializer. */
  public FitBuffer() {}

  FitBuffer(int width) {
    this.width = width;
    this.values = new double[16 * width];
  }

  /** Appends one row of {@code width} values. */
  void add(double[] row) {
    ensure(rows + 1);
    System.arraycopy(row, 0, values, rows * width, width);
    rows++;
  }

  /** Appends every row of another buffer. */
  void addAll(FitBuffer other) {
    ensure(rows + other.rows);
    System.arraycopy(other.values, 0, values, rows * width, other.rows * width);
    rows += other.rows;
  }

  /** The buffered rows as named columns, sorted row-wise. */
  Observations observations(java.util.List<String> names) {
    double[][] sorted = new double[rows][];
    for (int r = 0; r < rows; r++) {
      sorted[r] = Arrays.copyOfRange(values, r * width, (r + 1) * width);
    }
    Arrays.sort(sorted, Comparator.comparing((double[] row) -> row, Arrays::compare));
    return Observations.ofRows(names, Arrays.asList(sorted));
  }

  int rows() {
    return rows;
  }

  private void ensure(int capacityRows) {
    if (capacityRows * width > values.length) {
      values = Arrays.copyOf(values, Math.max(capacityRows * width, 2 * values.length));
    }
  }
}
