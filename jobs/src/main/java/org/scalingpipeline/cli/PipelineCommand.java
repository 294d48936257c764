package org.scalingpipeline.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import java.nio.file.Path;
import java.util.List;
import org.scalingpipeline.jobs.FitPlanJob;
import org.scalingpipeline.jobs.OptimalAllocationJob;
import org.scalingpipeline.jobs.ReportJob;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling pipeline}: every stage in order on the seed data, with a summary at the end. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on the seed data: ingest, fit, optimal allocations, report.")
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
    SparkSession spark = SparkSessions.getOrCreate("scaling pipeline");
    IngestSourcesJob.Result ingest = Stage.run("ingest", () ->
        IngestSourcesJob.run(spark, IngestSourcesJob.Options.seeds(common.dataDir(), common.warehouse())));
    FitPlanJob.Result fit = Stage.run("fit", () -> FitPlanJob.run(spark, FitPlanJob.Options.defaults(common.warehouse())));
    OptimalAllocationJob.Result optimal = Stage.run("optimal", () -> OptimalAllocationJob.run(spark,
        new OptimalAllocationJob.Options(common.warehouse(), budgets)));
    ReportJob.Result report = Stage.run("report", () -> ReportJob.run(spark, new ReportJob.Options(common.warehouse(), out)));
    SummaryTable table = new SummaryTable("stage", "what", "count");
    ingest.sources().forEach(s -> table.row("ingest", s.name() + " points", s.accounting().points()));
    fit.entries().forEach(e -> table.row("fit", e.fitName() + " (converged/groups)", e.converged() + "/" + e.groups()));
    table.row("optimal", "allocations (laws x budgets)", optimal.rows().size());
    table.row("report", report.index().toString() + " (charts)", report.charts().size());
    table.print();
    return 0;
  }
}
