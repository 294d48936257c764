package org.scalingpipeline.cli;

import java.util.List;
import org.apache.spark.sql.Row;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.OptimalAllocationJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling optimal --budget C,...}: N_opt and D_opt for budgets under every law, side by side. */
@Command(name = "optimal", mixinStandardHelpOptions = true,
    description = "Compute-optimal parameters and tokens for compute budgets under each converged law, with the"
        + " 95 % bootstrap interval of each fitted law's answer; writes the allocations table.")
final class OptimalCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Option(names = "--budget", paramLabel = "FLOPS", split = ",", required = true,
      description = "Compute budgets in FLOPs, e.g. 1e21,5.76e23.")
  List<Double> budgets;

  @Override
  public Integer call() {
    OptimalAllocationJob.Result result = Stage.run("optimal", () -> OptimalAllocationJob.run(
        SparkSessions.getOrCreate("scaling optimal"), new OptimalAllocationJob.Options(common.warehouse(), budgets)));
    SummaryTable table = new SummaryTable("budget (FLOPs)", "law", "N_opt", "N_opt 95 % interval", "D_opt",
        "D_opt 95 % interval", "tokens/param", "note");
    result.rows().forEach(r -> table.row(String.format("%.3g", r.<Double>getAs("budget_flops")), r.getAs("law_name"),
        r.getAs("n_opt"), interval(r, "n_opt"), r.getAs("d_opt"), interval(r, "d_opt"), r.getAs("tokens_per_param"),
        r.getAs("note")));
    table.print();
    return 0;
  }

  /** {@code [lower, upper]} of a quantity's interval, or empty without one. */
  private static String interval(Row row, String quantity) {
    Double lower = row.getAs(quantity + "_lower");
    Double upper = row.getAs(quantity + "_upper");
    return lower == null || upper == null ? "" : String.format("[%.3e, %.3e]", lower, upper);
  }
}
