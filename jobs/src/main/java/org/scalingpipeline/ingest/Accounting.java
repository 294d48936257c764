package org.scalingpipeline.ingest;

import java.io.Serializable;

/**
 * What happened to the rows of one input: every row read is either accepted or rejected, and empty
 * value cells (a run that logged no value for one metric at one step) are counted separately.
 */
public record Accounting(long read, long accepted, long rejected, long emptyCells, long points)
    implements Serializable {

  public static final Accounting ZERO = new Accounting(0, 0, 0, 0, 0);

  public Accounting {
    if (read != accepted + rejected) {
      throw new IllegalStateException("rows lost: read " + read + " != accepted " + accepted
          + " + rejected " + rejected);
    }
  }

  /** The sum of two accountings. */
  public Accounting plus(Accounting other) {
    return new Accounting(read + other.read, accepted + other.accepted, rejected + other.rejected,
        emptyCells + other.emptyCells, points + other.points);
  }

  /** The line a job prints for a source: {@code read = accepted + rejected (+ empty cells)}. */
  public String line(String label) {
    return String.format("%s: read %,d = accepted %,d + rejected %,d (+ %,d empty cells) -> %,d points",
        label, read, accepted, rejected, emptyCells, points);
  }
}
