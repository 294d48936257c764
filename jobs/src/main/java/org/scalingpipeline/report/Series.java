package org.scalingpipeline.report;

import java.util.Arrays;

/** Picking the values a chart draws out of a group's columns. */
final class Series {

  private Series() {}

  /** The values at these rows, in their order. */
  static double[] at(double[] values, int[] rows) {
    return Arrays.stream(rows).mapToDouble(i -> values[i]).toArray();
  }
}
