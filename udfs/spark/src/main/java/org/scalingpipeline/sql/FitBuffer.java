package org.scalingpipeline.sql;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scalingpipeline.core.fit.Observations;

/** The points of one group, buffered row by row until the group is complete. */
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

  /**
   * The buffered rows as named columns, in their {@link Observations#sorted canonical order}, so that the
   * result (and a reason's row index) does not depend on the order partitions were merged in.
   */
  Observations observations(List<String> names) {
    List<double[]> rowList = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      rowList.add(Arrays.copyOfRange(values, r * width, (r + 1) * width));
    }
    return Observations.ofRows(names, rowList).sorted();
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
