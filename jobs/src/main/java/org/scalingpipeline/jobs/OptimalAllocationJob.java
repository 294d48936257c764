package org.scalingpipeline.jobs;

import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * Compute-optimal allocation for requested budgets under every law the warehouse knows, side by
 * side: Chinchilla approach 3 as published and as fitted (closed form, Hoffmann et al. 2022 §3.3),
 * and the approach-1/2 allocation fits N_opt = k_N C^a, D_opt = k_D C^b (fixed and free exponents).
 * Written to {@code allocations}; everything is computed with the project's SQL functions.
 */
public final class OptimalAllocationJob {

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
    String budgets = options.budgets().stream().map(b -> "CAST(" + b + " AS DOUBLE)").collect(Collectors.joining(", "));
    Timestamp now = new Timestamp(System.currentTimeMillis());
    spark.sql("SELECT explode(array(" + budgets + ")) AS c").createOrReplaceTempView("budgets");
    Dataset<Row> allocations = spark.sql(
        "SELECT 'chinchilla-approach-3 (Hoffmann et al. 2022, Eq. 10)' AS law_name, c, n_opt(c) AS n, d_opt(c) AS d,"
            + " CAST(NULL AS BIGINT) AS v FROM budgets"
            + " UNION ALL SELECT concat(f.fit_name, ' ', f.group_id), c, n_opt(c, f.params), d_opt(c, f.params), f.fit_version"
            + " FROM fits_latest f CROSS JOIN budgets WHERE f.law = 'chinchilla' AND f.converged"
            + " UNION ALL SELECT concat(replace(n.fit_name, '-n-', '-'), ' ', n.group_id), c,"
            + " power_law(c, n.params['k'], n.params['exponent']), power_law(c, d.params['k'], d.params['exponent']),"
            + " greatest(n.fit_version, d.fit_version)"
            + " FROM fits_latest n JOIN fits_latest d ON d.fit_name = replace(n.fit_name, '-n-', '-d-')"
            + " AND d.group_id = n.group_id CROSS JOIN budgets"
            + " WHERE n.law = 'allocation' AND n.fit_name LIKE '%-n-%' AND n.converged AND d.converged")
        .selectExpr("law_name", "c AS budget_flops", "n AS n_opt", "d AS d_opt", "d / n AS tokens_per_param",
            "v AS fit_version", "CAST('" + now + "' AS TIMESTAMP) AS computed_at");
    warehouse.merge("allocations", allocations);
    List<Row> rows = allocations.orderBy("budget_flops", "law_name").collectAsList();
    return new Result(rows);
  }
}
