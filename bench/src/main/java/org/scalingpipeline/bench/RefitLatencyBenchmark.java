package org.scalingpipeline.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.SeedData;
import org.scalingpipeline.jobs.Pipeline;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * Latency from one new log file to updated fits, as a scheduler sees it: a refit JVM started from
 * scratch (JVM, Spark and Delta start included) over a landing folder holding one new Perceiver AR
 * log, against warehouses holding 1×, 10× and 100× the seed data (copies of every run under new run
 * ids) and the fits of the bundled plan over the seed data, as a warehouse has after {@code scaling
 * pipeline}; an idle refit (nothing new: the fixed cost) is timed first, then three refits of one new
 * file each (a re-export of a different run's curve with one more point: its old points get a new
 * source file, the new one is inserted). The first refit after the bulk load is the first MERGE into
 * those tables; the median of the three is the figure. Prints wall times and the ratios of the
 * medians to the 1× baseline measured in the same run.
 *
 * <p>Arguments: {@code [work folder] [scales, e.g. 1,10,100]}; the seed data come from
 * {@code $SCALING_DATA_DIR}.
 */
public final class RefitLatencyBenchmark {

  /** The system property {@code bin/scaling} sets to its own path. */
  private static final String LAUNCHER = "scaling.launcher";

  private RefitLatencyBenchmark() {}

  /** The runs whose re-exported curves land, one per round. */
  private static final List<String> ROUND_RUNS = List.of("scaling-1_version_0", "scaling-2a_version_0", "scaling-2b_version_0");

  /** One measured scale: the idle refit's time and each round's, and the groups each round refit. */
  private record Measurement(int scale, long runs, long points, double idleSeconds, List<Double> latencySeconds,
      List<Long> groups) {

    double median() {
      return latencySeconds.stream().sorted().toList().get(latencySeconds.size() / 2);
    }
  }

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("refit-benchmark");
    List<Integer> scales = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList()
        : List.of(1, 10, 100);
    SparkSession spark = SparkSessions.getOrCreate("refit-latency-benchmark");
    String seed = work.resolve("seed-warehouse").toString();
    Pipeline.run(spark, Pipeline.Options.seeds(SeedData.directory(null), seed));
    List<Measurement> measurements = new ArrayList<>();
    for (int scale : scales) {
      measurements.add(measure(spark, work.resolve("x" + scale), seed, scale));
    }
    print(measurements);
    spark.stop();
  }

  private static Measurement measure(SparkSession spark, Path dir, String seed, int scale) throws Exception {
    String warehouse = dir.resolve("warehouse").toString();
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Warehouse target = Warehouse.open(spark, warehouse);
    Warehouse source = Warehouse.open(spark, seed);
    for (String table : List.of("runs", "points")) {
      source.table(table).crossJoin(spark.range(scale).withColumnRenamed("id", "copy"))
          .withColumn("run_id", when(col("copy").equalTo(0), col("run_id"))
              .otherwise(concat(col("run_id"), lit("#copy-"), col("copy").cast("string"))))
          .drop("copy").write().format("delta").mode("append").save(target.path(table));
    }
    for (String table : List.of("published_allocations", "reference_laws", "fits")) {
      source.table(table).write().format("delta").mode("append").save(target.path(table));
    }
    long runs = target.table("runs").count();
    long points = target.table("points").count();
    double idle = timedRefit(dir, landing, warehouse, "nothing new");
    List<Double> latencies = new ArrayList<>();
    List<Long> groups = new ArrayList<>();
    for (int round = 0; round < ROUND_RUNS.size(); round++) {
      String name = "run-logs-0.8.0_" + ROUND_RUNS.get(round) + "-tag-val_loss.csv";
      Path folder = Files.createDirectories(landing.resolve("round-" + (round + 1)));
      Path temp = folder.resolve(".new.tmp");
      Files.copy(SeedData.directory(null).resolve("perceiver-ar/validation").resolve(name), temp);
      Files.writeString(temp, "1673364000.0,99999,3.25\n", java.nio.file.StandardOpenOption.APPEND);
      Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      latencies.add(timedRefit(dir, landing, warehouse, "one new file, round " + (round + 1)));
      groups.add(target.table("refit_log").orderBy(col("started_at").desc()).select("groups_refit").first().getLong(0));
    }
    return new Measurement(scale, runs, points, idle, latencies, groups);
  }

  /**
   * Runs one refit JVM the way a scheduler starts it, {@code bin/scaling refit} (the launcher this JVM
   * runs under, so the JVM start and the launcher's refit flags belong to what is measured), and
   * returns its wall time; fails when it fails.
   */
  private static double timedRefit(Path dir, Path landing, String warehouse, String what) throws IOException,
      InterruptedException {
    String launcher = System.getProperty(LAUNCHER);
    if (launcher == null) {
      throw new IllegalStateException("the refit benchmark times bin/scaling refit: run it as bin/scaling bench refit"
          + " (the system property " + LAUNCHER + " is not set)");
    }
    Path log = dir.resolve("refit.log");
    long start = System.nanoTime();
    Process refit = new ProcessBuilder(launcher, "refit", "--landing", landing.toString(), "--warehouse", warehouse)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!refit.waitFor(30, TimeUnit.MINUTES) || refit.exitValue() != 0) {
      throw new IllegalStateException("the refit (" + what + ") failed; see " + log);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void print(List<Measurement> measurements) {
    Measurement base = measurements.get(0);
    System.out.printf("%-6s %9s %11s %15s %23s %15s %12s %12s%n", "scale", "runs", "points", "idle refit, s",
        "one new file, rounds, s", "median, s", "groups", "vs baseline");
    for (Measurement m : measurements) {
      String rounds = m.latencySeconds().stream().map(t -> String.format(java.util.Locale.ROOT, "%.1f", t))
          .collect(java.util.stream.Collectors.joining(" / "));
      System.out.printf("%-6s %,9d %,11d %15.1f %23s %15.1f %12s %11.2fx%n", m.scale() + "x", m.runs(), m.points(),
          m.idleSeconds(), rounds, m.median(), m.groups().stream().map(String::valueOf)
              .collect(java.util.stream.Collectors.joining("/")), m.median() / base.median());
    }
  }
}
