package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.ReportJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling report --out DIR}: writes the HTML report with its charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write an HTML report with PNG/SVG charts of the warehouse's runs and newest fits.")
final class ReportCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Option(names = "--plan", paramLabel = "FILE",
      description = "Fit plan whose entries to draw (default: the bundled data/fit-plan.json), as given to scaling fit.")
  Path plan;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "report",
      description = "Folder to write index.html and charts/ into (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    ReportJob.Result result = Stage.run("report", () -> ReportJob.run(SparkSessions.getOrCreate("scaling report"),
        new ReportJob.Options(common.warehouse(), plan, out)));
    System.out.println("wrote " + result.index() + " with " + result.charts().size() + " charts");
    return 0;
  }
}
