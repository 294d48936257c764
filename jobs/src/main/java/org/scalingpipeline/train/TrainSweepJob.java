package org.scalingpipeline.train;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.launch.Launcher;

/**
 * Trains a {@link SweepPlan} of small decoder language models with DJL, one Spark task per run, and
 * lands one JSONL log per run in the landing folder for {@code scaling refit} to ingest.
 *
 * <p>Runs are spread over one partition each, so Spark schedules them with its resource model: with
 * {@code spark.executor.resource.gpu.amount}, {@code spark.task.resource.gpu.amount=1} and a GPU
 * discovery script, each task trains on the GPU it was assigned ({@link DeviceAssignment}); without
 * them, on CPU. The corpus and the landing folder must be visible to every executor at the same path
 * (a local folder in local mode, a shared file system on a cluster). See {@code data/training.md}.
 */
public final class TrainSweepJob {

  private TrainSweepJob() {}

  /**
   * What to train.
   *
   * @param sweep sweep file ({@code data/sweeps/*.json})
   * @param corpus text file or folder to train and validate on
   * @param landing folder the logs land in
   */
  public record Options(Path sweep, Path corpus, Path landing) {}

  /**
   * What one run did.
   *
   * @param runName the run's name (its log is {@code <runName>.jsonl})
   * @param device DJL device it trained on, e.g. {@code cpu()} or {@code gpu(1)}
   * @param outcome status, reason, final validation loss, tokens/s
   * @param logFile the landed log
   */
  public record RunResult(String runName, String device, TrainingOutcome outcome, String logFile)
      implements Serializable {}

  /**
   * What the sweep did.
   *
   * @param sweep the sweep's name
   * @param runs one result per run, in sweep order
   */
  public record Result(String sweep, List<RunResult> runs) {

    /** Runs that trained for all their steps. */
    public long completed() {
      return runs.stream().filter(r -> r.outcome().status() == RunStatus.COMPLETED).count();
    }
  }

  /** Entry point for {@code spark-submit}: the arguments of {@code scaling train}. */
  public static void main(String[] args) {
    Launcher.exitWith("train", args);
  }

  /** Trains every run of the sweep, one Spark task each, and returns how each went. */
  public static Result run(SparkSession spark, Options options) {
    SweepPlan plan = SweepPlan.read(options.sweep());
    Path landing = options.landing().toAbsolutePath();
    Path corpus = options.corpus().toAbsolutePath();
    if (!Files.exists(corpus)) {
      throw new IllegalArgumentException("corpus not found: " + corpus
          + "; pass --corpus PATH or run bin/fetch-corpus");
    }
    for (RunSpec run : plan.runs()) {
      if (Files.exists(JsonlRunLog.landedPath(landing, run.runName()))) {
        throw new IllegalStateException("run " + run.runName() + " has already landed in " + landing
            + "; landed logs are immutable, so rename the sweep (its name prefixes every run)");
      }
    }
    List<RunResult> runs = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(plan.runs(), plan.runs().size())
        .map(new TrainRunTask(corpus, landing))
        .collect();
    return new Result(plan.name(), runs);
  }

  /** A plain-text table of the results, one line per run. */
  public static String table(Result result) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-48s %-9s %-10s %7s %10s %10s%n",
        "run", "status", "device", "steps", "val_loss", "tokens/s"));
    for (RunResult r : result.runs()) {
      TrainingOutcome o = r.outcome();
      out.append(String.format(Locale.ROOT, "%-48s %-9s %-10s %7d %10.4f %10.0f%n", r.runName(),
          o.status().label(), r.device(), o.stepsDone(), o.finalValLoss(), o.tokensPerSecond()));
      if (o.reason() != null) {
        out.append("    ").append(o.reason()).append('\n');
      }
    }
    return out.toString();
  }
}
