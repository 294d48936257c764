package org.scalingpipeline.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.synthetic.SyntheticCurves;
import org.scalingpipeline.synthetic.SyntheticLogs;
import org.scalingpipeline.synthetic.SyntheticRun;
import org.scalingpipeline.testing.IsoflopSweep;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * A user's own studies, with no seed data, ingested with {@code --no-seeds} and fitted by the bundled plan with no
 * arguments: logs from {@code scaling generate} (Hoffmann et al. 2022's approach-3 law with noise, so the truth is
 * known) give every run's loss curve and the study's laws, Chinchilla's close to the truth; an IsoFLOP sweep on the
 * same law (three budgets, five sizes each, as in the paper's approach 2) gives a parabola per budget and the
 * allocation law through their vertices, whose exponent is the law's β/(α+β).
 */
class UsersStudyTest {

  private static final int RUNS = 24;
  private static final double[] BUDGETS = {1e18, 1e19, 1e20};
  private static final int SIZES = 5;

  @TempDir
  static Path logs;

  private static String warehouse;
  private static FitPlanJob.Result fit;

  @BeforeAll
  static void ingestAndFit() {
    SyntheticLogs.write(new SyntheticCurves(new SyntheticCurves.Spec(RUNS, 12, 7, 0.005, 0, 0, ChinchillaLaw.PAPER)),
        logs.resolve("generated"));
    IsoflopSweep.of("sweep", BUDGETS, SIZES).write(logs.resolve("sweep"));
    warehouse = TestSpark.newWarehouse();
    SparkSession spark = TestSpark.session();
    IngestSourcesJob.run(spark, new IngestSourcesJob.Options(TestData.seedDir(), warehouse, false,
        List.of(logs.toString()), null));
    fit = FitPlanJob.run(spark, FitPlanJob.Options.defaults(warehouse));
  }

  @Test
  void theDefaultPlanFitsEveryRunsLossCurveAndTheStudysLaws() {
    int sweepRuns = BUDGETS.length * SIZES;
    assertEquals(new FitPlanJob.Result.Summary("loss-curve", "loss-curve", RUNS + sweepRuns, RUNS + sweepRuns),
        fit.entry("loss-curve"));
    for (String law : List.of("loss-vs-params", "loss-vs-tokens", "loss-vs-compute", "chinchilla", "kaplan")) {
      assertEquals(2, fit.entry(law).groups(), law + ": two studies, the generated one and the sweep");
    }
    Row chinchilla = latestOf("chinchilla", SyntheticRun.SOURCE);
    assertEquals("source=" + SyntheticRun.SOURCE + ",dataset=synthetic,tokenizer=null,unit=nats/token",
        chinchilla.getAs("group_id"), "a study is a source, dataset, tokenizer and unit");
    Map<String, Double> params = chinchilla.getJavaMap(chinchilla.fieldIndex("params"));
    ChinchillaLaw truth = ChinchillaLaw.PAPER;
    assertEquals(truth.alpha(), params.get("alpha"), 0.05, "alpha of Eq. 10 from 24 runs at 0.5 % noise");
    assertEquals(truth.beta(), params.get("beta"), 0.05);
    assertEquals(truth.e(), params.get("E"), 0.1);
  }

  @Test
  void aSourceNarrowsTheFitAndLeavesThePublishedTablesOut() {
    FitPlanJob.Result other = FitPlanJob.run(TestSpark.session(),
        new FitPlanJob.Options(warehouse, null, List.of(), "somebody-else", null));
    assertEquals(List.of(), other.entries(), "no run of that source, no group");
    assertTrue(other.skipped().containsAll(List.of("chinchilla-allocation-n-free", "chinchilla-approach-3-published")),
        "published tables and laws have no source: " + other.skipped());
  }

  @Test
  void anIsoflopSweepGivesAParabolaPerBudgetAndTheAllocationThroughTheirVertices() {
    Dataset<Row> parabolas = fitsOf("isoflop", "sweep").where(col("fit_version").equalTo(fit.fitVersion()));
    assertEquals(BUDGETS.length, parabolas.where(col("converged")).count(), "every budget of the sweep converged");
    Row allocation = latest("isoflop-allocation-n");
    assertEquals(true, allocation.getAs("converged"), String.valueOf(allocation));
    Map<String, Double> params = allocation.getJavaMap(allocation.fieldIndex("params"));
    ChinchillaLaw truth = ChinchillaLaw.PAPER;
    assertEquals(truth.beta() / (truth.alpha() + truth.beta()), params.get("exponent"), 0.02,
        "N_opt ∝ C^(β/(α+β)) (Eq. 4), from five sizes a factor 2 apart per budget");
    assertEquals(true, latest("isoflop-allocation-d").getAs("converged"));
  }

  @Test
  void optimalAnswersUnderEveryLawOfTheStudyWithAnIntervalThatCoversTheTruth() {
    double budget = 1e21;
    List<Row> rows = OptimalAllocationJob.run(TestSpark.session(),
        new OptimalAllocationJob.Options(warehouse, List.of(budget))).rows();
    Row chinchilla = allocation(rows, "chinchilla", SyntheticRun.SOURCE);
    double truth = ChinchillaLaw.PAPER.nOpt(budget);
    double lower = chinchilla.getAs("n_opt_lower");
    double upper = chinchilla.getAs("n_opt_upper");
    assertTrue(lower <= truth && truth <= upper, "the 95 % interval [" + lower + ", " + upper + "] covers the true"
        + " N_opt(1e21) = " + truth + " of Eq. 10");
    assertTrue(upper / lower < 10, "within a decade from 24 runs at 0.5 % noise: [" + lower + ", " + upper + "]");
    assertTrue(chinchilla.<Long>getAs("draws") >= 90, "most of the 100 resamples converge: " + chinchilla);
    assertEquals(0.95, chinchilla.<Double>getAs("interval_level"));
    Row kaplan = allocation(rows, "kaplan", SyntheticRun.SOURCE);
    assertTrue(kaplan.<Double>getAs("n_opt_lower") <= kaplan.<Double>getAs("n_opt")
        && kaplan.<Double>getAs("n_opt") <= kaplan.<Double>getAs("n_opt_upper"), "Kaplan's answer in its interval: " + kaplan);
    Row isoflop = allocation(rows, "isoflop-allocation", "sweep");
    assertEquals(truth, isoflop.<Double>getAs("n_opt"), truth * 0.1, "the sweep's vertices extrapolated a decade");
    assertEquals("no bootstrap draws: a point estimate", isoflop.getAs("note"));
  }

  /** The allocation row of a fit (a plan entry or allocation pair) for the study of a source. */
  private static Row allocation(List<Row> rows, String fitName, String source) {
    return rows.stream().filter(r -> fitName.equals(r.getAs("fit_name"))
        && r.<String>getAs("group_id").startsWith("source=" + source + ",")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + fitName + " row for " + source + " in " + rows));
  }

  private static Row latest(String fitName) {
    return latestOf(fitName, "sweep");
  }

  /** The newest fit of a plan entry for a study of a source. */
  private static Row latestOf(String fitName, String source) {
    return fitsOf(fitName, source).orderBy(col("fit_version").desc()).first();
  }

  /** The fits of a plan entry for the studies of a source. */
  private static Dataset<Row> fitsOf(String fitName, String source) {
    return Warehouse.open(TestSpark.session(), warehouse).table("fits").where(col("fit_name").equalTo(fitName)
        .and(col("group_key").getItem("source").equalTo(source)));
  }
}
