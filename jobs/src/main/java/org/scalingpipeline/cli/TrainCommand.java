package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.train.TextCorpus;
import org.scalingpipeline.train.TrainSweepJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scaling train}: trains a sweep of small language models, one Spark task per run, into a landing folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a sweep of small decoder LMs with DJL (GPU when Spark assigns one, else CPU); logs land for refit.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--sweep", required = true, paramLabel = "FILE", description = "Sweep file, e.g. data/sweeps/cpu-isoflop.json.")
  Path sweep;

  @Option(names = "--landing", required = true, paramLabel = "DIR", description = "Folder the run logs land in.")
  Path landing;

  @Option(names = "--corpus", paramLabel = "PATH",
      description = "Text file or folder to train on (default: the Brown corpus fetched by bin/fetch-corpus).")
  Path corpus;

  @Override
  public Integer call() {
    Path text = corpus != null ? corpus : TextCorpus.defaultLocation().orElseThrow(() -> new IllegalArgumentException(
        "no --corpus given and the default Brown corpus is not fetched; run bin/fetch-corpus or pass --corpus PATH"));
    TrainSweepJob.Result result = Stage.run("train", () -> TrainSweepJob.run(SparkSessions.getOrCreate("scaling train"),
        new TrainSweepJob.Options(sweep, text, landing)));
    System.out.print(TrainSweepJob.table(result));
    return result.completed() == result.runs().size() ? 0 : 1;
  }
}
