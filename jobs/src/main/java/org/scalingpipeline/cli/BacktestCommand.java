package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
    BacktestJob.Result result = Stage.run("backtest", () -> BacktestJob.run(SparkSessions.getOrCreate("scaling backtest"),
        new BacktestJob.Options(common.warehouse(), plan, only)));
    SummaryTable table = new SummaryTable("study", "cut", "law", "groups", "scored", "ranked first",
        "median ln-RMSE");
    result.laws().forEach(s -> table.row(s.study(), s.cut(), s.law(), s.groups(), s.scored(), s.wins(),
        Double.isNaN(s.medianRmseLog()) ? null : s.medianRmseLog()));
    table.print();
    System.out.println("backtest_version " + result.backtestVersion());
    return 0;
  }
}
