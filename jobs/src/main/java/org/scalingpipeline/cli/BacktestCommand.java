package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.jobs.BacktestJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling backtest}: ranks the plan's laws per study by how well each predicted the held-out larger runs. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = {"For each backtest study of the plan, fit every law it lists on each group's points below each cut"
        + " and score the prediction of the points above it; append the scores to law_backtests and print the"
        + " leaderboard (the view law_leaderboard: the laws of each group and cut ranked by ln-space RMSE)."})
final class BacktestCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Option(names = "--plan", paramLabel = "FILE", description = "Fit plan (default: the bundled data/fit-plan.json).")
  Path plan;

  @Option(names = "--only", paramLabel = "NAME", split = ",", description = "Run only these backtest studies.")
  List<String> only = new ArrayList<>();

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.getOrCreate("scaling backtest");
    BacktestJob.Result result = Stage.run("backtest",
        () -> BacktestJob.run(spark, new BacktestJob.Options(common.warehouse(), plan, only)));
    SummaryTable table = new SummaryTable("study", "group", "cut", "rank", "law", "ln-RMSE", "max rel. error",
        "fitted", "held out", "decades", "not scored because");
    spark.sql("SELECT study, group_id, cut, rank, law, rmse_log, max_rel_error, n_fit, n_heldout, extrapolation_decades,"
        + " reason, converged FROM law_leaderboard WHERE backtest_version = :version ORDER BY study, group_id, cut, rank",
        Map.of("version", result.backtestVersion())).collectAsList().forEach(r -> table.row(r.get(0), r.get(1),
            r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), r.get(8), r.get(9),
            r.getBoolean(11) ? null : r.get(10)));
    table.print();
    System.out.println("backtest_version " + result.backtestVersion());
    return 0;
  }
}
