package org.scalingpipeline.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
    Timestamp now = new Timestamp(System.currentTimeMillis());
    spark.createDataset(options.budgets(), Encoders.DOUBLE()).toDF("c").createOrReplaceTempView("budgets");
    Dataset<Row> allocations = spark.sql(
        "SELECT 'chinchilla-approach-3 (Hoffmann et al. 2022, Eq. 10)' AS law_name, c, n_opt(c) AS n, d_opt(c) AS d,"
            + " CAST(NULL AS BIGINT) AS v FROM budgets"
            + " UNION ALL SELECT concat(f.fit_name, ' ', f.group_id), c, n_opt(c, f.params), d_opt(c, f.params), f.fit_version"
            + " FROM fits_latest f CROSS JOIN budgets WHERE f.law = 'chinchilla' AND f.converged"
            + " UNION ALL SELECT concat(a.pair, ' ', a.group_id), c, power_law(c, a.n_params['k'], a.n_params['exponent']),"
            + " power_law(c, a.d_params['k'], a.d_params['exponent']), a.fit_version"
            + " FROM allocation_laws a CROSS JOIN budgets WHERE a.converged")
        .select(col("law_name"), col("c").as("budget_flops"), col("n").as("n_opt"), col("d").as("d_opt"),
            col("d").divide(col("n")).as("tokens_per_param"), col("v").as("fit_version"), lit(now).as("computed_at"));
    warehouse.merge("allocations", allocations);
    List<Row> rows = allocations.orderBy("budget_flops", "law_name").collectAsList();
    return new Result(rows);
  }
}
