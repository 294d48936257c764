package org.scalingpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.IsoFlopParabola;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.report.ChartFiles;
import org.scalingpipeline.report.TrainedIsoflopView;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.train.CurvePoint;
import org.scalingpipeline.train.JsonlRunLog;
import org.scalingpipeline.train.RunSpec;
import org.scalingpipeline.train.RunStatus;
import org.scalingpipeline.train.SweepPlan;
import org.scalingpipeline.train.TrainingOutcome;

/**
 * The Perceiver AR article's check at CPU scale, with the final losses written instead of trained: a
 * reference d48-l2 at C_ref = 2.5e10 sets k_N of N_opt = k_N C^0.5, so the predicted N_opt at 4 C_ref is
 * 2 N_ref and at 16 C_ref is 4 N_ref. At 1e11 the IsoFLOP profile has its minimum at 40,000 parameters,
 * away from the prediction; at 4e11 it has it at the predicted size. {@code scaling refit} lands the
 * logs, and {@code trained_isoflop_check}, {@code scaling isoflop-check} and the report section must say
 * no for the first budget and yes for the second. The same 1e11 sweep on another corpus, without a
 * reference run there, has its own parabola and no prediction.
 */
class IsoflopCheckCommandTest {

  private static final String SWEEP = "{\"name\": \"check\","
      + " \"training\": {\"batch_size\": 16, \"seq_len\": 64, \"eval_every\": 50},"
      + " \"reference\": {\"d_model\": 48, \"num_layers\": 2, \"num_heads\": 2, \"compute_budget\": 2.5e10},"
      + " \"isoflop\": {\"compute_budgets\": [1e11, 4e11], \"models\": ["
      + "{\"d_model\": 32, \"num_layers\": 1, \"num_heads\": 2}, {\"d_model\": 32, \"num_layers\": 2, \"num_heads\": 2},"
      + " {\"d_model\": 48, \"num_layers\": 2, \"num_heads\": 2}, {\"d_model\": 64, \"num_layers\": 2, \"num_heads\": 2},"
      + " {\"d_model\": 96, \"num_layers\": 2, \"num_heads\": 3}]}}";

  /** Non-embedding parameters of the reference d48-l2: 2 (12 d^2 + 13 d) blocks + 2 d final LayerNorm. */
  private static final double N_REF = 56_640;
  /** Where each budget's IsoFLOP profile has its minimum. */
  private static final Map<Double, Double> TRUE_N_OPT = Map.of(1e11, 40_000.0, 4e11, 2 * 2 * N_REF);

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void thePredictedOptimumHasTheLowestLossOnlyWhereTheProfileAgrees(@TempDir Path dir) throws IOException {
    Path sweepFile = Files.writeString(dir.resolve("check.json"), SWEEP);
    Path landing = dir.resolve("landing");
    for (RunSpec run : SweepPlan.read(sweepFile).runs()) {
      land(run, "brown", landing);
      if (run.plan().equals("isoflop") && run.computeBudget() == 1e11) {
        land(new RunSpec(run.runName() + "-wiki", run.model(), run.batchSize(), run.steps(), run.peakLearningRate(),
            run.warmupSteps(), run.weightDecay(), run.evalEvery(), run.evalBatches(), run.seed(), run.plan(),
            run.computeBudget(), run.checkpointAveraging()), "wiki", landing);
      }
    }
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.run(spark, RefitLandingJob.Options.of(landing.toString(), warehouse));

    Map<Double, List<Row>> budgets = spark.sql("SELECT compute_budget, d_model, num_layers, params_non_embedding,"
            + " status, loss_rank, predicted_n_opt, published_law_n_opt, measured_n_opt, nearest_to_prediction,"
            + " lowest_loss, prediction_had_lowest_loss FROM trained_isoflop_check WHERE dataset = 'brown'"
            + " ORDER BY params_non_embedding")
        .collectAsList().stream().collect(Collectors.groupingBy(r -> r.getDouble(0)));
    assertEquals(List.of(1e11, 4e11), budgets.keySet().stream().sorted().toList());

    List<Row> atC = budgets.get(1e11);
    assertEquals(5, atC.size());
    Row first = atC.get(0);
    assertEquals(2 * N_REF, first.getDouble(6), 1e-6, "N_ref (4 C_ref / C_ref)^0.5");
    assertTrue(first.isNullAt(7), "no seed fits in this warehouse, so no published-law prediction");
    assertEquals(40_000, first.getDouble(8), 40, "the vertex of the fitted parabola, from 4 completed runs");
    assertEquals("d64-l2", nameWhere(atC, 9), "the size nearest 113,280");
    assertEquals("d48-l2", nameWhere(atC, 10), "the size nearest the profile's minimum has the lowest loss");
    assertFalse(first.getBoolean(11), "so the predicted optimum did not have the lowest loss");
    Row diverged = atC.get(4);
    assertEquals("diverged", diverged.getString(4));
    assertTrue(diverged.isNullAt(5), "a diverged run is not ranked, though its last loss was the lowest");

    List<Row> atFourC = budgets.get(4e11);
    assertEquals(4 * N_REF, atFourC.get(0).getDouble(6), 1e-6, "N_ref (16 C_ref / C_ref)^0.5");
    assertEquals(4 * N_REF, atFourC.get(0).getDouble(8), 4 * N_REF * 1e-3);
    assertEquals("d96-l2", nameWhere(atFourC, 9));
    assertEquals("d96-l2", nameWhere(atFourC, 10));
    assertTrue(atFourC.get(0).getBoolean(11), "the predicted optimum had the lowest loss");
    assertEquals(List.of(1, 2, 3, 4, 5), atFourC.stream().map(r -> r.getInt(5)).sorted().toList());

    List<Row> wiki = spark.sql("SELECT predicted_n_opt, measured_n_opt, prediction_had_lowest_loss"
        + " FROM trained_isoflop_check WHERE dataset = 'wiki'").collectAsList();
    assertEquals(5, wiki.size());
    assertTrue(wiki.get(0).isNullAt(0), "no reference run on this corpus, no prediction");
    assertEquals(40_000, wiki.get(0).getDouble(1), 40, "a parabola of this corpus's runs only");
    assertTrue(wiki.get(0).isNullAt(2), "no prediction, no answer");

    CliRun check = CliRun.of("isoflop-check", "--warehouse", warehouse);
    assertEquals(0, check.exitCode(), check.err());
    assertTrue(check.out().contains("C = 1.00e+11 on brown: predicted N_opt 113,280 from the reference run, measured N_opt "),
        check.out());
    assertTrue(check.out().contains("4.00e+11 on brown: predicted N_opt 226,560 from the reference run, measured N_opt "),
        check.out());
    assertTrue(check.out().matches("(?s).*1\\.00e\\+11 on brown: .*lowest loss: no\n.*1\\.00e\\+11 on wiki: .*lowest loss:"
        + " unknown.*\n.*4\\.00e\\+11 on brown: .*lowest loss: yes\n"), check.out());

    ChartFiles charts = new ChartFiles(dir.resolve("report"));
    String section = String.join("", new TrainedIsoflopView().render(spark, charts).blocks());
    assertEquals(1, charts.written().size(), "one chart: the profiles with parabolas and optima");
    assertTrue(Files.size(charts.written().get(0).png()) > 10_000, "a chart, not a blank image");
    assertTrue(section.contains("djl-train:check-isoflop-c4e11-d96-l2-h3-n64-s1"), "the table lists the runs");
  }

  /** The model of the one row whose boolean column is true. */
  private static String nameWhere(List<Row> rows, int column) {
    List<String> names = rows.stream().filter(r -> !r.isNullAt(column) && r.getBoolean(column))
        .map(r -> "d" + r.getInt(1) + "-l" + r.getInt(2)).toList();
    assertEquals(1, names.size(), "one row with column " + column + " true: " + names);
    return names.get(0);
  }

  /**
   * Lands the log {@code scaling train} would write, with two evaluations: the final one on the budget's
   * IsoFLOP profile (the reference anywhere). At 1e11 the largest model diverges after a low loss.
   */
  private static void land(RunSpec run, String dataset, Path landing) {
    boolean reference = run.plan().equals("reference");
    double loss = reference ? 3.3 : profile(run.computeBudget()).loss(run.model().nonEmbeddingParameters());
    boolean diverges = !reference && run.computeBudget() == 1e11 && run.model().dModel() == 96;
    if (diverges) {
      loss = 1.0;
    }
    JsonlRunLog log = new JsonlRunLog(run, dataset);
    for (long step : new long[] {run.steps() / 2, run.steps()}) {
      double value = step == run.steps() ? loss : loss + 0.4;
      log.onPoint(new CurvePoint(step, step * run.tokensPerStep(), step * run.flopsPerStep(), "val_loss", value,
          "nats/token", 1.7e9 + step));
    }
    TrainingOutcome outcome = diverges
        ? new TrainingOutcome(RunStatus.DIVERGED, "training loss became NaN at step " + (run.steps() + 1), run.steps(),
            loss, 1e4)
        : new TrainingOutcome(RunStatus.COMPLETED, null, run.steps(), loss, 1e4);
    log.land(landing, outcome, "cpu()");
  }

  /** L(N) = 0.08 (ln N - ln N_opt)^2 + 2.4 at a budget. */
  private static IsoFlopParabola profile(double budget) {
    double lnOpt = Math.log(TRUE_N_OPT.get(budget));
    return new IsoFlopParabola(0.08, -2 * 0.08 * lnOpt, 0.08 * lnOpt * lnOpt + 2.4);
  }
}
