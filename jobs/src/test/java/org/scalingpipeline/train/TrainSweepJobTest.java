package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.ingest.RunRecord;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.report.ChartFiles;
import org.scalingpipeline.report.CheckpointAverageView;
import org.scalingpipeline.testing.TestSpark;

/**
 * A sweep of three tiny runs through Spark local mode into a landing folder, trained once on the
 * {@link MarkovCorpus} (entropy rate ln 2 nats per byte), then refit from the landing folder (about 40 s
 * on 2 idle cores).
 */
class TrainSweepJobTest {

  /** ln of the byte vocabulary: the loss of the initial, nearly uniform model (data/training.md). */
  private static final double UNIFORM_LOSS = Math.log(ByteVocabulary.SIZE);
  /**
   * How far below the entropy rate a validation loss of the 512 held-out tokens (2 batches of 8 x 32) may
   * fall by chance: a model that splits a letter's two successors 60:40 instead of 50:50 scores
   * ln 2 + 0.02 with a standard error of 0.009 on that many tokens.
   */
  private static final double SAMPLING_TOLERANCE = 0.05;

  @TempDir
  static Path landing;

  private static SparkSession spark;
  private static TrainSweepJob.Result result;

  @BeforeAll
  static void trainTheSweep(@TempDir Path corpusFolder) throws IOException, URISyntaxException {
    TestRequirements.offlineEngine();
    spark = TestSpark.session();
    Path sweep = Paths.get(TrainSweepJobTest.class.getResource("/train/tiny-sweep.json").toURI());
    Path corpus = MarkovCorpus.write(corpusFolder);
    result = TrainSweepJob.run(spark, new TrainSweepJob.Options(sweep, corpus, landing));
    System.out.print(TrainSweepJob.table(result));
  }

  @Test
  void threeTinyRunsLandThreeWellFormedLogs() throws IOException {
    assertEquals(3, result.runs().size());
    assertEquals(3, result.completed(), TrainSweepJob.table(result));
    LogFormatCheck.assertNoTemporaryFiles(landing);
    for (TrainSweepJob.RunResult run : result.runs()) {
      LogFormatCheck.ParsedLog log = LogFormatCheck.parse(Paths.get(run.logFile()));
      assertEquals(run.runName(), log.run().get("run_name").asText());
      assertEquals("markov", log.run().get("dataset").asText());
      assertEquals("completed", log.run().get("config").get("status").asText());
      List<Double> valLoss = log.values("val_loss");
      assertEquals(4, valLoss.size(), "evaluated at steps 40, 80, 120 and 160: " + valLoss);
      assertEquals(valLoss.get(3), run.outcome().finalValLoss(), 1e-6);
      assertEquals("136,144,152,160", log.run().get("config").get("checkpoint_average_steps").asText(),
          "4 snapshots over the last 20 % of 160 steps");
      List<JsonNode> averaged = log.points().stream()
          .filter(p -> p.get("metric").asText().equals(LanguageModelTraining.AVERAGED_METRIC)).toList();
      assertEquals(1, averaged.size(), "one averaged evaluation, at the end: " + averaged);
      assertEquals(160, averaged.get(0).get("step").asLong(), "at the last step, beside the last val_loss");
      assertEquals("nats/token", averaged.get(0).get("unit").asText(), "in the units of val_loss");
      assertTrue(averaged.get(0).get("value").asDouble() > MarkovCorpus.ENTROPY_RATE - SAMPLING_TOLERANCE
          && averaged.get(0).get("value").asDouble() < MarkovCorpus.UNIGRAM_ENTROPY,
          "the averaged model is a trained model too, between ln 2 and ln 8: " + averaged);
      assertTrue(run.outcome().tokensPerSecond() > 0, run.outcome().toString());
    }
  }

  @Test
  void theValidationLossFallsTowardTheEntropyRateOfTheCorpusAndNotBelowIt() throws IOException {
    for (TrainSweepJob.RunResult run : result.runs()) {
      List<Double> valLoss = LogFormatCheck.parse(Paths.get(run.logFile())).values("val_loss");
      String curve = run.runName() + " validation loss at steps 40..160 " + valLoss + ", entropy rate "
          + MarkovCorpus.ENTROPY_RATE;
      assertTrue(valLoss.get(0) < UNIFORM_LOSS, "below ln 259 after 40 steps: " + curve);
      for (int i = 1; i < valLoss.size(); i++) {
        assertTrue(valLoss.get(i) < valLoss.get(i - 1), "falls at every evaluation: " + curve);
      }
      double last = valLoss.get(valLoss.size() - 1);
      assertTrue(last < MarkovCorpus.UNIGRAM_ENTROPY, "below ln 8: the model uses the previous letter: " + curve);
      assertTrue(last > MarkovCorpus.ENTROPY_RATE - SAMPLING_TOLERANCE,
          "no model beats the entropy rate on held-out text (a leak of the labels would): " + curve);
    }
  }

  @Test
  void trainedRunsLandAndRefitIntoFits(@TempDir Path report) {
    // The loop of the product: train -> landing folder -> refit -> fits of the new runs.
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.run(spark, RefitLandingJob.Options.of(landing.toString(), warehouse));
    List<Row> fits = spark.sql("SELECT group_key['run_id'], converged, n_points, reason, params['e']"
        + " FROM fits_latest WHERE fit_name = 'trained-loss-curve' ORDER BY 1").collectAsList();
    List<String> runIds = result.runs().stream()
        .map(r -> RunRecord.runId("djl-train", r.runName())).sorted().toList();
    assertEquals(3, runIds.size());
    assertEquals(runIds, fits.stream().map(r -> r.getString(0)).toList(), "one loss-curve fit per trained run");
    for (Row fit : fits) {
      assertEquals(4, fit.getInt(2), "the fit read the 4 evaluations: " + fit);
      assertTrue(fit.getBoolean(1), "the fit converged: " + fit);
      assertNull(fit.getString(3), "a converged fit gives no reason: " + fit);
    }

    List<Row> gains = spark.sql("SELECT run_id, step, snapshots, val_loss, val_loss_averaged, gain_pct"
        + " FROM checkpoint_average_gain ORDER BY run_id").collectAsList();
    assertEquals(runIds, gains.stream().map(r -> r.getString(0)).toList(), "every run averaged its checkpoints");
    for (Row gain : gains) {
      TrainSweepJob.RunResult run = result.runs().stream()
          .filter(r -> RunRecord.runId("djl-train", r.runName()).equals(gain.getString(0))).findFirst().orElseThrow();
      assertEquals(160, gain.getLong(1), "at the last step: " + gain);
      assertEquals(4, gain.getInt(2), gain.toString());
      assertEquals(run.outcome().finalValLoss(), gain.getDouble(3), 1e-6, "beside the last checkpoint's val_loss");
      assertEquals(100 * (gain.getDouble(3) - gain.getDouble(4)) / gain.getDouble(3), gain.getDouble(5), 1e-9,
          "the gain in percent of the last loss: " + gain);
    }
    String section = String.join("", new CheckpointAverageView().render(spark, new ChartFiles(report))
        .blocks());
    assertTrue(runIds.stream().allMatch(section::contains), "the report section lists every run: " + section);
  }
}
