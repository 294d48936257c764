package org.scalingpipeline.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline in order, composed once: ingest, then the fit plan, then the backtests of the plan's
 * leaderboard studies, the compute-optimal allocations and the report when asked for. {@code scaling pipeline}, the pipeline benchmark and
 * the tests' warehouses run it; each stage runs through a {@link Stages} the caller gives, for
 * progress lines or timings.
 */
public final class Pipeline {

  private Pipeline() {}

  /** Runs one named stage and returns its result: prints progress, times it, or just runs it. */
  public interface Stages {

    <T> T run(String name, Supplier<T> stage);
  }

  /**
   * What to run.
   *
   * @param ingest the ingest
   * @param fit the fit plan
   * @param backtest the plan's backtests, or null for none
   * @param optimal the allocations, or null for none
   * @param report the report, or null for none
   */
  public record Options(IngestSourcesJob.Options ingest, FitPlanJob.Options fit, BacktestJob.Options backtest,
      OptimalAllocationJob.Options optimal, ReportJob.Options report) {

    /** The seed sources of a data directory into a warehouse and the bundled fit plan. */
    public static Options seeds(Path dataDir, String warehouse) {
      return new Options(IngestSourcesJob.Options.seeds(dataDir, warehouse), FitPlanJob.Options.defaults(warehouse),
          null, null, null);
    }

    /** The same, with the plan's backtests ({@code law_backtests}, the report's law leaderboard). */
    public Options withBacktests() {
      return new Options(ingest, fit, new BacktestJob.Options(fit.warehouse(), fit.plan(), List.of()), optimal, report);
    }

    /** The same, with allocations for these budgets (FLOPs). */
    public Options withBudgets(List<Double> budgets) {
      return new Options(ingest, fit, backtest, new OptimalAllocationJob.Options(fit.warehouse(), budgets), report);
    }

    /** The same, with the report written into a folder. */
    public Options withReport(Path out) {
      return new Options(ingest, fit, backtest, optimal, new ReportJob.Options(fit.warehouse(), fit.plan(), out));
    }
  }

  /** Each stage's result; null for a stage not run. */
  public record Result(IngestSourcesJob.Result ingest, FitPlanJob.Result fit, BacktestJob.Result backtest,
      OptimalAllocationJob.Result optimal, ReportJob.Result report) {}

  /** Runs the stages without progress lines. */
  public static Result run(SparkSession spark, Options options) {
    return run(spark, options, Pipeline::quietly);
  }

  /** Runs the stages, each through {@code stages}. */
  public static Result run(SparkSession spark, Options options, Stages stages) {
    IngestSourcesJob.Result ingest = stages.run("ingest", () -> IngestSourcesJob.run(spark, options.ingest()));
    FitPlanJob.Result fit = stages.run("fit", () -> FitPlanJob.run(spark, options.fit()));
    BacktestJob.Result backtest = options.backtest() == null ? null
        : stages.run("backtest", () -> BacktestJob.run(spark, options.backtest()));
    OptimalAllocationJob.Result optimal = options.optimal() == null ? null
        : stages.run("optimal", () -> OptimalAllocationJob.run(spark, options.optimal()));
    ReportJob.Result report = options.report() == null ? null
        : stages.run("report", () -> ReportJob.run(spark, options.report()));
    return new Result(ingest, fit, backtest, optimal, report);
  }

  private static <T> T quietly(String name, Supplier<T> stage) {
    return stage.get();
  }
}
