package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.synthetic.SyntheticCurves;
import org.scalingpipeline.synthetic.SyntheticLogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scaling generate}: seeded synthetic training logs with a known truth (see {@link SyntheticCurves}). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write N runs x P points of synthetic loss curves in the JSONL log format, from the Chinchilla"
        + " law with noise and a few loss spikes, plus the generating parameters in _truth_runs.csv and _truth_law.csv.",
        "Ingest them with: scaling ingest --no-seeds --logs DIR"})
final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--runs", required = true, paramLabel = "N", description = "Number of runs.")
  int runs;

  @Option(names = "--points", required = true, paramLabel = "P", description = "Points per run.")
  int points;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the logs into.")
  Path out;

  @Option(names = "--noise", defaultValue = "0.01", paramLabel = "SIGMA",
      description = "Standard deviation of the multiplicative log-normal noise (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(names = "--outliers", defaultValue = "0.002", paramLabel = "FRACTION",
      description = "Fraction of points that are loss spikes, 1.5-3x the curve (default: ${DEFAULT-VALUE}).")
  double outliers;

  @Option(names = "--huge-run", defaultValue = "0", paramLabel = "POINTS",
      description = "Give run 0 this many points instead of P, a skewed group (default: off).")
  int hugeRun;

  @Override
  public Integer call() {
    SyntheticCurves.Spec spec = new SyntheticCurves.Spec(runs, points, seed, noise, outliers, hugeRun, ChinchillaLaw.PAPER);
    SyntheticLogs.Written written = Stage.run("generate", () -> SyntheticLogs.write(new SyntheticCurves(spec), out));
    new SummaryTable("folder", "runs", "points", "outliers")
        .row(written.dir().toString(), written.runs(), written.points(), written.outliers()).print();
    return 0;
  }
}
