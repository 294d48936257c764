package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.Pipeline;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling pipeline}: every stage in order on the seed data, with a summary at the end. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on the seed data: ingest, fit, backtest, optimal allocations, report.")
final class PipelineCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Option(names = "--budget", paramLabel = "FLOPS", split = ",",
      description = "Compute budgets for the allocations (default: ${DEFAULT-VALUE}).")
  List<Double> budgets = List.of(1e21, 1e22, 1e23, 5.76e23);

  @Option(names = "--out", paramLabel = "DIR", description = "Folder of the HTML report (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("report");

  @Override
  public Integer call() {
    Pipeline.Result result = Pipeline.run(SparkSessions.getOrCreate("scaling pipeline"),
        Pipeline.Options.seeds(common.dataDir(), common.warehouse()).withBacktests().withBudgets(budgets).withReport(out),
        Stage::run);
    SummaryTable table = new SummaryTable("stage", "what", "count");
    result.ingest().sources().forEach(s -> table.row("ingest", s.name() + " points", s.accounting().points()));
    result.fit().entries().forEach(e -> table.row("fit", e.fitName() + " (converged/groups)", e.converged() + "/" + e.groups()));
    result.backtest().laws().forEach(l -> table.row("backtest", l.study() + " " + l.cut() + " " + l.law()
        + " (ranked first/scored/groups)", l.wins() + "/" + l.scored() + "/" + l.groups()));
    table.row("optimal", "allocations (laws x budgets)", result.optimal().rows().size());
    table.row("report", result.report().index().toString() + " (charts)", result.report().charts().size());
    table.print();
    return 0;
  }
}
