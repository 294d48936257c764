package org.scalingpipeline.refit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.ingest.LogFiles;
import org.scalingpipeline.ingest.LogIngestion;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The units of one refit run, in order: sweeps a crash interrupted, then the landing stream's
 * batches (Spark replays an interrupted batch first), then a {@link LandingSweep} of the files the
 * stream does not deliver (modified since they were ingested, or empty). The caller holds the
 * {@link org.scalingpipeline.warehouse.WarehouseLock}.
 */
public final class RefitRun {

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LogFiles logFiles;
  private final RefitFolders folders;
  private final RefitLog log;
  private final LandingRefit refit;

  public RefitRun(SparkSession spark, Warehouse warehouse, LogFiles logFiles, FitPlan plan, RefitFolders folders,
      RefitHook hook) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.logFiles = logFiles;
    this.folders = folders;
    this.log = new RefitLog(spark, warehouse, folders.checkpoint());
    this.refit = new LandingRefit(spark, warehouse, new LogIngestion(spark, warehouse, logFiles), plan, log,
        new Quarantine(warehouse, spark.sparkContext().hadoopConfiguration(), folders.quarantine(), folders.landing()),
        hook);
  }

  /** Processes everything the landing folder holds now; returns the units' reports. */
  public List<UnitReport> run() {
    String landing = folders.landing();
    List<UnitReport> units = new ArrayList<>();
    for (UnitReport interrupted : log.unfinishedSweeps()) {
      units.add(refit.run(interrupted.unit(), null, interrupted.files()));
    }
    logFiles.readsFrom(landing);
    units.addAll(LandingStream.run(spark, landing, folders.checkpoint(), logFiles, refit));
    LandingSweep.Sweep sweep = LandingSweep.find(warehouse, logFiles, spark.sparkContext().hadoopConfiguration(),
        landing);
    if (sweep != null) {
      units.add(refit.run(sweep.unit(), null, sweep.files()));
    }
    return units;
  }
}
