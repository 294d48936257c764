package org.scalingpipeline.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The default fit plan on the seed data, checked against the papers and the Perceiver AR article:
 * Clark et al. 2022's unified routed law, Hoffmann et al. 2022's allocation tables, and the article's
 * Table 1 and conclusions.
 */
class FitPlanJobTest {

  private static SparkSession spark;

  @BeforeAll
  static void warehouse() {
    spark = TestSpark.session();
    Warehouse.open(spark, TestSpark.seedWarehouse());
  }

  private static Row one(String sql) {
    return spark.sql(sql).first();
  }

  private static double fit(String fitName, String groupId, String param) {
    return one("SELECT params['" + param + "'] FROM fits_latest WHERE fit_name = '" + fitName + "' AND group_id = '"
        + groupId + "'").getDouble(0);
  }

  @Test
  void thePlanFitsEveryGroupItDeclares() {
    FitPlanJob.Result result = TestSpark.seedFit();
    Map<String, List<Long>> expected = Map.ofEntries(
        Map.entry("routed-loss-vs-experts", List.of(18L, 18L)),
        Map.entry("routed-unified-law", List.of(3L, 3L)),
        Map.entry("routed-unified-law-holdout", List.of(3L, 3L)),
        Map.entry("routed-loss-vs-n", List.of(30L, 30L)),
        Map.entry("perceiver-ar-loss-curve", List.of(10L, 10L)),
        // 2a has 5 model sizes; 1 has 3, which a 3-parameter parabola interpolates; 2b has 2 (not identified).
        Map.entry("perceiver-ar-isoflop", List.of(3L, 1L)),
        Map.entry("chinchilla-allocation-n-fixed-1", List.of(1L, 1L)),
        Map.entry("chinchilla-allocation-n-free", List.of(2L, 2L)),
        Map.entry("chinchilla-approach-3-published", List.of(1L, 1L)),
        Map.entry("kaplan-n-d-published", List.of(1L, 1L)));
    expected.forEach((name, counts) -> {
      FitPlanJob.Result.Summary summary = result.entry(name);
      assertEquals(counts.get(0), summary.groups(), name + " groups");
      assertEquals(counts.get(1), summary.converged(), name + " converged");
    });
    assertEquals(223, result.entry("routed-loss-curve").groups(), "one loss curve per routed run");
    assertTrue(result.entries().stream().noneMatch(e -> e.fitName().startsWith("trained-")),
        "no runs of scaling train in the seed data, so no (failed) fits of them: " + result.entries());
    assertEquals(1, result.fitVersion());
  }

  @Test
  void theUnifiedRoutedLawReachesTheReferenceOptimum() {
    // Clark et al. 2022 Eq. 1, fitted per router with the dense runs as E = 1 (final step, routing frequency 0.5,
    // k 1, seed 42). Bounds: the reference colab's optimum (L-BFGS-B from hundreds of starts, then polished).
    Map<String, double[]> bounds = Map.of("S-Base", new double[] {58, 0.00324}, "RL-R", new double[] {59, 0.00324},
        "Hash", new double[] {56, 0.00300});
    bounds.forEach((router, bound) -> {
      Row fit = one("SELECT n_points, rmse_log10, converged FROM fits_latest WHERE fit_name = 'routed-unified-law'"
          + " AND group_id = 'router_type=" + router + "'");
      assertEquals((int) bound[0], fit.getInt(0), router + " points");
      assertTrue(fit.getDouble(1) <= bound[1], router + ": log10 RMSE " + fit.getDouble(1) + " > " + bound[1]);
      assertTrue(fit.getBoolean(2), router + " converged");
    });
  }

  @Test
  void theFinalValueIsTheLastNonEmptyOne() {
    // curves.csv.gz: most runs' final evaluation is at step 249,000 (the row at 248,000 has empty losses);
    // one run ends at 250,000 and one at 248,000.
    List<Row> ends = spark.sql("SELECT step, count(*) FROM final_points WHERE source = 'routing'"
        + " AND metric = 'loss_validation' GROUP BY step ORDER BY step").collectAsList();
    assertEquals("[[248000,1], [249000,221], [250000,1]]", ends.toString());
  }

  @Test
  void chinchillaAllocationsWithFixedExponentsMatchTheArticle() {
    // Perceiver AR article, fits of Hoffmann et al. 2022 Tables 3 (approach 1) and A3 (approach 2).
    assertEquals(0.0877, fit("chinchilla-allocation-n-fixed-1", "approach=chinchilla-approach-1", "k"), 0.0877 * 5e-3);
    assertEquals(1.8960, fit("chinchilla-allocation-d-fixed-1", "approach=chinchilla-approach-1", "k"), 1.8960 * 5e-3);
    assertEquals(0.1448, fit("chinchilla-allocation-n-fixed-2", "approach=chinchilla-approach-2", "k"), 0.1448 * 5e-3);
    assertEquals(1.1519, fit("chinchilla-allocation-d-fixed-2", "approach=chinchilla-approach-2", "k"), 1.1519 * 5e-3);
    Row nOpt = one("SELECT power_law(5.78e17, params['k'], params['exponent']), power_law(1.98e17, params['k'],"
        + " params['exponent']) FROM fits_latest WHERE fit_name = 'chinchilla-allocation-n-fixed-2'");
    assertEquals(7.32e7, nOpt.getDouble(0), 7.32e7 * 5e-3, "article: N_opt(5.78e17) with approach 2");
    assertEquals(4.33e7, nOpt.getDouble(1), 4.33e7 * 5e-3, "article: N_opt for the 2a budget with approach 2");
    assertEquals(3.90e7, one("SELECT power_law(1.98e17, params['k'], params['exponent']) FROM fits_latest"
        + " WHERE fit_name = 'chinchilla-allocation-n-fixed-1'").getDouble(0), 3.90e7 * 5e-3, "approach 1");
  }

  @Test
  void freeExponentFitsCarryBootstrapIntervals() {
    Row fit = one("SELECT params['exponent'], ci_lower['exponent'], ci_upper['exponent'] FROM fits_latest"
        + " WHERE fit_name = 'chinchilla-allocation-n-free' AND group_id = 'approach=chinchilla-approach-1'");
    assertEquals(0.50, fit.getDouble(0), 0.02, "Hoffmann et al. 2022 Table 2: a = 0.50 for approach 1");
    assertTrue(fit.getDouble(1) < fit.getDouble(0) && fit.getDouble(0) < fit.getDouble(2), fit.toString());
  }

  @Test
  void perceiverArSetupReproducesTheArticlesTable1() {
    List<Row> rows = spark.sql("SELECT params, params_cross, params_self, flops, flops_self, flops_self_approx"
        + " FROM perceiver_ar_setup WHERE experiment = 'scaling-1' ORDER BY version").collectAsList();
    double[][] table1 = {
        {4.58e7, 7.86e5, 4.50e7, 5.93e17, 5.78e17, 5.53e17},
        {7.27e7, 9.58e5, 7.17e7, 5.91e17, 5.78e17, 5.54e17},
        {1.08e8, 1.12e6, 1.06e8, 5.89e17, 5.78e17, 5.55e17}};
    for (int model = 0; model < 3; model++) {
      for (int column = 0; column < 6; column++) {
        double printed = table1[model][column];
        assertEquals(printed, rows.get(model).getDouble(column), printed * 0.006,
            "article Table 1, model " + model + ", column " + column);
      }
    }
  }

  @Test
  void thePredictedOptimumHoldsForExperiment1AndIsTooLargeFor2aAnd2b() {
    // The article: the approach-2 N_opt at each experiment's C_self picks the best model in experiment 1 and
    // overestimates N_opt in experiments 2a and 2b, where a smaller model reached the lowest loss.
    List<Row> rows = spark.sql("WITH k AS (SELECT params FROM fits_latest WHERE fit_name = 'chinchilla-allocation-n-fixed-2'),"
        + " s AS (SELECT experiment, params_self, final_loss, power_law(max(flops_self) OVER (PARTITION BY experiment),"
        + " k.params['k'], k.params['exponent']) AS n_opt FROM perceiver_ar_setup CROSS JOIN k)"
        + " SELECT experiment, min_by(params_self, abs(ln(params_self / n_opt))) AS predicted,"
        + " min_by(params_self, final_loss) AS best, first(n_opt) AS n_opt FROM s GROUP BY experiment ORDER BY experiment")
        .collectAsList();
    assertEquals("scaling-1", rows.get(0).getString(0));
    assertEquals(rows.get(0).getDouble(1), rows.get(0).getDouble(2), "experiment 1: the predicted model is the best");
    for (Row row : rows.subList(1, 3)) {
      assertTrue(row.getDouble(2) < row.getDouble(1), row.getString(0) + ": the best model is smaller than predicted " + row);
    }
  }

  @Test
  void aHoldoutBacktestPredictsTheLargestModels() {
    Row row = one("SELECT min(holdout_points), max(holdout_rmse) FROM fits_latest WHERE fit_name = 'routed-unified-law-holdout'");
    long largest = one("SELECT min(c) FROM (SELECT router_type, count(*) AS c FROM routed_final"
        + " WHERE metric = 'loss_validation' AND params_dense >= 1e9 GROUP BY router_type)").getLong(0);
    assertTrue(largest >= 1, "the seed data have 1.3B models under every router");
    assertEquals(largest, row.getInt(0), "every 1.3B model of a router is held out (plan: holdout n below 1e9)");
    assertTrue(row.getDouble(1) < 0.05, "the law fitted below 1B predicts the 1.3B losses within 5 %: " + row);
  }
}
