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
 * @param maxExpansion the most a compressed file may expand, as a multiple of its compressed size, once it is
 *     past {@link #EXPANSION_FREE_BYTES}: text logs expand 5–20×, a gzip bomb of zeros about 1,000×
 */
public record ReadLimits(int maxLineBytes, long maxDecompressedBytes, int maxExpansion) implements Serializable {

  /** Hadoop configuration key of {@link #maxLineBytes()}. */
  public static final String MAX_LINE_BYTES = "scaling.ingest.max-line-bytes";
  /** Hadoop configuration key of {@link #maxDecompressedBytes()}. */
  public static final String MAX_DECOMPRESSED_BYTES = "scaling.ingest.max-decompressed-bytes";
  /** 16 MiB: a run record with a large config fits; a runaway line does not reach the heap. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;
  /** Hadoop configuration key of {@link #maxExpansion()}. */
  public static final String MAX_EXPANSION = "scaling.ingest.max-expansion";
  /** 64 GiB: far more than any real log. */
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 64L << 30;
  /** 100×: five times what text logs reach. */
  public static final int DEFAULT_MAX_EXPANSION = 100;
  /** A compressed file may always expand to 64 MiB, whatever its ratio. */
  public static final long EXPANSION_FREE_BYTES = 64L << 20;

  public ReadLimits {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException(MAX_LINE_BYTES + " = " + maxLineBytes + ", expected >= 1");
    }
    if (maxDecompressedBytes < 1) {
      throw new IllegalArgumentException(MAX_DECOMPRESSED_BYTES + " = " + maxDecompressedBytes + ", expected >= 1");
    }
    if (maxExpansion < 1) {
      throw new IllegalArgumentException(MAX_EXPANSION + " = " + maxExpansion + ", expected >= 1");
    }
  }

  /** The most bytes a compressed file of {@code compressedBytes} may expand to, and which limit sets it. */
  Cap decompressedCap(long compressedBytes) {
    long byRatio = Math.max(EXPANSION_FREE_BYTES, compressedBytes * maxExpansion);
    return byRatio < maxDecompressedBytes
        ? new Cap(byRatio, byRatio + " bytes (" + maxExpansion + "× the " + compressedBytes + " compressed bytes, at"
            + " least " + EXPANSION_FREE_BYTES + ": " + MAX_EXPANSION + ")")
        : new Cap(maxDecompressedBytes, maxDecompressedBytes + " bytes (" + MAX_DECOMPRESSED_BYTES + ")");
  }

  /** A bound on decompressed bytes and the words that name it. */
  record Cap(long bytes, String limit) {}

  /** The defaults. */
  public static ReadLimits defaults() {
    return new ReadLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_EXPANSION);
  }

  /** The limits a Hadoop configuration sets, the defaults where it sets none. */
  public static ReadLimits from(Configuration conf) {
    long line = conf.getLong(MAX_LINE_BYTES, DEFAULT_MAX_LINE_BYTES);
    if (line > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(MAX_LINE_BYTES + " = " + line + ", expected at most " + (Integer.MAX_VALUE - 8));
    }
    return new ReadLimits((int) line, conf.getLong(MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES),
        conf.getInt(MAX_EXPANSION, DEFAULT_MAX_EXPANSION));
  }
}
