package org.scalingpipeline.jobs;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * Compute-optimal allocation for requested budgets under every law the warehouse knows, side by side:
 * Chinchilla approach 3 as published (closed form, Hoffmann et al. 2022 §3.3, Eq. 4 with Eq. 10's constants), every
 * converged fit of a law with a compute optimum — Chinchilla's L(N, D) (Eq. 2) and Kaplan et al. 2020's (Eq. 1.5,
 * its minimum along C = 6ND) — and the approach-1/2 allocation pairs N_opt = k_N C^a, D_opt = k_D C^b of the plan
 * (the published tables' and each study's IsoFLOP vertices'). A fitted law's answer is a range: N_opt(C) and
 * D_opt(C) are evaluated under each of its bootstrap resamples' parameters ({@code fits.bootstrap_draws}) and the
 * {@value #INTERVAL_LEVEL} percentile interval of those values is given beside the point estimate; a fit without
 * draws says so in {@code note}. A holdout backtest's fit (made on part of a group's points, to test the law)
 * answers no budget. Written to {@code allocations}; everything is computed with the project's SQL functions.
 */
public final class OptimalAllocationJob {

  /** The level of the intervals: that of the fits' own bootstrap intervals. */
  public static final double INTERVAL_LEVEL = 0.95;

  /** Every law's point estimate per budget, with the draws its interval comes from (N's and D's). */
  private static final String ESTIMATES = """
      SELECT 'chinchilla-approach-3 (Hoffmann et al. 2022, Eq. 10)' AS law_name, CAST(NULL AS STRING) AS fit_name,
        CAST(NULL AS STRING) AS group_id, 'chinchilla' AS law, c, n_opt(c) AS n, d_opt(c) AS d,
        CAST(NULL AS BIGINT) AS v, CAST(NULL AS ARRAY<MAP<STRING, DOUBLE>>) AS n_draws,
        CAST(NULL AS ARRAY<MAP<STRING, DOUBLE>>) AS d_draws, 'published constants: no interval' AS why_none
      FROM budgets
      UNION ALL
      SELECT concat(f.fit_name, ' ', f.group_id), f.fit_name, f.group_id, f.law, c, n_opt(c, f.params),
        d_opt(c, f.params), f.fit_version, f.bootstrap_draws, f.bootstrap_draws, NULL
      FROM fits_latest f CROSS JOIN budgets WHERE f.law IN ('chinchilla', 'kaplan') AND f.converged
        AND f.holdout_points IS NULL
      UNION ALL
      SELECT concat(a.pair, ' ', a.group_id), a.pair, a.group_id, 'allocation', c,
        power_law(c, a.n_params['k'], a.n_params['exponent']), power_law(c, a.d_params['k'], a.d_params['exponent']),
        a.fit_version, a.n_draws, a.d_draws, NULL
      FROM allocation_laws a CROSS JOIN budgets WHERE a.converged""";

  /** N_opt and D_opt under each draw: a fitted L(N, D) gives both from one draw, an allocation pair one each. */
  private static final String DRAWN = """
      SELECT law_name, c, IF(law = 'allocation', power_law(c, p['k'], p['exponent']), n_opt(c, p)) AS n,
        IF(law = 'allocation', NULL, d_opt(c, p)) AS d
      FROM estimates LATERAL VIEW explode(n_draws) drawn AS p
      UNION ALL
      SELECT law_name, c, NULL, power_law(c, p['k'], p['exponent'])
      FROM estimates LATERAL VIEW explode(d_draws) drawn AS p WHERE law = 'allocation'""";

  private static final String ALLOCATIONS = """
      SELECT e.law_name, e.c AS budget_flops, e.n AS n_opt, e.d AS d_opt, e.d / e.n AS tokens_per_param,
        e.v AS fit_version, e.fit_name, e.group_id, e.law, b.n_lower AS n_opt_lower, b.n_upper AS n_opt_upper,
        b.d_lower AS d_opt_lower, b.d_upper AS d_opt_upper,
        IF(b.draws > 0, CAST(:level AS DOUBLE), NULL) AS interval_level, coalesce(b.draws, 0) AS draws,
        coalesce(e.why_none, IF(coalesce(b.draws, 0) = 0, 'no bootstrap draws: a point estimate', NULL)) AS note,
        CAST(:now AS TIMESTAMP) AS computed_at
      FROM estimates e LEFT JOIN (
        SELECT law_name, c, percentile(n, :lower) AS n_lower, percentile(n, :upper) AS n_upper,
          percentile(d, :lower) AS d_lower, percentile(d, :upper) AS d_upper, count(n) AS draws
        FROM drawn GROUP BY law_name, c) b ON b.law_name = e.law_name AND b.c = e.c""";

  private OptimalAllocationJob() {}

  /** The warehouse and the budgets, in FLOPs. */
  public record Options(String warehouse, List<Double> budgets) {

    public Options {
      if (budgets.isEmpty() || budgets.stream().anyMatch(b -> !(b > 0) || b.isInfinite())) {
        throw new IllegalArgumentException("budgets must be positive finite FLOP counts, got " + budgets);
      }
      budgets = List.copyOf(budgets);
    }
  }

  /** The allocation rows computed. */
  public record Result(List<Row> rows) {}

  /** Entry point for {@code spark-submit}: the arguments of {@code scaling optimal}. */
  public static void main(String[] args) {
    Launcher.exitWith("optimal", args);
  }

  /** Computes and stores the allocations. */
  public static Result run(SparkSession spark, Options options) {
    try (WarehouseLock lock = WarehouseLock.acquire(options.warehouse(), "optimal")) {
      return run(spark, options, Warehouse.open(spark, options.warehouse()));
    }
  }

  private static Result run(SparkSession spark, Options options, Warehouse warehouse) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    spark.createDataset(options.budgets(), Encoders.DOUBLE()).toDF("c").createOrReplaceTempView("budgets");
    spark.sql(ESTIMATES).createOrReplaceTempView("estimates");
    spark.sql(DRAWN).createOrReplaceTempView("drawn");
    double tail = (1 - INTERVAL_LEVEL) / 2;
    List<Row> rows = spark.sql(ALLOCATIONS, Map.of("level", INTERVAL_LEVEL, "lower", tail, "upper", 1 - tail,
        "now", now)).orderBy("budget_flops", "law_name").collectAsList();
    warehouse.merge("allocations", rows);
    return new Result(rows);
  }
}
