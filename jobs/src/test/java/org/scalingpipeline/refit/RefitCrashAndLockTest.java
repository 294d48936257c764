package org.scalingpipeline.refit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.cli.ScalingCli;
import org.scalingpipeline.jobs.FitPlanJob;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * A refit JVM paused inside its batch (after the ingest, before the fits) holds the warehouse lock:
 * a second refit fails clearly and changes nothing. Killed with SIGKILL there, the next refit takes
 * over the dead process's lock, replays the batch, and ends with exactly the tables of a clean run:
 * same rows, no duplicates, the same fit_version, and a refit_log row counting what the batch did
 * (its files new, the malformed one quarantined, their rows), as the clean run's does.
 */
class RefitCrashAndLockTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void aKilledRefitIsReplayedToTheTablesOfACleanRunAndALiveOneLocksOthersOut(@TempDir Path dir) throws Exception {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.perceiverExport("scaling-1_version_0");
    landing.perceiverExport("scaling-1_version_1");
    landing.jsonlRun("a1", "d1", 1e6, 2.0, 4.0);
    landing.jsonlRun("a2", "d1", 4e6, 1.8, 4.0);
    landing.land("bad.jsonl", "this is not JSON\n");
    Path copy = copy(landing.folder(), dir.resolve("landing-copy"));
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.Options options = RefitLandingJob.Options.of(landing.folder().toString(), warehouse)
        .withPlan(Landing.PLAN);
    Path marker = dir.resolve("paused");
    Path childLog = dir.resolve("child.log");

    Process child = PausedRefit.start(landing.folder().toString(), warehouse, Landing.PLAN, marker, childLog);
    long pointsVersion;
    try {
      awaitMarker(marker, child, childLog);
      pointsVersion = Warehouse.open(spark, warehouse).version("points");
      IllegalStateException lost = assertThrows(IllegalStateException.class, () -> RefitLandingJob.run(spark, options));
      assertTrue(lost.getMessage().contains("another job holds the warehouse lock"), lost.getMessage());
      IllegalStateException fit = assertThrows(IllegalStateException.class,
          () -> FitPlanJob.run(spark, FitPlanJob.Options.defaults(warehouse)));
      assertTrue(fit.getMessage().contains("this fit did nothing"), "a fit is locked out too: " + fit.getMessage());
      assertEquals(1, ScalingCli.run("refit", "--landing", landing.folder().toString(), "--warehouse", warehouse,
          "--plan", Landing.PLAN.toString()), "the loser exits non-zero");
      assertEquals(0, spark.sql("SELECT count(*) FROM fits").first().getLong(0), "paused before its fits");
    } finally {
      child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    }
    assertEquals(pointsVersion, Warehouse.open(spark, warehouse).version("points"), "the loser wrote nothing");

    RefitLandingJob.Result rerun = RefitLandingJob.run(spark, options);
    assertEquals(List.of("batch-0"), rerun.units().stream().map(UnitReport::unit).toList(), "the batch is replayed");
    assertEquals(1, rerun.units().get(0).fitVersion(), "the replay keeps the batch's fit_version");

    String clean = TestSpark.newWarehouse();
    RefitLandingJob.run(spark, RefitLandingJob.Options.of(copy.toString(), clean).withPlan(Landing.PLAN));
    Row cleanLog = logRow(clean);
    WarehouseSnapshot expected = WarehouseSnapshot.of(spark, clean);
    WarehouseSnapshot recovered = WarehouseSnapshot.of(spark, warehouse);
    recovered.assertSameAs(expected);
    assertEquals(expected.versions(), recovered.versions());
    List<Row> log = spark.sql("SELECT unit, status, fit_version FROM refit_log").collectAsList();
    assertEquals(1, log.size(), log.toString());
    assertEquals(RefitLog.FINISHED, log.get(0).getString(1));
    Row recoveredLog = logRow(warehouse);
    assertEquals(cleanLog, recoveredLog, "the replayed unit's refit_log row says what a clean run's says");
    assertEquals(5L, recoveredLog.getLong(0), "files seen, new, unchanged, modified, quarantined: " + recoveredLog);
    assertEquals(5L, recoveredLog.getLong(1), recoveredLog.toString());
    assertEquals(1L, recoveredLog.getLong(4), recoveredLog.toString());
    assertTrue(recoveredLog.getLong(5) > 0, "rows accepted: " + recoveredLog);
    assertEquals(0, spark.sql("SELECT count(*) FROM (SELECT source_file FROM ingested_files GROUP BY 1 HAVING count(*) > 1)")
        .first().getLong(0), "no duplicate file identities");
    assertFalse(Files.exists(Path.of(warehouse, WarehouseLock.FILE_NAME)), "the lock is released");
  }

  /** The counts of a warehouse's one refit_log row (their paths and times differ from run to run). */
  private Row logRow(String warehouse) {
    return Warehouse.open(spark, warehouse).table("refit_log").select("files_seen", "files_new", "files_unchanged",
        "files_modified", "files_quarantined", "rows_accepted", "rows_rejected", "groups_refit").first();
  }

  /** A copy of the landing folder as it is before any refit, for the clean run. */
  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    }
    return to;
  }

  private static void awaitMarker(Path marker, Process child, Path childLog) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!Files.exists(marker)) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("the refit JVM did not pause (exit " + (child.isAlive() ? "none" : child.exitValue())
            + "):\n" + Files.readString(childLog));
      }
      Thread.sleep(200);
    }
  }
}
