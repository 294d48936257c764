package org.scalingpipeline.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.core.fit.HoldoutCut;
import org.scalingpipeline.fit.Backtest;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.fit.FitPlanRunner;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.sql.ScalingFunctions;
import org.scalingpipeline.warehouse.Schemas;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * {@code scaling backtest}: for each leaderboard study of the plan ({@link Backtest}), each of its laws and each of
 * its cuts, fits the law on every group's points below the cut and scores its prediction of the points above
 * ({@link ScalingFunctions#backtest}, one grouped aggregation per law and cut, distributed like the fits), and appends
 * the scores to {@code law_backtests} under a new {@code backtest_version}; the view {@code law_leaderboard} ranks the
 * laws of the newest run per group and cut.
 */
public final class BacktestJob {

  private BacktestJob() {}

  /**
   * @param warehouse the warehouse folder or URI
   * @param plan a plan file replacing the bundled one, or null
   * @param only names of the plan's backtest studies to run; empty for all
   */
  public record Options(String warehouse, Path plan, List<String> only) {}

  /** The backtest version written and, per study, cut and law, how the law fared over the study's groups. */
  public record Result(long backtestVersion, List<Summary> laws) {

    /**
     * One law of a study at one cut, over the study's groups.
     *
     * @param groups groups backtested
     * @param scored groups whose backtest was scored (fit converged and identified, points held out)
     * @param wins groups where the law ranked first
     * @param medianRmseLog median ln-space RMSE of the scored groups' predictions; NaN when none was scored
     */
    public record Summary(String study, String cut, String law, long groups, long scored, long wins,
        double medianRmseLog) {}
  }

  /** Entry point for {@code spark-submit}: the arguments of {@code scaling backtest}. */
  public static void main(String[] args) {
    Launcher.exitWith("backtest", args);
  }

  /** Runs the plan's backtests. */
  public static Result run(SparkSession spark, Options options) {
    try (WarehouseLock lock = WarehouseLock.acquire(options.warehouse(), "backtest")) {
      Warehouse warehouse = Warehouse.open(spark, options.warehouse());
      FitPlan plan = options.plan() == null ? FitPlan.bundled() : FitPlan.fromFile(options.plan());
      List<Backtest> studies = options.only().isEmpty() ? plan.backtests()
          : options.only().stream().map(name -> study(plan, name)).toList();
      FitInputs.register(spark, warehouse);
      long version = warehouse.nextBacktestVersion();
      Timestamp now = new Timestamp(System.currentTimeMillis());
      Dataset<Row> rows = spark.createDataFrame(List.of(), Schemas.LAW_BACKTESTS);
      for (Backtest study : studies) {
        for (FitPlan.Entry entry : study.entries()) {
          for (HoldoutCut cut : study.cut().cuts()) {
            rows = rows.unionByName(scores(spark, study, entry, cut, version, now));
          }
        }
      }
      warehouse.merge("law_backtests", rows);
      List<Result.Summary> summaries = spark.sql("SELECT study, cut, law, groups, scored, wins, median_rmse_log"
          + " FROM law_wins WHERE backtest_version = :version ORDER BY study, cut, wins DESC, law",
          Map.of("version", version)).collectAsList().stream().map(r -> new Result.Summary(r.getString(0),
              r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
              r.isNullAt(6) ? Double.NaN : r.getDouble(6))).toList();
      return new Result(version, summaries);
    }
  }

  private static Backtest study(FitPlan plan, String name) {
    return plan.backtests().stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the fit plan has no backtest '" + name + "'; its backtests: "
            + plan.backtests().stream().map(Backtest::name).toList()));
  }

  /** The law_backtests rows of one law of a study at one cut: a grouped aggregation over the study's points. */
  private static Dataset<Row> scores(SparkSession spark, Backtest study, FitPlan.Entry entry, HoldoutCut cut,
      long version, Timestamp now) {
    Dataset<Row> points = entry.selected(FitInputs.view(spark, entry.input()));
    Column score = ScalingFunctions.backtest(FitSpec.of(entry.law()), cut, expr(study.cut().column()),
        entry.roleColumns()).as("b");
    List<FitPlan.GroupKey> keys = entry.groupKeys();
    Column[] groups = entry.groupColumns();
    Dataset<Row> grouped = groups.length == 0 ? points.agg(score) : points.groupBy(groups).agg(score);
    return grouped.select(lit(study.name()).as("study"), col("b.law"), lit(entry.metric()).cast("string").as("metric"),
        FitPlanRunner.groupId(keys).as("group_id"),
        FitPlanRunner.groupKey(keys).as("group_key"), lit(study.cut().column()).as("cut_column"),
        lit(cut.toString()).as("cut"), col("b.cutoff"), col("b.n_fit"), col("b.n_heldout"), col("b.rmse_log"),
        col("b.max_rel_error"), col("b.extrapolation_decades"), col("b.converged"), col("b.reason"), col("b.params"),
        lit(version).as("backtest_version"), lit(now).as("backtested_at"));
  }
}
