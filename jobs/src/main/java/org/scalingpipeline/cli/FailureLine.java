package org.scalingpipeline.cli;

import org.apache.spark.SparkException;

/**
 * A failure as the one line the CLI prints. A failed Spark job arrives wrapped ("Job aborted due to stage
 * failure", "[TASK_WRITE_FAILED] Task failed while writing rows to …") around the error that caused it;
 * the line gives that root cause (a SQL function's message naming the value found, or "No space left on
 * device"), followed by the innermost Spark error in brackets when it says where (the file being written).
 */
final class FailureLine {

  private FailureLine() {}

  static String of(Throwable e) {
    Throwable root = e;
    SparkException innermostSpark = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkException spark) {
        innermostSpark = spark;
      }
      root = t;
    }
    if (innermostSpark == null) {
      return firstLine(e);
    }
    String cause = firstLine(root);
    String where = firstLine(innermostSpark);
    return root == innermostSpark || where.startsWith("Job aborted") ? cause : cause + " (" + where + ")";
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
