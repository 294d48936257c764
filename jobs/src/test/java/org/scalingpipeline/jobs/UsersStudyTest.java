package org.scalingpipeline.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.report.ReportChart;
import org.scalingpipeline.synthetic.GeneratingLaw;
import org.scalingpipeline.synthetic.SyntheticCurves;
import org.scalingpipeline.synthetic.SyntheticLogs;
import org.scalingpipeline.synthetic.SyntheticRun;
import org.scalingpipeline.testing.IsoflopSweep;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.MetricUnit;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * A user's own studies, with no seed data, ingested with {@code --no-seeds}, fitted by the bundled plan with no
 * arguments, answered by {@code optimal} and drawn by {@code report}: logs from {@code scaling generate} (Hoffmann
 * et al. 2022's approach-3 law with noise, so the truth is known) give every run's loss curve and the study's laws,
 * Chinchilla's close to the truth; an IsoFLOP sweep on the same law (three budgets, five sizes each, as in the
 * paper's approach 2) gives a parabola per budget and the allocation law through their vertices, whose exponent is
 * the law's β/(α+β); a second sweep logged in bits per byte is a study of its own, on its own axes.
 */
class UsersStudyTest {

  private static final int RUNS = 24;
  private static final double[] BUDGETS = {1e18, 1e19, 1e20};
  /** A sweep in nats/token whose runs give their tokenizer's 4 bytes per token. */
  private static final IsoflopSweep NATS = IsoflopSweep.of("sweep", BUDGETS, 5).withBytesPerToken(4);
  /** The same law logged in bits per byte, at 4 bytes per token: a study whose loss axis is another unit. */
  private static final IsoflopSweep BITS = new IsoflopSweep("sweep-bytes", new double[] {1e18, 1e19}, 5, "bits/byte",
      1 / (Math.log(2) * 4), Double.NaN);
  private static final List<Double> ASKED = List.of(1e19, 1e21, 1e23);

  @TempDir
  static Path logs;

  @TempDir
  static Path out;

  private static String warehouse;
  private static FitPlanJob.Result fit;
  private static BacktestJob.Result backtest;
  private static List<Row> allocations;
  private static ReportJob.Result report;

  @BeforeAll
  static void ingestFitAnswerAndReport() {
    SyntheticLogs.write(new SyntheticCurves(new SyntheticCurves.Spec(RUNS, 12, 7, 0.005, 0, 0, GeneratingLaw.CHINCHILLA,
        SyntheticCurves.DATASET)), logs.resolve("generated"));
    NATS.write(logs.resolve("sweep"));
    BITS.write(logs.resolve("sweep-bytes"));
    warehouse = TestSpark.newWarehouse();
    SparkSession spark = TestSpark.session();
    IngestSourcesJob.run(spark, new IngestSourcesJob.Options(TestData.seedDir(), warehouse, false,
        List.of(logs.toString()), null));
    fit = FitPlanJob.run(spark, FitPlanJob.Options.defaults(warehouse));
    backtest = BacktestJob.run(spark, new BacktestJob.Options(warehouse, null, List.of("users-studies")));
    allocations = OptimalAllocationJob.run(spark, new OptimalAllocationJob.Options(warehouse, ASKED)).rows();
    report = ReportJob.run(spark, new ReportJob.Options(warehouse, out));
  }

  @Test
  void theDefaultPlanFitsEveryRunsLossCurveAndTheStudysLaws() {
    int sweepRuns = NATS.runs() + BITS.runs();
    assertEquals(new FitPlanJob.Result.Summary("loss-curve", "loss-curve", RUNS + sweepRuns, RUNS + sweepRuns),
        fit.entry("loss-curve"));
    for (String law : List.of("loss-vs-params", "loss-vs-tokens", "loss-vs-compute", "chinchilla", "kaplan")) {
      assertEquals(3, fit.entry(law).groups(), law + ": three studies, the generated one and the two sweeps");
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
    List<Row> rows = allocations.stream().filter(r -> r.<Double>getAs("budget_flops") == budget).toList();
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

  @Test
  void theReportDrawsEverySourcesLossCurvesAsSmallMultiples() {
    Map<String, ReportChart> grids = chartsNamed("loss-curves-loss-curve-");
    assertEquals(List.of("loss-curves-loss-curve-sweep", "loss-curves-loss-curve-sweep-bytes",
        "loss-curves-loss-curve-" + SyntheticRun.SOURCE), List.copyOf(grids.keySet()), "one grid per source");
    List<String> generated = grids.get("loss-curves-loss-curve-" + SyntheticRun.SOURCE).contents();
    assertEquals(SyntheticRun.SOURCE + ": loss-curve per run", generated.get(0), "the grid's title");
    assertEquals(RUNS, generated.stream().filter(t -> t.startsWith(SyntheticRun.SOURCE + ":")).count() - 1,
        "a panel per generated run, titled by its run id: " + generated);
    assertEquals(RUNS, generated.stream().filter(t -> t.equals("fit")).count(), "every run's fitted curve");
    assertEquals(NATS.runs(), grids.get("loss-curves-loss-curve-sweep").contents().stream()
        .filter(t -> t.startsWith("sweep:")).count() - 1, "the sweep's runs");
  }

  @Test
  void theReportDrawsEveryStudysLawsWithFittedLinesAndResiduals() {
    Map<String, ReportChart> studies = chartsNamed("study-laws-");
    assertEquals(3, studies.size(), "three studies: " + studies.keySet());
    ReportChart generated = studies.values().stream()
        .filter(c -> c.contents().get(0).startsWith("source=" + SyntheticRun.SOURCE + ",")).findFirst().orElseThrow();
    for (String law : List.of("loss-vs-params", "loss-vs-tokens", "loss-vs-compute")) {
      assertTrue(generated.contents().containsAll(List.of(law, law + " points", law + " fit", law + " residuals")),
          law + ": " + generated.contents());
    }
  }

  @Test
  void theReportGivesEveryStudyItsOwnIsoflopPanelWithParabolasAndVertices() {
    List<String> isoflop = chartsNamed("isoflop-profiles-").get("isoflop-profiles-isoflop").contents();
    List<String> panels = isoflop.stream().filter(t -> t.startsWith("source=sweep") && !t.contains(" C = ")).toList();
    assertEquals(List.of("source=sweep,dataset=web,tokenizer=null,unit=nats/token",
        "source=sweep,dataset=web,tokenizer=null,unit=nats/token in bits/byte (4.00 bytes/token)",
        "source=sweep-bytes,dataset=web,tokenizer=null,unit=bits/byte"), panels, "a panel per study, never one axis;"
        + " the nats/token study whose runs give their bytes per token again in bits/byte");
    for (IsoflopSweep sweep : List.of(NATS, BITS)) {
      for (String study : panels.stream().filter(p -> p.startsWith("source=" + sweep.source() + ",")).toList()) {
        for (double budget : sweep.budgets()) {
          String profile = study + String.format(Locale.ROOT, " C = %.3g", budget);
          assertTrue(isoflop.containsAll(List.of(profile, profile + " parabola", profile + " N_opt")), profile);
        }
      }
    }
    assertEquals(3.0 / (Math.log(2) * 4), MetricUnit.bitsPerByte(3.0, 4), 1e-15,
        "3 nats/token at 4 bytes/token: 3 / ln 2 bits per 4 bytes");
  }

  @Test
  void theReportDrawsEveryLawsAnswerOverTheBudgetsWithABandWhereItHasAnInterval() {
    Map<String, ReportChart> charts = chartsNamed("allocations-");
    assertEquals(List.of("allocations-d", "allocations-n"), List.copyOf(charts.keySet()));
    List<String> n = charts.get("allocations-n").contents();
    String isoflop = seriesOf(n, "isoflop-allocation", "sweep");
    assertTrue(n.contains(isoflop + " line"), "a line over the three budgets: " + n);
    assertFalse(n.contains(isoflop + " interval"), "a point estimate has no band: " + n);
    String chinchilla = seriesOf(n, "chinchilla", SyntheticRun.SOURCE);
    assertTrue(n.contains(chinchilla + " interval"), "the bootstrap's 95 % interval as a band: " + n);
  }

  /**
   * Every law of a study is backtested by the plan's "-backtest" entries: fitted below the largest quarter of the
   * study's sizes, it predicts the larger runs. The generated runs follow Eq. 10 at 0.5 % noise, so Chinchilla's law
   * fitted on the smaller three quarters predicts the largest runs closely; the report draws each backtest.
   */
  @Test
  void everyLawIsBacktestedOnTheStudysLargestRunsAndTheReportDrawsIt() throws IOException {
    for (String law : List.of("loss-vs-params", "loss-vs-tokens", "loss-vs-compute", "chinchilla", "kaplan")) {
      assertEquals(3, fit.entry(law + "-backtest").groups(), law + ": a backtest per study");
    }
    Row chinchilla = latestOf("chinchilla-backtest", SyntheticRun.SOURCE);
    Row whole = latestOf("chinchilla", SyntheticRun.SOURCE);
    int fitted = chinchilla.getAs("n_points");
    int predicted = chinchilla.getAs("holdout_points");
    assertEquals(whole.<Integer>getAs("n_points"), fitted + predicted, "every point is fitted or predicted");
    assertTrue(predicted >= whole.<Integer>getAs("n_points") / 4, "the largest quarter of the sizes: " + chinchilla);
    assertTrue(chinchilla.<Double>getAs("holdout_max_rel_error") < 0.03, "Eq. 10 fitted below the cut predicts the"
        + " larger runs within 3 %: " + chinchilla);
    ReportChart params = chartsNamed("holdout-").get("holdout-loss-vs-params-backtest");
    String study = "source=" + SyntheticRun.SOURCE + ",dataset=synthetic,tokenizer=null,unit=nats/token";
    assertTrue(params.contents().containsAll(List.of(study + " fitted", study + " predicted (held out)",
        study + " exact", study + " law fitted below the cut")), params.contents().toString());
    assertTrue(chartsNamed("holdout-").containsKey("holdout-chinchilla-backtest"));
    assertTrue(Files.readString(report.index()).contains("Holdout backtests"));
    assertTrue(allocations.stream().noneMatch(r -> r.<String>getAs("law_name").contains("-backtest")),
        "a backtest's fit, made on three quarters of the points, answers no budget");
  }

  /**
   * The plan's leaderboard study ranks every law by its prediction of the runs above each cut in compute (the largest
   * quarter and half of each study's C = 6ND), all laws fitted on the same points and scored on the same ones. On the
   * IsoFLOP sweep (Hoffmann et al.'s Eq. 10, five sizes at each of three budgets) the generating law ranks first at
   * every cut, exactly: no law of compute alone predicts a loss that varies with N at a fixed C. On the generated runs
   * (Eq. 10 at 0.5 % noise, N and D growing together) it ranks first at the quarter cut; fitted on half the runs
   * (12 points, 5 parameters) to predict 1.7 decades past them, the compute frontier E + A C^-alpha predicts better
   * (measured 0.75 % against 1.3 % ln-RMSE), and Chinchilla still beats Kaplan's law and the plain power law. Laws the
   * points do not identify (a broken power law's break on a curve with none) rank after every scored one, with the
   * reason.
   */
  @Test
  void theLeaderboardRanksTheGeneratingLawFirstBeyondTheCutAndTheReportDrawsIt() {
    SparkSession spark = TestSpark.session();
    BacktestJob.Result result = backtest;
    assertEquals(1, result.backtestVersion());
    assertEquals(7 * 2, result.laws().size(), "the seven laws of the plan's study at two cuts: " + result.laws());
    assertTrue(result.laws().stream().allMatch(s -> s.groups() == 3), "three studies per law and cut: " + result.laws());
    assertEquals(3, result.laws().stream().filter(s -> s.cut().equals("largest=0.25") && s.law().equals("chinchilla"))
        .findFirst().orElseThrow().wins(), "the generating law ranks first on every study at the quarter cut");
    for (String cut : List.of("largest=0.25", "largest=0.5")) {
      List<Row> sweep = leaderboard(spark, "source=" + NATS.source() + ",dataset=web,tokenizer=null,unit=nats/token", cut);
      assertEquals("chinchilla", sweep.get(0).getString(1), cut + ": " + sweep);
      assertTrue(sweep.get(0).getDouble(2) < 1e-6, "the exact law extrapolates exactly: " + sweep);
    }
    String generated = "source=" + SyntheticRun.SOURCE + ",dataset=synthetic,tokenizer=null,unit=nats/token";
    List<Row> quarter = leaderboard(spark, generated, "largest=0.25");
    assertEquals(List.of("chinchilla", "power-law-offset", "kaplan", "power-law"), scored(quarter), quarter.toString());
    assertTrue(quarter.stream().filter(r -> r.getString(1).equals("bnsl-1")).allMatch(r -> r.getString(6)
        .contains("not identified")), "the break of a curve with none is not fixed, and ranks after the scored laws");
    List<Row> half = leaderboard(spark, generated, "largest=0.5");
    assertEquals(List.of("chinchilla", "kaplan", "power-law"), scored(half).stream()
        .filter(law -> !law.equals("power-law-offset")).toList(), half.toString());
    for (Row r : half) {
      assertEquals(RUNS, r.getInt(3) + r.getInt(4), "every run fitted or held out: " + r);
      assertTrue(r.getDouble(5) > 1.5, "the held-out half lies over 1.5 decades of compute past the fitted: " + r);
    }
    ReportChart board = chartsNamed("leaderboard-").get("leaderboard-users-studies");
    assertTrue(board.contents().containsAll(List.of(generated, "fitted", "held out", "chinchilla (rank 1)")),
        board.contents().toString());
    assertFalse(board.contents().contains("bnsl-1 (rank 5)"), "a law the points do not identify is not drawn");
    assertFalse(chartsNamed("leaderboard-").containsKey("leaderboard-routed-loss-curves"),
        "no seed runs here, no backtest of them: no routed panel");
  }

  /** The laws of a leaderboard whose backtest was scored (converged and identified), in rank order. */
  private static List<String> scored(List<Row> leaderboard) {
    return leaderboard.stream().filter(r -> r.isNullAt(6)).map(r -> r.getString(1)).toList();
  }

  /** A study's leaderboard at a cut: rank, law, ln-RMSE, points fitted and held out, decades past the fitted. */
  private static List<Row> leaderboard(SparkSession spark, String group, String cut) {
    return spark.sql("SELECT rank, law, rmse_log, n_fit, n_heldout, extrapolation_decades, reason FROM law_leaderboard"
        + " WHERE study = 'users-studies' AND group_id = :group AND cut = :cut ORDER BY rank",
        Map.of("group", group, "cut", cut)).collectAsList();
  }

  @Test
  void theReportsPagesNameWhatTheyDraw() throws IOException {
    String html = Files.readString(report.index());
    assertTrue(html.contains("Nothing to draw for &quot;Validation loss of the dense runs"), "the seeds' dense curves");
    assertTrue(report.charts().stream().noneMatch(c -> c.name().startsWith("dense-loss-curves")
        || c.name().startsWith("routed-") || c.name().startsWith("refit-history")), "no empty frame written");
  }

  /** The report's charts whose names start with a prefix, by name, in name order. */
  private static Map<String, ReportChart> chartsNamed(String prefix) {
    return report.charts().stream().filter(c -> c.name().startsWith(prefix))
        .collect(Collectors.toMap(ReportChart::name, c -> c, (a, b) -> a, TreeMap::new));
  }

  /** The name of a chart's series of a fit's law for the study of a source. */
  private static String seriesOf(List<String> contents, String fitName, String source) {
    return contents.stream().filter(s -> s.startsWith(fitName + " ") && s.contains("source=" + source + ",")
        && !s.endsWith(" line") && !s.endsWith(" interval")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + fitName + " series for " + source + ": " + contents));
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
