package org.scalingpipeline.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.Bnsl1Fitter;
import org.scalingpipeline.core.fit.Bnsl2Fitter;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.IsoFlopFitter;
import org.scalingpipeline.core.fit.KaplanFitter;
import org.scalingpipeline.core.fit.KaplanStepsFitter;
import org.scalingpipeline.core.fit.OffsetPowerLawFitter;
import org.scalingpipeline.core.fit.PowerLawFitter;
import org.scalingpipeline.core.laws.Bnsl1Law;
import org.scalingpipeline.core.laws.Bnsl2Law;
import org.scalingpipeline.core.fit.RevisitingM2Fitter;
import org.scalingpipeline.core.fit.RevisitingM3Fitter;
import org.scalingpipeline.core.fit.RevisitingM4Fitter;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.CriticalBatch;
import org.scalingpipeline.core.laws.DataConstrainedLaw;
import org.scalingpipeline.core.laws.IsoFlopParabola;
import org.scalingpipeline.core.laws.KaplanStepsLaw;
import org.scalingpipeline.core.laws.RoutedLaw;

/**
 * SQL round trips of every function in a real local Spark whose sessions get the functions from
 * {@link ScalingSessionExtensions}, as a SQL-only Zeppelin or Thrift session would.
 */
class ScalingFunctionsTest {

  private static SparkSession spark;
  /** The routed law the 'routed' rows come from (Clark et al. 2022 Table 3 magnitudes). */
  private static final RoutedLaw ROUTED =
      new RoutedLaw(-0.082, -0.108, 0.009, 1.104, Math.log(1.847) / Math.log(2), Math.log(314.0) / Math.log(2));

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("scaling-sql-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.extensions", ScalingSessionExtensions.class.getName())
        .getOrCreate();
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    ChinchillaLaw law = ChinchillaLaw.PAPER;
    RoutedLaw routed = ROUTED;
    for (double n : new double[] {1e7, 3e7, 1e8, 3e8, 1e9, 3e9}) {
      for (double d : new double[] {1e9, 3e9, 1e10, 3e10, 1e11}) {
        double noise = 1 + 0.002 * random.nextGaussian();
        rows.add(RowFactory.create("g1", n, d, 2.0 * Math.pow(n, -0.5) * noise, law.loss(n, d) * noise, null));
      }
      for (double e : new double[] {1, 8, 32, 64, 128, 256, 512}) {
        rows.add(RowFactory.create("routed", n, e, null, routed.loss(n, e) * (1 + 0.001 * random.nextGaussian()), null));
      }
    }
    rows.add(RowFactory.create("g1", null, 5e9, 1.0, 3.0, null));
    rows.add(RowFactory.create("tiny", 1e8, 1e9, 0.5, 3.0, null));
    StructType schema = new StructType().add("g", DataTypes.StringType).add("n", DataTypes.DoubleType)
        .add("d", DataTypes.DoubleType).add("y", DataTypes.DoubleType).add("loss", DataTypes.DoubleType)
        .add("unused", DataTypes.StringType);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("obs");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Row one(String sql) {
    return spark.sql(sql).first();
  }

  private static double param(Row fit, String name) {
    Map<String, Double> params = fit.getJavaMap(fit.fieldIndex("params"));
    return params.get(name);
  }

  @Test
  void fitPowerLawRecoversTheExponentPerGroup() {
    Row fit = one("SELECT fit_power_law(n, y) AS f FROM obs WHERE g = 'g1'").getStruct(0);
    assertEquals(-0.5, param(fit, "m"), 0.002);
    assertEquals(2.0, param(fit, "k"), 0.05);
    assertEquals(30, fit.getInt(fit.fieldIndex("n_points")), "the row with NULL n is skipped");
    assertTrue(fit.getBoolean(fit.fieldIndex("converged")));
    assertEquals("power-law", fit.getString(fit.fieldIndex("law")));
  }

  @Test
  void fitChinchillaRecoversThePaperLawFromItsOwnPredictions() {
    Row fit = one("SELECT fit_chinchilla(n, d, loss) FROM obs WHERE g = 'g1'").getStruct(0);
    assertEquals(0.34, param(fit, "alpha"), 0.03, "Hoffmann et al. 2022 Eq. 10: alpha = 0.34");
    assertEquals(0.28, param(fit, "beta"), 0.03, "beta = 0.28");
    assertEquals(1.69, param(fit, "E"), 0.05, "E = 1.69");
  }

  @Test
  void fitRoutedLawAndEffectiveParamsRoundTrip() {
    Row result = one("SELECT f.converged, f.rmse_log10, effective_params(1e8, 64, f), effective_params(1e8, 1, f.params), f "
        + "FROM (SELECT fit_routed_law(n, d, loss) AS f FROM obs WHERE g = 'routed')");
    assertTrue(result.getBoolean(0));
    assertTrue(result.getDouble(1) < 0.001, "noise is 0.1 %: log10 RMSE " + result.getDouble(1));
    RoutedLaw fitted = RoutedLaw.MODEL.law(result.getStruct(4).<String, Double>getJavaMap(1));
    assertEquals(fitted.effectiveParams(1e8, 64), result.getDouble(2), fitted.effectiveParams(1e8, 64) * 1e-12,
        "effective_params evaluates the fitted law");
    assertEquals(ROUTED.effectiveParams(1e8, 64), result.getDouble(2), ROUTED.effectiveParams(1e8, 64) * 0.05,
        "64 experts act like the larger dense model of the law the points came from");
    assertEquals(1e8, result.getDouble(3), 1e8 * 0.05, "one expert is the dense model itself");
  }

  @Test
  void otherAggregatesGiveTheCoreFittersResultOnTheSamePoints() {
    Row r = one("SELECT fit_power_law_offset(d, loss), fit_loss_curve(d, loss), fit_kaplan(n, d, loss),"
        + " fit_isoflop(n, loss), fit_allocation(n, d, 0.5), fit_allocation(n, d) FROM obs WHERE g = 'g1'");
    List<Row> points = spark.sql("SELECT n, d, loss FROM obs WHERE g = 'g1' AND n IS NOT NULL ORDER BY n, d, loss")
        .collectAsList();
    double[] n = points.stream().mapToDouble(p -> p.getDouble(0)).toArray();
    double[] d = points.stream().mapToDouble(p -> p.getDouble(1)).toArray();
    double[] loss = points.stream().mapToDouble(p -> p.getDouble(2)).toArray();
    List<Row> curve = spark.sql("SELECT d, loss FROM obs WHERE g = 'g1' ORDER BY d, loss").collectAsList();
    double[] curveD = curve.stream().mapToDouble(p -> p.getDouble(0)).toArray();
    double[] curveLoss = curve.stream().mapToDouble(p -> p.getDouble(1)).toArray();
    assertEquals(31, curveD.length, "the row with NULL n has d and loss");
    assertSameFit(OffsetPowerLawFitter.create().fit(curveD, curveLoss), "power-law-offset", r.getStruct(0));
    assertSameFit(OffsetPowerLawFitter.create().fit(curveD, curveLoss), "loss-curve", r.getStruct(1));
    assertSameFit(KaplanFitter.create().fit(n, d, loss), "kaplan", r.getStruct(2));
    assertSameFit(IsoFlopFitter.create().fit(n, loss), "isoflop", r.getStruct(3));
    assertSameFit(AllocationFitter.create().withExponent(0.5).fit(n, d), "allocation", r.getStruct(4));
    assertEquals(0.5, param(r.getStruct(4), "exponent"), 0.0, "a constant exponent is held fixed");
    assertSameFit(AllocationFitter.create().fit(n, d), "allocation", r.getStruct(5));
  }

  /**
   * Learning curves of Kaplan et al. 2020's L(N, S_min) (Table 3) as runs at the paper's usual batch of 2^19 tokens
   * (§3) record them: step S = S_min (1 + B_crit(L)/B), Eq. 5.4 read backwards. {@code kaplan_min_steps} turns the
   * steps back into S_min inside {@code fit_kaplan_steps}, which gives the core fitter's result and Table 3 (1e-6).
   */
  @Test
  void fitKaplanStepsOfRawStepsThroughKaplanMinStepsGivesBackTable3() {
    double batch = Math.pow(2, 19);
    List<Row> rows = new ArrayList<>();
    double[] n = new double[40];
    double[] sMin = new double[40];
    double[] loss = new double[40];
    for (int i = 0; i < n.length; i++) {
      n[i] = new double[] {1e6, 1e7, 1e8, 1e9}[i / 10];
      sMin[i] = Math.pow(10, 3 + 2.0 * (i % 10) / 9);
      loss[i] = KaplanStepsLaw.PAPER.loss(n[i], sMin[i]);
      rows.add(RowFactory.create(n[i], sMin[i] * (1 + CriticalBatch.PAPER.tokens(loss[i]) / batch), loss[i]));
    }
    spark.createDataFrame(rows, new StructType().add("n", DataTypes.DoubleType).add("step", DataTypes.DoubleType)
        .add("loss", DataTypes.DoubleType)).createOrReplaceTempView("kaplan_runs");
    Row fit = spark.sql("SELECT fit_kaplan_steps(n, kaplan_min_steps(step, :batch, loss), loss) FROM kaplan_runs",
        Map.of("batch", batch)).first().getStruct(0);
    assertSameFit(KaplanStepsFitter.create().fit(n, sMin, loss), "kaplan-steps", fit);
    KaplanStepsLaw.PAPER.parameters().forEach((name, value) ->
        assertEquals(value, param(fit, name), value * 1e-6, "Table 3 " + name));
  }

  /**
   * fit_bnsl_1 and fit_bnsl_2 give the core fitters' results: Caballero et al. 2022's one-break fit of 4-digit
   * addition ({@link Bnsl1Law#PAPER}) at 20 sizes around its break, and a two-break law over seven decades.
   */
  @Test
  void brokenNeuralScalingLawAggregatesGiveTheCoreFittersResult() {
    Bnsl2Law two = new Bnsl2Law(0.5, 10, 0.1, 0.6, 1e3, 0.3, -0.4, 1e6, 0.5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      double x = 100 * Math.pow(10, i / 19.0);
      rows.add(RowFactory.create("one", x, Bnsl1Law.PAPER.y(x)));
    }
    for (int i = 0; i < 30; i++) {
      double x = 10 * Math.pow(10, 7 * i / 29.0);
      rows.add(RowFactory.create("two", x, two.y(x)));
    }
    StructType schema = new StructType().add("g", DataTypes.StringType).add("x", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("bnsl");
    Row r = one("SELECT (SELECT fit_bnsl_1(x, y) FROM bnsl WHERE g = 'one'), (SELECT fit_bnsl_2(x, y) FROM bnsl"
        + " WHERE g = 'two')");
    assertSameFit(Bnsl1Fitter.create().fit(column(rows, "one", 1), column(rows, "one", 2)), "bnsl-1", r.getStruct(0));
    assertSameFit(Bnsl2Fitter.create().fit(column(rows, "two", 1), column(rows, "two", 2)), "bnsl-2", r.getStruct(1));
    assertTrue(r.getStruct(1).getBoolean(r.getStruct(1).fieldIndex("converged")));
    assertEquals(1e6, param(r.getStruct(1), "d2"), 1e6 * 1e-6, "the second break, where the points have it");
  }

  private static double[] column(List<Row> rows, String group, int index) {
    return rows.stream().filter(row -> row.getString(0).equals(group)).mapToDouble(row -> row.getDouble(index))
        .toArray();
  }

  @Test
  void revisitingAggregatesGiveTheCoreFittersResultOnTheSamePoints() {
    Row r = one("SELECT fit_revisiting_m1(d, loss), fit_revisiting_m2(d, loss), fit_revisiting_m3(d, loss),"
        + " fit_revisiting_m4(d, loss) FROM obs WHERE g = 'g1'");
    List<Row> curve = spark.sql("SELECT d, loss FROM obs WHERE g = 'g1' ORDER BY d, loss").collectAsList();
    double[] d = curve.stream().mapToDouble(p -> p.getDouble(0)).toArray();
    double[] loss = curve.stream().mapToDouble(p -> p.getDouble(1)).toArray();
    assertSameFit(PowerLawFitter.create().fit(d, loss), "revisiting-m1", r.getStruct(0));
    assertSameFit(RevisitingM2Fitter.create().fit(d, loss), "revisiting-m2", r.getStruct(1));
    assertSameFit(RevisitingM3Fitter.create().fit(d, loss), "revisiting-m3", r.getStruct(2));
    assertSameFit(RevisitingM4Fitter.create().fit(d, loss), "revisiting-m4", r.getStruct(3));
  }

  /** The SQL fit struct carries the core fit's law name, point count (30 or 31), convergence and parameters. */
  private static void assertSameFit(FitResult expected, String law, Row fit) {
    assertEquals(law, fit.getString(fit.fieldIndex("law")));
    assertEquals(expected.nPoints(), fit.getInt(fit.fieldIndex("n_points")), law + ": rows with a NULL are skipped");
    assertEquals(expected.converged(), fit.getBoolean(fit.fieldIndex("converged")), law + ": " + expected.reason());
    assertEquals(expected.parameters().keySet(), fit.getJavaMap(fit.fieldIndex("params")).keySet(), law);
    expected.parameters().forEach((name, value) ->
        assertEquals(value, param(fit, name), Math.abs(value) * 1e-6, law + " " + name));
    assertEquals(expected.atBound(), fit.getList(fit.fieldIndex("at_bound")), law + ": parameters on a bound");
  }

  @Test
  void aFailedFitIsARowNotAFailedQuery() {
    Row fit = one("SELECT fit_chinchilla(n, d, loss) FROM obs WHERE g = 'tiny'").getStruct(0);
    assertFalse(fit.getBoolean(fit.fieldIndex("converged")));
    assertEquals("1 points for 5 parameters: need at least 6", fit.getString(fit.fieldIndex("reason")));
    assertEquals(1, fit.getInt(fit.fieldIndex("n_points")));
  }

  @Test
  void fitChinchillaRefusesAGroupAboveItsPointLimitWithTheReason() {
    Row capped = one("SELECT fit_chinchilla(n, d, loss, 5) FROM obs WHERE g = 'g1'").getStruct(0);
    assertFalse(capped.getBoolean(capped.fieldIndex("converged")));
    assertTrue(capped.getString(capped.fieldIndex("reason")).contains("points exceed the limit of 5 for one chinchilla"
        + " fit"), capped.getString(capped.fieldIndex("reason")));
    Row defaulted = one("SELECT fit_chinchilla(n, d, loss, NULL) FROM obs WHERE g = 'g1'").getStruct(0);
    assertTrue(defaulted.getBoolean(defaulted.fieldIndex("converged")), "NULL keeps the default limit");
    AnalysisException fraction = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT fit_chinchilla(n, d, loss, 2.5) FROM obs"));
    assertTrue(fraction.getMessage().contains("max_points must be a whole number from 1 to 2147483647, got 2.5"),
        fraction.getMessage());
  }

  @Test
  void groupsAreFittedSeparately() {
    List<Row> rows = spark.sql("SELECT g, fit_power_law(n, y).n_points FROM obs WHERE y IS NOT NULL GROUP BY g ORDER BY g")
        .collectAsList();
    assertEquals(List.of("g1", "tiny"), rows.stream().map(r -> r.getString(0)).toList());
    assertEquals(1, rows.get(1).getInt(1));
  }

  @Test
  void scalarFunctionsReproduceThePapers() {
    Row r = one("SELECT kaplan_loss(1e8, 1e10), n_opt(5.76e23), d_opt(5.76e23), chinchilla_loss(1e9, 2e10),"
        + " chinchilla_loss(1e9, 2e10, 'chinchilla-approach-3'), perceiver_ar_params(512, 9, 32000, 2048, 512),"
        + " flops_per_token(1e8, 12, 1024, 768), bits_per_byte(CAST(ln(2) AS DOUBLE), 1), power_law(4, 3, 0.5),"
        + " n_opt(5.76e23, map('k', 0.1, 'exponent', 0.5)), chinchilla_loss(1, 1, CAST(NULL AS STRING)) IS NULL,"
        + " kaplan_critical_batch(2.658), kaplan_min_steps(1e5, kaplan_critical_batch(3.0), 3.0), kaplan_data_bound(1e9),"
        + " kaplan_steps_loss(1e9, 1e5)");
    assertEquals(2.78786, r.getDouble(0), 1e-5, "Kaplan et al. 2020 Eq. 1.5 at N = 1e8, D = 1e10");
    assertEquals(3.219e10, r.getDouble(1), 3.219e10 * 1e-3, "Hoffmann et al. 2022 approach 3 at C = 5.76e23");
    assertEquals(2.982e12, r.getDouble(2), 2.982e12 * 1e-3);
    assertEquals(ChinchillaLaw.PAPER.loss(1e9, 2e10), r.getDouble(3), 1e-12);
    assertEquals(r.getDouble(3), r.getDouble(4), 0.0);
    assertEquals(45_796_096.0, r.getDouble(5), 0.0, "Perceiver AR article: N of (512, 9), vocab 32,000, S 2048");
    assertEquals(2e8 + 2.0 * 12 * 1024 * 768, r.getDouble(6), 0.0, "Kaplan Table 1");
    assertEquals(1.0, r.getDouble(7), 1e-12);
    assertEquals(6.0, r.getDouble(8), 1e-12);
    assertEquals(0.1 * Math.sqrt(5.76e23), r.getDouble(9), 1.0);
    assertTrue(r.getBoolean(10), "NULL in, NULL out");
    assertEquals(2.0e6, r.getDouble(11), 2.0e6 * 0.025, "Kaplan et al. 2020 Table 6: B_crit = 2.0e6 tokens at C_min"
        + " = 1 PF-day, where Eq. 1.3 gives L = 2.658");
    assertEquals(5e4, r.getDouble(12), 1e-6, "§5.1: at B = B_crit a run takes 2 S_min steps");
    assertEquals(2.2854e10, r.getDouble(13), 2.2854e10 * 1e-4, "Eq. 4.4 at N = 1e9: 5e3 * 10^6.66 tokens");
    assertEquals(Math.pow(6.5e13 / 1e9, 0.077) + Math.pow(2.1e3 / 1e5, 0.76), r.getDouble(14), 1e-12,
        "Eq. 1.6 with Table 3");
  }

  /**
   * fit_data_constrained over runs of the published C4 law (four U_D, 1 to 40 epochs, four sizes) gives back a
   * law that predicts as it; data_constrained_loss under the published law is the datablations README's
   * 2.2256440889984477 for its Figure 1 (right) model (6.34B parameters, 242B tokens, 25B unique).
   */
  @Test
  void dataConstrainedLawFitsAndPredictsInSql() {
    List<Row> rows = new ArrayList<>();
    for (double u : new double[] {1e8, 4e8, 1.5e9, 6e9}) {
      for (double epochs : new double[] {1, 2, 4, 8, 16, 40}) {
        for (double n : new double[] {2e7, 1e8, 5e8, 2e9}) {
          rows.add(RowFactory.create(n, epochs * u, u, DataConstrainedLaw.PAPER.loss(n, epochs * u, u)));
        }
      }
    }
    StructType schema = new StructType().add("n", DataTypes.DoubleType).add("d", DataTypes.DoubleType)
        .add("unique_tokens", DataTypes.DoubleType).add("loss", DataTypes.DoubleType);
    spark.createDataFrame(rows, schema).createOrReplaceTempView("repeated");
    Row r = one("SELECT data_constrained_loss(6.34e9, 242e9, 25e9, 'data-constrained-c4'),"
        + " data_constrained_loss(6.34e9, 242e9, 25e9, f), f.converged, f.law"
        + " FROM (SELECT fit_data_constrained(n, d, unique_tokens, loss) AS f FROM repeated)");
    assertEquals(2.2256440889984477, r.getDouble(0), 1e-12, "datablations README, Figure 1 (right)");
    assertEquals(r.getDouble(0), r.getDouble(1), 1e-3, "the fit of the law's own runs predicts as the law");
    assertTrue(r.getBoolean(2));
    assertEquals("data-constrained", r.getString(3));
    Exception noLaw = assertThrows(Exception.class,
        () -> spark.sql("SELECT data_constrained_loss(1e9, 1e10, 1e9)").collect());
    assertTrue(rootMessage(noLaw).contains("data_constrained_loss"), rootMessage(noLaw));
  }

  /**
   * The rule of every scalar function: a measure outside the function's domain (a size, budget or count
   * of tokens at or below 0, NaN, an infinity) or a result that is not a finite number gives NULL, as
   * {@code ln(0)} does; the edge of each domain still gives a number.
   */
  @Test
  void everyScalarFunctionGivesNullOutsideItsDomainAndANumberAtItsEdge() {
    String routed = "map(" + String.join(", ", ROUTED.parameters().entrySet().stream()
        .map(p -> "'" + p.getKey() + "', CAST(" + p.getValue() + " AS DOUBLE)").toList()) + ")";
    String downwardParabola = "map('a', -0.05, 'b', 2.0, 'c', 3.0)";
    List<String> outside = List.of("power_law(0, 2, 0.5)", "power_law(-4, 2, 0.5)", "power_law(10, 2, 1e6)",
        "power_law(4, CAST('NaN' AS DOUBLE), 0.5)", "chinchilla_loss(0, 1e10)", "chinchilla_loss(1e9, -1)",
        "chinchilla_loss(1e9, CAST('Infinity' AS DOUBLE))", "kaplan_loss(0, 0)", "kaplan_loss(1e8, -1e10)",
        "n_opt(-1)", "n_opt(0)", "n_opt(CAST('NaN' AS DOUBLE))", "d_opt(0)", "d_opt(-5.76e23)",
        "n_opt(1e21, " + downwardParabola + ")", "d_opt(1e21, " + downwardParabola + ")",
        "flops_per_token(0, 12, 1024, 768)", "flops_per_token(1e8, -12, 1024, 768)",
        "effective_params(1e8, 0.5, " + routed + ")", "effective_params(0, 64, " + routed + ")",
        "bits_per_byte(-0.1, 1)", "bits_per_byte(2.0, 0)", "kaplan_critical_batch(0)", "kaplan_critical_batch(-3)",
        "kaplan_critical_batch(1e-100)", "kaplan_min_steps(0, 524288, 3)", "kaplan_min_steps(1e5, 0, 3)",
        "kaplan_min_steps(1e5, 524288, -3)", "kaplan_data_bound(0)", "kaplan_data_bound(CAST('NaN' AS DOUBLE))",
        "kaplan_steps_loss(0, 1e5)", "kaplan_steps_loss(1e9, 0)");
    Row r = one("SELECT " + String.join(", ", outside.stream().map(f -> f + " IS NULL").toList()));
    for (int i = 0; i < outside.size(); i++) {
      assertTrue(r.getBoolean(i), outside.get(i) + " gives NULL");
    }
    List<String> edge = List.of("power_law(4.9e-324, 2, 0.5)", "chinchilla_loss(1, 1)", "kaplan_loss(1, 1)",
        "n_opt(1)", "d_opt(1)", "flops_per_token(1, 1, 1, 1)", "effective_params(1, 1, " + routed + ")",
        "bits_per_byte(0, 1)", "perceiver_ar_params(1, 1, 1, 1, 1)", "perceiver_ar_params(1, 1, 2147483647, 2147483647, 1)",
        "kaplan_critical_batch(1)", "kaplan_min_steps(1, 1, 1)", "kaplan_data_bound(1)", "kaplan_steps_loss(1, 1)");
    Row e = one("SELECT " + String.join(", ", edge));
    for (int i = 0; i < edge.size(); i++) {
      assertFalse(e.isNullAt(i), edge.get(i) + " is inside the domain");
      assertTrue(Double.isFinite(e.getDouble(i)), edge.get(i) + " = " + e.getDouble(i));
    }
    assertEquals(0.0, e.getDouble(7), 0.0, "zero nats are zero bits");
    assertEquals(2.0 * 1 + 12 + 7 + 1, e.getDouble(8), 0.0, "(V + S) d + 12 L d^2 + (4L + 3) d + V at all sizes 1");
  }

  /** Sizes of a model configuration are whole numbers: anything else is an error naming the argument and value. */
  @Test
  void perceiverArParamsRejectsWhatIsNotASizeNamingTheArgumentAndTheValue() {
    String expected = ", expected a whole number from 1 to 2147483647";
    Map<String, String> errors = Map.of(
        "perceiver_ar_params(512.9, 9, 32000, 2048, 512)", "perceiver_ar_params: argument 1 (d) = 512.9" + expected,
        "perceiver_ar_params(512, 9, 1e10, 2048, 512)", "perceiver_ar_params: argument 3 (vocab) = 1.0E10" + expected,
        "perceiver_ar_params(-512, 9, 32000, 2048, 512)", "perceiver_ar_params: argument 1 (d) = -512.0" + expected,
        "perceiver_ar_params(512, 0, 32000, 2048, 512)", "perceiver_ar_params: argument 2 (layers) = 0.0" + expected,
        "perceiver_ar_params(512, 9, 32000, 2048, CAST('NaN' AS DOUBLE))",
        "perceiver_ar_params: argument 5 (latents) = NaN" + expected,
        "perceiver_ar_params(512, 9, 32000, 256, 512)", "invalid Perceiver AR configuration (num_channels 512,"
            + " num_layers 9, vocab_size 32000, max_seq_len 256, num_latents 512): sizes must be > 0 and max_seq_len"
            + " >= num_latents");
    errors.forEach((call, message) -> {
      Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT " + call).collect(), call);
      assertEquals(message, rootMessage(e), call);
    });
    assertTrue(rootMessage(assertThrows(Exception.class, () -> spark.sql(
        "SELECT perceiver_ar_params(2147483647, 2147483647, 32000, 2048, 512)").collect()))
        .startsWith("the parameter count of PerceiverArConfig[numChannels=2147483647"), "never a wrapped long");
  }

  @Test
  void lawArgumentsAcceptAFitStructOrItsParams() {
    Row r = one("SELECT n_opt(1e21, f), d_opt(1e21, f.params), chinchilla_loss(1e9, 1e10, f), f FROM"
        + " (SELECT fit_chinchilla(n, d, loss) AS f FROM obs WHERE g = 'g1')");
    ChinchillaLaw fitted = ChinchillaLaw.MODEL.law(r.getStruct(3).<String, Double>getJavaMap(1));
    assertEquals(fitted.nOpt(1e21), r.getDouble(0), fitted.nOpt(1e21) * 1e-12, "the fitted law's N_opt");
    assertEquals(fitted.dOpt(1e21), r.getDouble(1), fitted.dOpt(1e21) * 1e-12, "the fitted law's D_opt");
    assertEquals(ChinchillaLaw.PAPER.nOpt(1e21), r.getDouble(0), ChinchillaLaw.PAPER.nOpt(1e21) * 0.3,
        "points from Eq. 10 give back about its N_opt");
    assertEquals(ChinchillaLaw.PAPER.dOpt(1e21), r.getDouble(1), ChinchillaLaw.PAPER.dOpt(1e21) * 0.3);
    assertEquals(ChinchillaLaw.PAPER.loss(1e9, 1e10), r.getDouble(2), 0.02);
  }

  @Test
  void theNOptOfAnIsoFlopFitIsItsVertex() {
    // Hoffmann et al. 2022 approach 2: at one budget, loss is a parabola in ln N with its minimum at N_opt.
    IsoFlopParabola profile = new IsoFlopParabola(0.05, -2 * 0.05 * Math.log(4e8), 3.0);
    StringBuilder points = new StringBuilder();
    for (double n : new double[] {5e7, 1e8, 3e8, 1e9, 3e9}) {
      points.append(points.length() == 0 ? "" : ", ").append("(").append(n).append(", ").append(profile.loss(n)).append(")");
    }
    Row r = one("SELECT n_opt(1e21, f), d_opt(1e21, f.params) FROM (SELECT fit_isoflop(n, loss) AS f FROM VALUES "
        + points + " AS t(n, loss))");
    assertEquals(4e8, r.getDouble(0), 4e8 * 1e-6, "the vertex, not a point of the profile");
    assertEquals(1e21 / (6 * 4e8), r.getDouble(1), 1e21 / (6 * 4e8) * 1e-6, "D = C / (6 N_opt)");
  }

  @Test
  void nOptOfALawWithoutAComputeOptimalSizeIsAnErrorNotNaN() {
    String routedFit = "(SELECT fit_routed_law(n, d, loss) AS f FROM obs WHERE g = 'routed')";
    String expected = ": the law 'routed' has no compute-optimal size; laws with one: allocation, chinchilla, isoflop,"
        + " kaplan (or the published chinchilla-approach-3)";
    for (String query : List.of("SELECT n_opt(1e21, f) FROM " + routedFit, "SELECT n_opt(1e21, f.params) FROM " + routedFit)) {
      Exception e = assertThrows(Exception.class, () -> spark.sql(query).collect());
      assertTrue(rootMessage(e).equals("n_opt" + expected), query + ": " + rootMessage(e));
    }
    Exception d = assertThrows(Exception.class, () -> spark.sql("SELECT d_opt(1e21, f) FROM " + routedFit).collect());
    assertEquals("d_opt" + expected, rootMessage(d));
  }

  @Test
  void nOptDispatchesOnTheFitStructsLaw() {
    Row r = one("SELECT n_opt(1e21, f), d_opt(1e21, f), f.params['k'], n_opt(5.76e23, 'chinchilla-approach-3'),"
        + " n_opt(5.76e23) FROM (SELECT fit_allocation(c, n, 0.5) AS f FROM VALUES (1e19, 4e8), (1e20, 1.3e9), (1e21, 4e9)"
        + " AS t(c, n))");
    double k = r.getDouble(2);
    assertEquals(k * Math.sqrt(1e21), r.getDouble(0), k * Math.sqrt(1e21) * 1e-12, "N_opt = k C^0.5");
    assertEquals(1e21 / (6 * k * Math.sqrt(1e21)), r.getDouble(1), 1e21 / (6 * k * Math.sqrt(1e21)) * 1e-12,
        "D_opt = C / (6 N_opt)");
    assertEquals(3.219e10, r.getDouble(3), 3.219e10 * 1e-3, "Hoffmann et al. 2022 approach 3 at C = 5.76e23");
    assertEquals(r.getDouble(4), r.getDouble(3), 0.0, "the named law is the default");
  }

  @Test
  void aLawThatCannotBeResolvedIsNamedInTheError() {
    Exception unknown = assertThrows(Exception.class, () -> spark.sql("SELECT n_opt(1e21, map('q', 1.0))").collect());
    assertTrue(rootMessage(unknown).startsWith("params with keys [q] match no law; laws and their parameters:"
        + " {allocation=[k, exponent],"), rootMessage(unknown));
    Exception published = assertThrows(Exception.class, () -> spark.sql("SELECT n_opt(1e21, 'gopher')").collect());
    assertTrue(rootMessage(published).startsWith("unknown published law 'gopher': the named laws are"
        + " [chinchilla-approach-3, data-constrained-c4]"), rootMessage(published));
    Exception wrongLaw = assertThrows(Exception.class,
        () -> spark.sql("SELECT chinchilla_loss(1e9, 1e10, map('k', 0.1, 'exponent', 0.5))").collect());
    assertEquals("chinchilla_loss: expected a chinchilla law, got the law 'allocation'", rootMessage(wrongLaw));
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }

  @Test
  void wrongArityIsAnAnalysisErrorNamingTheSignature() {
    AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql("SELECT fit_power_law(n) FROM obs"));
    assertTrue(e.getMessage().contains("fit_power_law(x DOUBLE, y DOUBLE) takes 2 arguments, got 1: (obs.n DOUBLE)"),
        e.getMessage());
    AnalysisException scalar = assertThrows(AnalysisException.class, () -> spark.sql("SELECT n_opt()"));
    assertTrue(scalar.getMessage().contains("n_opt(c DOUBLE, [law LAW]) takes 1 to 2 arguments, got 0"), scalar.getMessage());
  }

  @Test
  void wrongTypesAreAnalysisErrorsNamingTheArgument() {
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT fit_chinchilla(n, g, loss) FROM obs"));
    assertTrue(e.getMessage().contains("argument 2 (d) must be a number, got obs.g of type STRING"), e.getMessage());
    AnalysisException exponent = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT fit_allocation(n, d, y) FROM obs"));
    assertTrue(exponent.getMessage().contains("argument 3 (exponent) must be a constant number or NULL"),
        exponent.getMessage());
    AnalysisException law = assertThrows(AnalysisException.class, () -> spark.sql("SELECT n_opt(1e21, 3)"));
    assertTrue(law.getMessage().contains("must be a law name, a params map or a fit struct"), law.getMessage());
  }

  @Test
  void aFreshSessionHasTheFunctionsToo() {
    SparkSession fresh = spark.newSession();
    assertEquals(2.78786, fresh.sql("SELECT kaplan_loss(1e8, 1e10)").first().getDouble(0), 1e-5);
    assertTrue(fresh.sql("DESCRIBE FUNCTION fit_routed_law").collectAsList().toString().contains("Clark et al. 2022"));
    assertTrue(fresh.sql("DESCRIBE FUNCTION n_opt").collectAsList().toString().contains(
        "n_opt(c DOUBLE, [law LAW]) - compute-optimal parameters for budget c FLOPs under a law with one (allocation,"
            + " chinchilla, isoflop, kaplan;"), "a scalar function bound to the registry is described too");
  }

  @Test
  void registerAddsTheFunctionsToASessionProgrammatically() {
    SparkSession fresh = spark.newSession();
    fresh.sessionState().functionRegistry().dropFunction(new org.apache.spark.sql.catalyst.FunctionIdentifier("bits_per_byte"));
    assertThrows(AnalysisException.class, () -> fresh.sql("SELECT bits_per_byte(1, 1)"));
    ScalingFunctions.register(fresh);
    assertEquals(1 / Math.log(2), fresh.sql("SELECT bits_per_byte(1, 1)").first().getDouble(0), 1e-12);
  }

  @Test
  void nullColumnsAreSkipped() {
    Row fit = one("SELECT fit_power_law(n, y) FROM obs WHERE g = 'routed'").getStruct(0);
    assertEquals(0, fit.getInt(fit.fieldIndex("n_points")), "y is NULL on every routed row");
    assertFalse(fit.getBoolean(fit.fieldIndex("converged")));
    assertNull(fit.get(fit.fieldIndex("rmse")));
  }
}
