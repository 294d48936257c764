package org.scalingpipeline.refit;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.SeedData;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * Latency from one new log file to updated fits, as a scheduler sees it: a refit JVM started from
 * scratch (JVM, Spark and Delta start included) over a landing folder holding one new Perceiver AR
 * log, against warehouses holding 1×, 10× and 100× the seed data (copies of every run under new run
 * ids); an idle refit (nothing new: the fixed cost) is timed first. Prints wall times and the ratios to the 1× baseline
 * measured in the same run.
 *
 * <p>Arguments: {@code [work folder] [scales, e.g. 1,10,100]}; the seed data come from
 * {@code $SCALING_DATA_DIR}.
 */
public final class RefitLatencyBenchmark {

  private RefitLatencyBenchmark() {}

  /** One measured scale. */
  private record Measurement(int scale, long runs, long points, double idleSeconds, double latencySeconds, long groups) {}

  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("refit-benchmark");
    List<Integer> scales = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList()
        : List.of(1, 10, 100);
    SparkSession spark = SparkSessions.getOrCreate("refit-latency-benchmark");
    String seed = work.resolve("seed-warehouse").toString();
    IngestSourcesJob.run(spark, IngestSourcesJob.Options.seeds(SeedData.directory(null), seed));
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
    source.table("published_allocations").write().format("delta").mode("append").save(target.path("published_allocations"));
    source.table("reference_laws").write().format("delta").mode("append").save(target.path("reference_laws"));
    long runs = target.table("runs").count();
    long points = target.table("points").count();
    double idle = timedRefit(dir, landing, warehouse, "nothing new");
    Path log = landing.resolve("run-logs-0.8.0_scaling-1_version_0-tag-val_loss.csv");
    Path temp = landing.resolve(".new.tmp");
    Files.copy(SeedData.directory(null).resolve("perceiver-ar/validation").resolve(log.getFileName()), temp);
    Files.writeString(temp, "1673364000.0,99999,3.25\n", java.nio.file.StandardOpenOption.APPEND);
    Files.move(temp, log, StandardCopyOption.ATOMIC_MOVE);
    double latency = timedRefit(dir, landing, warehouse, "one new file");
    long groups = spark.sql("SELECT groups_refit FROM delta.`" + target.path("refit_log") + "` ORDER BY started_at DESC LIMIT 1")
        .first().getLong(0);
    return new Measurement(scale, runs, points, idle, latency, groups);
  }

  /** Runs one refit JVM and returns its wall time; fails when it fails. */
  private static double timedRefit(Path dir, Path landing, String warehouse, String what) throws IOException,
      InterruptedException {
    Path log = dir.resolve("refit.log");
    long start = System.nanoTime();
    Process refit = RefitProcess.start(RefitProcess.args(landing.toString(), warehouse, null), Map.of(), log);
    if (!refit.waitFor(30, TimeUnit.MINUTES) || refit.exitValue() != 0) {
      throw new IllegalStateException("the refit (" + what + ") failed; see " + log);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static void print(List<Measurement> measurements) {
    Measurement base = measurements.get(0);
    System.out.printf("%-6s %9s %11s %16s %20s %8s %14s%n", "scale", "runs", "points", "idle refit, s",
        "one new file, s", "groups", "vs baseline");
    for (Measurement m : measurements) {
      System.out.printf("%-6s %,9d %,11d %16.1f %20.1f %8d %13.2fx%n", m.scale() + "x", m.runs(), m.points(),
          m.idleSeconds(), m.latencySeconds(), m.groups(), m.latencySeconds() / base.latencySeconds());
    }
  }
}
