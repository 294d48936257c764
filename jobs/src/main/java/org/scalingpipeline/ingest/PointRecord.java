package org.scalingpipeline.ingest;

import java.io.Serializable;

/**
 * One logged value of a run, before it becomes a row of {@code points}. {@code tokens} and
 * {@code flops} are null where the source does not give them; {@code wallTimeSeconds} is seconds
 * since the epoch, or null.
 */
public record PointRecord(String runId, long step, Double tokens, Double flops, String metric,
    double value, String unit, Double wallTimeSeconds, String sourceFile) implements Serializable {

  /** Unit of a loss in natural-log units per token. */
  public static final String NATS_PER_TOKEN = "nats/token";
  /** Unit of a loss in bits per UTF-8 byte. */
  public static final String BITS_PER_BYTE = "bits/byte";
}
