package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.testing.ChildJvm;
import org.scalingpipeline.testing.TestSpark;

/**
 * A log larger than the memory of the job that ingests it: 1,200,000 points (90 MB of JSONL), whose parsed rows
 * alone would take about 600 MB of heap (500 bytes a row), go through an ingest in a JVM of 512 MB (Spark's
 * smallest: it reserves 300 MB and refuses less than 450 MB). The parse is streamed and
 * its rows spill to disk, so the job ends normally with every point stored and the accounting line exact.
 * (A 3 GiB log, in the same way: {@code bin/scaling bench big-log}, BENCHMARKS.md.)
 */
class LargeLogIngestTest {

  private static final int POINTS = 1_200_000;

  @Test
  void aLogLargerThanTheHeapIsIngestedWhole(@TempDir Path dir) throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path log = logs.resolve("big.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(log)) {
      out.write("{\"record\":\"run\",\"run_name\":\"big\",\"source\":\"large\",\"family\":\"dense\","
          + "\"params_dense\":1.2e8,\"tokens_per_step\":524288}\n");
      for (int step = 1; step <= POINTS; step++) {
        out.write(String.format(Locale.ROOT, "{\"record\":\"point\",\"step\":%d,\"metric\":\"val_loss\",\"value\":%.6f}%n",
            step, 2.0 + 8.0 * Math.pow(step, -0.3)));
      }
    }
    assertTrue(Files.size(log) > 80_000_000L, "the log is " + Files.size(log) + " bytes");
    String warehouse = dir.resolve("warehouse").toString();
    Path output = dir.resolve("ingest.log");
    Process ingest = ChildJvm.start("512m", IngestSourcesJob.class,
        List.of("--no-seeds", "--logs", logs.toString(), "--warehouse", warehouse), output);
    assertTrue(ingest.waitFor(15, TimeUnit.MINUTES), "the ingest ended");
    String printed = Files.readString(output);
    assertEquals(0, ingest.exitValue(), printed);
    assertTrue(printed.contains(String.format(Locale.ROOT, "source jsonl: read %,d = accepted %,d + rejected 0"
        + " (+ 0 empty cells) -> %,d points", POINTS + 1, POINTS + 1, POINTS)), printed);

    SparkSession spark = TestSpark.session();
    assertEquals(POINTS, spark.read().format("delta").load(warehouse + "/points").count());
    assertEquals(POINTS, spark.read().format("delta").load(warehouse + "/ingested_files")
        .selectExpr("points").first().getLong(0));
  }
}
