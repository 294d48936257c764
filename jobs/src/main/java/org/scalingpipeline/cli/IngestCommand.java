package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scaling ingest}: the seed sources and any log folders into the warehouse. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Ingest the seed data sets and training logs into the warehouse's runs, points and rejects tables.")
final class IngestCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Mixin
  ConventionOptions conventions;

  @Option(names = "--logs", paramLabel = "PATH", split = ",",
      description = "Files or folders of training logs: TensorBoard event files, MLflow (mlruns/, mlflow.db), W&B run"
          + " folders, trainer_state.json, CSV by column map, JSONL, TensorBoard CSV (data/log-format.md).")
  List<String> logs = new ArrayList<>();

  @Option(names = "--no-seeds", description = "Ingest only --logs, not the seed data sets.")
  boolean noSeeds;

  @Option(names = "--manifest", paramLabel = "FILE", description = "Perceiver AR experiment manifest (default: the bundled one).")
  Path manifest;

  @Override
  public Integer call() {
    IngestSourcesJob.Options options = new IngestSourcesJob.Options(common.dataDir(), common.warehouse(),
        !noSeeds, logs, manifest);
    IngestSourcesJob.Result result = Stage.run("ingest", () ->
        IngestSourcesJob.run(conventions.apply(SparkSessions.getOrCreate("scaling ingest")), options));
    SummaryTable table = new SummaryTable("source", "read", "accepted", "rejected", "empty cells", "points");
    result.sources().forEach(s -> table.row(s.name(), s.accounting().read(), s.accounting().accepted(),
        s.accounting().rejected(), s.accounting().emptyCells(), s.accounting().points()));
    table.print();
    return 0;
  }
}
