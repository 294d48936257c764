package org.scalingpipeline.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.OptimalAllocationJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling optimal --budget C,...}: N_opt and D_opt for budgets under every law, side by side. */
@Command(name = "optimal", mixinStandardHelpOptions = true,
    description = "Compute-optimal parameters and tokens for compute budgets under each law; writes the allocations table.")
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
    SummaryTable table = new SummaryTable("budget (FLOPs)", "law", "N_opt", "D_opt", "tokens/param");
    result.rows().forEach(r -> table.row(String.format("%.3g", r.getDouble(1)), r.getString(0), r.get(2), r.get(3), r.get(4)));
    table.print();
    return 0;
  }
}
