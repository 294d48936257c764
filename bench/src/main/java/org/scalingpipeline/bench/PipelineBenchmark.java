package org.scalingpipeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.jobs.Pipeline;
import org.scalingpipeline.jobs.SparkSessions;

/**
 * Wall time of the bundled pipeline on the seed data, split by stage: Spark start, ingest, the
 * default fit plan (with 100 starts per routed-law fit), and the allocations. Each stage is also
 * given as a ratio to the Spark start measured in the same run, so figures from machines of
 * different speed compare.
 */
public final class PipelineBenchmark {

  private PipelineBenchmark() {}

  /** One stage's wall time. */
  public record Stage(String name, double seconds) {}

  /** Runs the pipeline once into a fresh warehouse and returns the stage times. */
  public static List<Stage> run(Path dataDir, List<Double> budgets) throws java.io.IOException {
    List<Stage> stages = new ArrayList<>();
    SparkSession spark = time(stages, "spark start", () -> {
      SparkSession s = SparkSessions.getOrCreate("scaling bench pipeline");
      s.sql("SELECT 1").collect();
      return s;
    });
    String warehouse = Files.createTempDirectory("bench-warehouse").toString();
    Pipeline.run(spark, Pipeline.Options.seeds(dataDir, warehouse).withBudgets(budgets), new Pipeline.Stages() {
      @Override
      public <T> T run(String name, Supplier<T> stage) {
        return time(stages, name, stage);
      }
    });
    return stages;
  }

  /** The table the bench prints. */
  public static String table(List<Stage> stages) {
    double baseline = stages.get(0).seconds();
    double total = stages.stream().mapToDouble(Stage::seconds).sum();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-12s %9s %8s %12s%n", "stage", "seconds",
        "share", "x spark start"));
    for (Stage s : stages) {
      out.append(String.format(Locale.ROOT, "%-12s %9.1f %7.0f%% %12.1f%n", s.name(), s.seconds(),
          100 * s.seconds() / total, s.seconds() / baseline));
    }
    out.append(String.format(Locale.ROOT, "%-12s %9.1f %7.0f%% %12.1f%n", "total", total, 100.0, total / baseline));
    return out.toString();
  }

  private static <T> T time(List<Stage> stages, String name, Supplier<T> work) {
    long start = System.nanoTime();
    T result = work.get();
    stages.add(new Stage(name, (System.nanoTime() - start) / 1e9));
    return result;
  }
}
