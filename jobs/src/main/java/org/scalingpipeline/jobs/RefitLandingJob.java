package org.scalingpipeline.jobs;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.ingest.LogFiles;
import org.scalingpipeline.ingest.PerceiverArManifest;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.refit.RefitHook;
import org.scalingpipeline.refit.RefitFolders;
import org.scalingpipeline.refit.RefitRun;
import org.scalingpipeline.refit.UnitReport;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * The scheduled refit ({@code scaling refit}, or this class under {@code spark-submit}): brings the
 * warehouse up to date with the logs dropped into a landing folder since the last run — each new
 * file ingested exactly once, malformed files quarantined, files modified after ingest reported and
 * replaced, and only the fits of the groups those runs belong to refit under a new
 * {@code fit_version} — then exits, non-zero on failure. One refit per warehouse at a time
 * ({@link WarehouseLock}); see {@code docs/refit.md}.
 */
public final class RefitLandingJob {

  private RefitLandingJob() {}

  /**
   * What to refit.
   *
   * @param landing the landing folder producers drop logs into
   * @param warehouse the warehouse folder
   * @param checkpoint the streaming checkpoint, or null for {@code <warehouse>/_refit/checkpoint}
   * @param quarantine where malformed files go, or null for {@code <landing>/_quarantine}
   * @param plan a fit plan replacing the bundled one, or null
   * @param manifest a Perceiver AR manifest replacing the bundled one, or null
   * @param hook told of each unit's steps ({@link RefitHook#NONE} for a scheduled refit)
   */
  public record Options(String landing, String warehouse, String checkpoint, String quarantine, Path plan,
      Path manifest, RefitHook hook) {

    /** The options of a scheduled refit, without a hook. */
    public Options(String landing, String warehouse, String checkpoint, String quarantine, Path plan, Path manifest) {
      this(landing, warehouse, checkpoint, quarantine, plan, manifest, RefitHook.NONE);
    }

    /** The defaults for a landing folder and a warehouse. */
    public static Options of(String landing, String warehouse) {
      return new Options(landing, warehouse, null, null, null, null);
    }

    /** The same options with another fit plan. */
    public Options withPlan(Path plan) {
      return new Options(landing, warehouse, checkpoint, quarantine, plan, manifest, hook);
    }

    /** The same options with another hook. */
    public Options withHook(RefitHook hook) {
      return new Options(landing, warehouse, checkpoint, quarantine, plan, manifest, hook);
    }
  }

  /** The units the run processed, in order, and its wall time. */
  public record Result(List<UnitReport> units, double seconds) {}

  /** Entry point for {@code spark-submit}: the arguments of {@code scaling refit}. */
  public static void main(String[] args) {
    Launcher.exitWith("refit", args);
  }

  /**
   * Runs the refit; fails (after releasing the lock) when another refit holds the warehouse or a unit
   * fails, and before anything is read or moved when the folders overlap ({@link RefitFolders}).
   */
  public static Result run(SparkSession spark, Options options) {
    long start = System.nanoTime();
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    RefitFolders folders = RefitFolders.of(options.landing(), options.warehouse(), options.checkpoint(),
        options.quarantine(), hadoopConf);
    FitPlan plan = options.plan() == null ? FitPlan.bundled() : FitPlan.fromFile(options.plan());
    LogFiles logFiles = new LogFiles(hadoopConf, options.manifest() == null ? PerceiverArManifest.bundled()
        : PerceiverArManifest.fromFile(options.manifest()));
    try (WarehouseLock lock = WarehouseLock.acquire(folders.warehouse(), "refit")) {
      Warehouse warehouse = Warehouse.open(spark, folders.warehouse());
      List<UnitReport> units = new RefitRun(spark, warehouse, logFiles, plan, folders, options.hook()).run();
      return new Result(units, (System.nanoTime() - start) / 1e9);
    }
  }
}
