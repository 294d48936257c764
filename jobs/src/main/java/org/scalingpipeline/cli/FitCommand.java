package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.FitPlanJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling fit}: runs the fit plan over the warehouse into the fits table. */
@Command(name = "fit", mixinStandardHelpOptions = true,
    description = "Fit the plan's laws to the warehouse's runs and points; append them to the fits table.")
final class FitCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Option(names = "--plan", paramLabel = "FILE", description = "Fit plan (default: the bundled data/fit-plan.json).")
  Path plan;

  @Option(names = "--only", paramLabel = "NAME", split = ",", description = "Run only these plan entries.")
  List<String> only = new ArrayList<>();

  @Option(names = "--source", paramLabel = "SOURCE",
      description = "Fit only this source's runs (runs.source); the entries over published tables are left out.")
  String source;

  @Option(names = "--where", paramLabel = "SQL",
      description = "Fit only the input rows this Spark SQL condition keeps, e.g. \"dataset = 'c4'\"; entries whose"
          + " input lacks its columns are left out.")
  String where;

  @Override
  public Integer call() {
    FitPlanJob.Result result = Stage.run("fit", () -> FitPlanJob.run(SparkSessions.getOrCreate("scaling fit"),
        new FitPlanJob.Options(common.warehouse(), plan, only, source, where)));
    print(result);
    return 0;
  }

  static void print(FitPlanJob.Result result) {
    SummaryTable table = new SummaryTable("fit", "law", "groups", "converged");
    result.entries().forEach(e -> table.row(e.fitName(), e.law(), e.groups(), e.converged()));
    table.print();
    if (!result.skipped().isEmpty()) {
      System.out.println("left out (their inputs are not narrowed by --source/--where): "
          + String.join(", ", result.skipped()));
    }
    System.out.println("fit_version " + result.fitVersion() + ", inputs " + result.input());
  }
}
