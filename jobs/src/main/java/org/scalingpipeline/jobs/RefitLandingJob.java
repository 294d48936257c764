package org.scalingpipeline.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.ingest.LogFiles;
import org.scalingpipeline.ingest.PerceiverArManifest;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.refit.RefitHook;
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

  /** Runs the refit; fails (after releasing the lock) when another refit holds the warehouse or a unit fails. */
  public static Result run(SparkSession spark, Options options) {
    long start = System.nanoTime();
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    String landing = qualified(options.landing(), hadoopConf, true);
    String root = qualified(options.warehouse(), hadoopConf, false);
    String checkpoint = options.checkpoint() == null ? root + "/_refit/checkpoint"
        : qualified(options.checkpoint(), hadoopConf, false);
    String quarantine = options.quarantine() == null ? landing + "/_quarantine"
        : qualified(options.quarantine(), hadoopConf, false);
    FitPlan plan = options.plan() == null ? FitPlan.bundled() : FitPlan.fromFile(options.plan());
    LogFiles logFiles = new LogFiles(hadoopConf, options.manifest() == null ? PerceiverArManifest.bundled()
        : PerceiverArManifest.fromFile(options.manifest()));
    try (WarehouseLock lock = WarehouseLock.acquire(root, "refit")) {
      Warehouse warehouse = Warehouse.open(spark, root);
      List<UnitReport> units = new RefitRun(spark, warehouse, logFiles, plan, checkpoint, quarantine,
          options.hook()).run(landing);
      return new Result(units, (System.nanoTime() - start) / 1e9);
    }
  }

  /** A location made absolute; {@code mustExist}: it must be an existing folder (the landing folder). */
  private static String qualified(String location, Configuration hadoopConf, boolean mustExist) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try {
      org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(hadoopConf);
      if (mustExist && !fs.getFileStatus(path).isDirectory()) {
        throw new IllegalArgumentException(location + " is not a folder");
      }
      return fs.makeQualified(path).toString();
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("the folder " + location + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + location + ": " + e.getMessage(), e);
    }
  }
}
