package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling refit}: new logs of a landing folder into the warehouse, and the affected fits refit. */
@Command(name = "refit", mixinStandardHelpOptions = true,
    description = "Ingest the logs that arrived in a landing folder since the last run (exactly once), quarantine"
        + " malformed ones, refit only the affected groups under a new fit_version, record it in refit_log.")
final class RefitCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  ConventionOptions conventions;

  @Option(names = "--landing", required = true, paramLabel = "DIR", description = "Folder producers drop logs into.")
  String landing;

  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "Streaming checkpoint (default: <warehouse>/_refit/checkpoint); one per landing folder.")
  String checkpoint;

  @Option(names = "--quarantine", paramLabel = "DIR", description = "Where malformed files go (default: <landing>/_quarantine).")
  String quarantine;

  @Option(names = "--plan", paramLabel = "FILE", description = "Fit plan (default: the bundled data/fit-plan.json).")
  Path plan;

  @Option(names = "--manifest", paramLabel = "FILE", description = "Perceiver AR experiment manifest (default: the bundled one).")
  Path manifest;

  @Override
  public Integer call() {
    RefitLandingJob.Options options = new RefitLandingJob.Options(landing, common.warehouse(), checkpoint, quarantine,
        plan, manifest);
    RefitLandingJob.Result result = Stage.run("refit", () ->
        RefitLandingJob.run(conventions.apply(SparkSessions.getOrCreate("scaling refit")), options));
    SummaryTable table = new SummaryTable("unit", "files", "new", "unchanged", "modified", "quarantined",
        "rows accepted", "rows rejected", "groups refit", "fit_version", "seconds");
    result.units().forEach(u -> table.row(u.unit(), u.filesSeen(), u.filesNew(), u.filesUnchanged(), u.filesModified(),
        u.filesQuarantined(), u.rowsAccepted(), u.rowsRejected(), u.groupsRefit(), u.fitVersion(), u.durationSeconds()));
    table.print();
    System.out.printf("refit: %d units in %.1f s%n", result.units().size(), result.seconds());
    return 0;
  }
}
