package org.scalingpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The one line of a failure: the cause a user can act on, not Spark's wrappers (hostile-input review, messages). */
class FailureLineTest {

  @Test
  void aFullDiskSaysSoAndWhereItWasWriting() {
    IOException disk = new IOException("No space left on device");
    RuntimeException close = new RuntimeException("Unable to close resource", new UncheckedIOException(
        "java.io.IOException: No space left on device", disk));
    SparkException write = new SparkException("[TASK_WRITE_FAILED] Task failed while writing rows to"
        + " file:/data/warehouse/points. SQLSTATE: 58030", close);
    SparkException job = new SparkException("Job aborted due to stage failure: Task 0 in stage 8.0 failed 1 times,"
        + " most recent failure: ...\nDriver stacktrace:", write);
    assertEquals("No space left on device ([TASK_WRITE_FAILED] Task failed while writing rows to"
        + " file:/data/warehouse/points. SQLSTATE: 58030)", FailureLine.of(job));
  }

  @Test
  void aTasksOwnErrorIsShownWithoutTheJobAbortedWrapper() {
    SparkException job = new SparkException("Job aborted due to stage failure: ...\nDriver stacktrace:",
        new IllegalArgumentException("n_opt: the law 'routed' has no compute-optimal size"));
    assertEquals("n_opt: the law 'routed' has no compute-optimal size", FailureLine.of(job));
  }

  @Test
  void anyOtherFailureIsItsFirstLine() {
    assertEquals("cannot open the warehouse at /x: denied",
        FailureLine.of(new IllegalStateException("cannot open the warehouse at /x: denied\n  more detail")));
  }
}
