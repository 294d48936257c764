package org.scalingpipeline.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/** Generated logs go through the real ingest cleanly: every run and every point (spikes too) lands. */
class SyntheticLogsIngestTest {

  @Test
  void generatedLogsIngestWithoutRejects(@TempDir Path logs) {
    SyntheticCurves curves = new SyntheticCurves(new SyntheticCurves.Spec(12, 40, 21, 0.01, 0.02, 0,
        GeneratingLaw.CHINCHILLA, SyntheticCurves.DATASET));
    SyntheticLogs.Written written = SyntheticLogs.write(curves, logs);
    String warehouse = TestSpark.newWarehouse();
    SparkSession spark = TestSpark.session();

    IngestSourcesJob.Result result = IngestSourcesJob.run(spark,
        new IngestSourcesJob.Options(TestData.seedDir(), warehouse, false, List.of(logs.toString()), null));

    Warehouse wh = Warehouse.open(spark, warehouse);
    assertEquals(12 * 40, written.points());
    assertEquals(12 * 40, result.source("jsonl").points(), "accounting: every point accepted");
    assertEquals(12 * 40, wh.table("points").count(), "outliers are points too");
    assertEquals(12, wh.table("runs").count());
    assertEquals(0, wh.table("rejects").count());
    SyntheticRun run = curves.run(3);
    Row last = wh.table("points").where("run_id = '" + run.runId() + "' AND step = " + run.maxStep())
        .select("tokens", "flops").first();
    assertEquals((double) run.maxStep() * run.tokensPerStep(), last.getDouble(0), "tokens derived from tokens_per_step");
    assertEquals(run.maxStep() * run.flopsPerStep(), last.getDouble(1), 1e-6 * last.getDouble(1));
  }
}
