package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.RunRecord;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.testing.TestSpark;

/** A sweep of three tiny runs through Spark local mode into a landing folder (about 30 s on 2 idle cores). */
class TrainSweepJobTest {

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    TestRequirements.offlineEngine();
    spark = TestSpark.session();
  }

  @Test
  void threeTinyRunsLandThreeWellFormedLogs(@TempDir Path landing) throws IOException, URISyntaxException {
    Path corpus = TestRequirements.corpus();
    Path sweep = Paths.get(getClass().getResource("/train/tiny-sweep.json").toURI());

    TrainSweepJob.Result result = TrainSweepJob.run(spark, new TrainSweepJob.Options(sweep, corpus, landing));
    System.out.print(TrainSweepJob.table(result));

    assertEquals(3, result.runs().size());
    assertTrue(result.completed() >= 1, TrainSweepJob.table(result));
    LogFormatCheck.assertNoTemporaryFiles(landing);
    for (TrainSweepJob.RunResult run : result.runs()) {
      LogFormatCheck.ParsedLog log = LogFormatCheck.parse(Paths.get(run.logFile()));
      assertEquals(run.runName(), log.run().get("run_name").asText());
      assertEquals("brown", log.run().get("dataset").asText());
      List<Double> valLoss = log.values("val_loss");
      if (run.outcome().status() == RunStatus.COMPLETED) {
        assertEquals(4, valLoss.size(), "evaluated at steps 40, 80, 120 and 160: " + valLoss);
        assertTrue(valLoss.get(valLoss.size() - 1) < valLoss.get(0),
            run.runName() + " validation loss should fall overall: " + valLoss);
        assertEquals(valLoss.get(valLoss.size() - 1), run.outcome().finalValLoss(), 1e-6);
        assertTrue(run.outcome().tokensPerSecond() > 0);
      } else {
        // The divergence guard (data/training.md): the run still lands a well-formed log that says why it stopped.
        assertEquals(RunStatus.DIVERGED, run.outcome().status(), run.outcome().toString());
        assertTrue(run.outcome().reason().contains("NaN"), run.outcome().reason());
        assertEquals("diverged", log.run().get("config").get("status").asText());
      }
    }
  }

  @Test
  void trainedRunsLandAndRefitIntoFits(@TempDir Path landing) throws IOException, URISyntaxException {
    // The loop of the product: train -> landing folder -> refit -> fits of the new runs.
    Path sweep = Paths.get(getClass().getResource("/train/tiny-sweep.json").toURI());
    TrainSweepJob.Result trained = TrainSweepJob.run(spark,
        new TrainSweepJob.Options(sweep, TestRequirements.corpus(), landing));
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.run(spark, RefitLandingJob.Options.of(landing.toString(), warehouse));
    List<Row> fits = spark.sql("SELECT group_key['run_id'], converged, n_points, reason FROM fits_latest"
        + " WHERE fit_name = 'trained-loss-curve' ORDER BY 1").collectAsList();
    List<TrainSweepJob.RunResult> evaluated = new ArrayList<>();
    for (TrainSweepJob.RunResult run : trained.runs()) {
      if (!LogFormatCheck.parse(Paths.get(run.logFile())).values("val_loss").isEmpty()) {
        evaluated.add(run);
      }
    }
    List<String> runIds = evaluated.stream().map(r -> RunRecord.runId("djl-train", r.runName())).sorted().toList();
    assertEquals(runIds, fits.stream().map(r -> r.getString(0)).toList(),
        "one loss-curve fit per trained run that logged a validation loss");
    for (TrainSweepJob.RunResult run : evaluated) {
      Row fit = fits.get(runIds.indexOf(RunRecord.runId("djl-train", run.runName())));
      if (run.outcome().status() == RunStatus.COMPLETED) {
        assertEquals(4, fit.getInt(2), "the fit read the 4 evaluations: " + fit);
      }
      assertTrue(fit.getBoolean(1) || fit.getString(3) != null, "a fit either converged or says why not: " + fit);
    }
  }
}
