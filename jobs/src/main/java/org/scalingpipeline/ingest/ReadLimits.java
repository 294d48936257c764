package org.scalingpipeline.ingest;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The bounds every log reader keeps, so that one hostile or broken file (a gzip bomb, a sparse file, a
 * line with no end) costs a reject, not the memory of the job ({@code data/log-format.md}, "Limits"). Set
 * them in the Hadoop configuration (with Spark: {@code spark.hadoop.scaling.ingest.max-line-bytes}, …).
 *
 * @param maxLineBytes the longest line (or CSV record) a reader holds, in bytes; a longer one is rejected
 *     and skipped, a longer first line rejects the file
 * @param maxDecompressedBytes the most bytes one compressed file may expand to; past it the file's remaining
 *     rows are rejected with the limit in the reason
 */
public record ReadLimits(int maxLineBytes, long maxDecompressedBytes) implements Serializable {

  /** Hadoop configuration key of {@link #maxLineBytes()}. */
  public static final String MAX_LINE_BYTES = "scaling.ingest.max-line-bytes";
  /** Hadoop configuration key of {@link #maxDecompressedBytes()}. */
  public static final String MAX_DECOMPRESSED_BYTES = "scaling.ingest.max-decompressed-bytes";
  /** 16 MiB: a run record with a large config fits; a runaway line does not reach the heap. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;
  /** 64 GiB: far more than any real log, far less than a gzip bomb's expansion. */
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 64L << 30;

  public ReadLimits {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException(MAX_LINE_BYTES + " = " + maxLineBytes + ", expected >= 1");
    }
    if (maxDecompressedBytes < 1) {
      throw new IllegalArgumentException(MAX_DECOMPRESSED_BYTES + " = " + maxDecompressedBytes + ", expected >= 1");
    }
  }

  /** The defaults. */
  public static ReadLimits defaults() {
    return new ReadLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES);
  }

  /** The limits a Hadoop configuration sets, the defaults where it sets none. */
  public static ReadLimits from(Configuration conf) {
    long line = conf.getLong(MAX_LINE_BYTES, DEFAULT_MAX_LINE_BYTES);
    if (line > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(MAX_LINE_BYTES + " = " + line + ", expected at most " + (Integer.MAX_VALUE - 8));
    }
    return new ReadLimits((int) line, conf.getLong(MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES));
  }
}
