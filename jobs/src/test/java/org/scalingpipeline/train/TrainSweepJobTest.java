package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep of three tiny runs through Spark local mode into a landing folder (about 30 s on 2 idle cores). */
class TrainSweepJobTest {

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    TestRequirements.offlineEngine();
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("train-sweep-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void threeTinyRunsLandThreeWellFormedLogs(@TempDir Path landing) throws IOException, URISyntaxException {
    Path corpus = TestRequirements.corpus();
    Path sweep = Paths.get(getClass().getResource("/train/tiny-sweep.json").toURI());

    TrainSweepJob.Result result = TrainSweepJob.run(spark, new TrainSweepJob.Options(sweep, corpus, landing));
    System.out.print(TrainSweepJob.table(result));

    assertEquals(3, result.runs().size());
    assertEquals(3, result.completed(), TrainSweepJob.table(result));
    LogFormatCheck.assertNoTemporaryFiles(landing);
    for (TrainSweepJob.RunResult run : result.runs()) {
      LogFormatCheck.ParsedLog log = LogFormatCheck.parse(Paths.get(run.logFile()));
      assertEquals(run.runName(), log.run().get("run_name").asText());
      assertEquals("brown", log.run().get("dataset").asText());
      List<Double> valLoss = log.values("val_loss");
      assertEquals(4, valLoss.size(), "evaluated at steps 40, 80, 120 and 160: " + valLoss);
      assertTrue(valLoss.get(valLoss.size() - 1) < valLoss.get(0),
          run.runName() + " validation loss should fall overall: " + valLoss);
      assertEquals(valLoss.get(valLoss.size() - 1), run.outcome().finalValLoss(), 1e-6);
      assertTrue(run.outcome().tokensPerSecond() > 0);
    }
  }
}
