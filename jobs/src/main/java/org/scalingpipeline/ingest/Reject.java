package org.scalingpipeline.ingest;

import java.io.Serializable;

/**
 * An input row that was not accepted, with a reason naming the value found and what was expected.
 * Line 0 stands for a fault of the whole file (empty, unreadable, unknown name). A rule that many rows break in
 * the same way (a repeated point) keeps one reason text, so that {@code GROUP BY reason} counts it once, and puts
 * the particulars in {@code detail}; otherwise {@code detail} is null.
 */
public record Reject(String sourceFile, long line, String raw, String reason, String detail) implements Serializable {

  private static final int MAX_RAW = 2000;

  public Reject {
    if (raw != null && raw.length() > MAX_RAW) {
      raw = raw.substring(0, MAX_RAW);
    }
  }

  /** A reject whose reason names its particulars itself. */
  public Reject(String sourceFile, long line, String raw, String reason) {
    this(sourceFile, line, raw, reason, null);
  }

  /** A fault of the whole file. */
  public static Reject wholeFile(String sourceFile, String reason) {
    return new Reject(sourceFile, 0, null, reason);
  }
}
