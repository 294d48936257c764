package org.scalingpipeline.ingest;

import java.io.Serializable;

/**
 * One logged value of a run, before it becomes a row of {@code points}. {@code tokens} and
 * {@code flops} are null where the source does not give them; {@code wallTimeSeconds} is seconds
 * since the epoch, or null.
 */
public record PointRecord(String runId, long step, Double tokens, Double flops, String metric,
    double value, String unit, Double wallTimeSeconds, String sourceFile) implements Serializable {

  /** The latest wall time a point may have: 9999-12-31T23:59:59Z, the end of the timestamps SQL stores. */
  public static final double MAX_WALL_TIME_SECONDS = 253402300799.0;

  /** A point's figures are finite and its wall time a time SQL can store; else the row is refused. */
  public PointRecord {
    if (tokens != null && !Double.isFinite(tokens)) {
      throw new Cells.BadCell("tokens", tokens.toString(), "a finite number");
    }
    if (flops != null && !Double.isFinite(flops)) {
      throw new Cells.BadCell("flops", flops.toString(), "a finite number");
    }
    if (wallTimeSeconds != null && !(wallTimeSeconds <= MAX_WALL_TIME_SECONDS)) {
      throw new Cells.BadCell("wall_time", wallTimeSeconds.toString(), "seconds since 1970 up to "
          + (long) MAX_WALL_TIME_SECONDS + " (9999-12-31)");
    }
  }

  /**
   * The unit of a point whose reader took the metric's name and value as the logger wrote them: the metric map
   * ({@link MetricMap}) gives its canonical name and unit when the file is parsed.
   */
  public static final String AS_LOGGED = "as-logged";

  /** Unit of a loss in natural-log units per token. */
  public static final String NATS_PER_TOKEN = "nats/token";
  /** Unit of a loss in bits per UTF-8 byte. */
  public static final String BITS_PER_BYTE = "bits/byte";
}
