package org.scalingpipeline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.cli.SummaryTable;
import org.scalingpipeline.ingest.SeedData;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.serve.Binding;
import org.scalingpipeline.serve.ConnectEndpoint;

/**
 * A query through a warm {@code scaling serve} against a one-shot {@code bin/scaling sql} (issue 16, Spark Connect
 * endpoint: goal at most 3 s for {@code SELECT count(*) FROM points}). The seed sources are ingested into a
 * warehouse of the work folder; this JVM serves it on a free loopback port; then {@code bin/scaling sql} runs the
 * query once on its own Spark and {@code rounds} times with {@code --remote}, each a process of its own as a user
 * runs it (the remote time includes the client JVM's start). Prints each time, the medians and their ratio.
 */
final class SqlRemoteBenchmark {

  /** The query timed. */
  static final String QUERY = "SELECT count(*) FROM points";

  /** The system property {@code bin/scaling} sets to its own path. */
  private static final String LAUNCHER = "scaling.launcher";

  private SqlRemoteBenchmark() {}

  static void run(Path dir, int rounds) throws IOException, InterruptedException {
    String launcher = System.getProperty(LAUNCHER);
    if (launcher == null) {
      throw new IllegalStateException("run it through bin/scaling bench sql-remote (needs -D" + LAUNCHER + ")");
    }
    String warehouse = dir.resolve("warehouse").toString();
    SparkSession spark = SparkSessions.getOrCreate("scaling bench sql-remote");
    IngestSourcesJob.run(spark, IngestSourcesJob.Options.seeds(SeedData.directory(null), warehouse));
    SummaryTable table = new SummaryTable("how", "round", "seconds", "answer");
    double oneShot = time(table, "one-shot sql", 1, List.of(launcher, "sql", "--warehouse", warehouse, "--format", "csv",
        QUERY), dir);
    List<Double> remote = new ArrayList<>();
    try (ConnectEndpoint endpoint = ConnectEndpoint.start(spark, warehouse,
        new Binding(Binding.LOOPBACK, 0, false, Optional.empty()))) {
      for (int round = 1; round <= rounds; round++) {
        remote.add(time(table, "sql --remote (warm serve)", round, List.of(launcher, "sql", "--remote", endpoint.url(),
            "--format", "csv", QUERY), dir));
      }
    }
    double median = remote.stream().sorted().toList().get(remote.size() / 2);
    table.row("one-shot / remote median", "", String.format(Locale.ROOT, "%.1fx", oneShot / median), "");
    table.row("remote median", "", String.format(Locale.ROOT, "%.2f", median), median <= 3 ? "goal <= 3 s met" : "goal <= 3 s missed");
    table.print();
  }

  private static double time(SummaryTable table, String how, int round, List<String> command, Path dir)
      throws IOException, InterruptedException {
    Path out = dir.resolve("sql-" + System.nanoTime() + ".out");
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int status = process.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> lines = java.nio.file.Files.readAllLines(out);
    if (status != 0 || lines.size() < 2) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + status + "): " + lines);
    }
    table.row(how, round, String.format(Locale.ROOT, "%.2f", seconds), lines.get(1));
    return seconds;
  }
}
