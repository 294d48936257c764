package org.scalingpipeline.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scalingpipeline.synthetic.GeneratingLaw;
import org.scalingpipeline.synthetic.SyntheticCurves;
import org.scalingpipeline.synthetic.SyntheticLogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scaling generate}: seeded synthetic training logs with a known truth (see {@link SyntheticCurves}). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write N runs x P points of synthetic loss curves in the JSONL log format, from a law of the"
        + " registry (by default Hoffmann et al.'s Chinchilla law) with noise and a few loss spikes, plus the generating"
        + " law and parameters in _truth_runs.csv and _truth_law.csv. A run of N parameters at T tokens per step logs"
        + " the law at (N, D = T*step), or for a law of one variable (x, y) at its compute C = 6*N*T*step.",
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

  @Option(names = "--law", defaultValue = "chinchilla", paramLabel = "NAME",
      description = "The generating law: a registry law of (n, d, loss), chinchilla or kaplan, or of one variable"
          + " (x, y) read at compute, e.g. power-law-offset or bnsl-1 (default: ${DEFAULT-VALUE}).")
  String law;

  @Option(names = "--param", paramLabel = "NAME=VALUE",
      description = "A parameter of the law, as the registry names it (e.g. alpha=0.3); repeatable. Defaults are the"
          + " published constants of chinchilla (Hoffmann et al. 2022, Eq. 10) and kaplan (Kaplan et al. 2020,"
          + " Table 2); other laws need every parameter.")
  Map<String, Double> params = new LinkedHashMap<>();

  @Option(names = "--dataset", defaultValue = SyntheticCurves.DATASET, paramLabel = "NAME",
      description = "The runs' dataset, so studies generated from several laws are told apart (default:"
          + " ${DEFAULT-VALUE}).")
  String dataset;

  @Override
  public Integer call() {
    SyntheticCurves.Spec spec = new SyntheticCurves.Spec(runs, points, seed, noise, outliers, hugeRun,
        GeneratingLaw.of(law, params), dataset);
    SyntheticLogs.Written written = Stage.run("generate", () -> SyntheticLogs.write(new SyntheticCurves(spec), out));
    new SummaryTable("folder", "runs", "points", "outliers")
        .row(written.dir().toString(), written.runs(), written.points(), written.outliers()).print();
    return 0;
  }
}
