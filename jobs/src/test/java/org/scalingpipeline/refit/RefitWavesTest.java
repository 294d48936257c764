package org.scalingpipeline.refit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.testing.TestSpark;

/**
 * Logs dropped in three waves: after each refit the tables and the latest fits equal a from-scratch
 * ingest and fit of every file so far, and groups no wave touched keep the fit_version they had.
 */
class RefitWavesTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void eachRefitEqualsAFromScratchRunAndLeavesOtherGroupsAlone(@TempDir Path dir) {
    Landing landing = new Landing(dir.resolve("landing"));
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.Options options = RefitLandingJob.Options.of(landing.folder().toString(), warehouse)
        .withPlan(Landing.PLAN);

    landing.perceiverExport("scaling-1_version_0");
    landing.perceiverExport("scaling-1_version_1");
    landing.perceiverExport("scaling-2a_version_0");
    landing.jsonlRun("a1", "d1", 1e6, 2.0, 4.0);
    landing.jsonlRun("a2", "d1", 4e6, 1.8, 4.0);
    UnitReport wave1 = refit(options, 5);
    assertEquals(5, wave1.filesNew());
    WarehouseSnapshot after1 = WarehouseSnapshot.of(spark, warehouse);
    after1.assertSameAs(WarehouseSnapshot.fromScratch(spark, landing));

    landing.perceiverExport("scaling-1_version_2");
    landing.perceiverExport("scaling-2a_version_1");
    landing.jsonlRun("b1", "d2", 1e6, 2.2, 3.0);
    landing.jsonlRun("a3", "d1", 1.6e7, 1.6, 4.0);
    refit(options, 4);
    WarehouseSnapshot after2 = WarehouseSnapshot.of(spark, warehouse);
    after2.assertSameAs(WarehouseSnapshot.fromScratch(spark, landing));

    landing.perceiverExport("scaling-2b_version_0");
    landing.perceiverExport("scaling-2b_version_1");
    landing.jsonlRun("c1", "d2", 4e6, 2.0, 3.0);
    UnitReport wave3 = refit(options, 3);
    WarehouseSnapshot after3 = WarehouseSnapshot.of(spark, warehouse);
    after3.assertSameAs(WarehouseSnapshot.fromScratch(spark, landing));

    Map<String, Long> before = after2.versions();
    Map<String, Long> now = after3.versions();
    for (String untouched : List.of("perceiver-ar-isoflop / experiment=scaling-1", "perceiver-ar-isoflop / experiment=scaling-2a",
        "test-loss-vs-params / dataset=d1", "test-loss-curve / run_id=refit-test:a1")) {
      assertEquals(before.get(untouched), now.get(untouched), untouched + " was not affected by wave 3");
    }
    for (String touched : List.of("perceiver-ar-isoflop / experiment=scaling-2b", "test-loss-vs-params / dataset=d2",
        "test-loss-curve / run_id=refit-test:c1")) {
      assertEquals(wave3.fitVersion(), now.get(touched), touched + " was refit by wave 3");
    }
    assertEquals(2 + 1 + 1 + 1, wave3.groupsRefit(), "the 2 curves of 2b, isoflop 2b, curve c1, data set d2");
    assertTrue(now.keySet().stream().noneMatch(k -> k.startsWith("chinchilla")), "published-table entries are not refit");

    RefitLandingJob.Result idle = RefitLandingJob.run(spark, options);
    assertEquals(List.of(), idle.units(), "nothing new: no unit");
    assertEquals(now, WarehouseSnapshot.of(spark, warehouse).versions());
  }

  private UnitReport refit(RefitLandingJob.Options options, int files) {
    RefitLandingJob.Result result = RefitLandingJob.run(spark, options);
    assertEquals(1, result.units().size(), result.units().toString());
    UnitReport unit = result.units().get(0);
    assertEquals(files, unit.filesSeen(), unit.line());
    assertEquals(RefitLog.FINISHED, unit.status());
    return unit;
  }
}
