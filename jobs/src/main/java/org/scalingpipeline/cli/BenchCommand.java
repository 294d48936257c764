package org.scalingpipeline.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.bench.ScaleBenchmark;
import org.scalingpipeline.bench.ScaleBenchmark.Case;
import org.scalingpipeline.bench.ScaleBenchmark.Errors;
import org.scalingpipeline.bench.ScaleBenchmark.Outcome;
import org.scalingpipeline.bench.PipelineBenchmark;
import org.scalingpipeline.bench.ScipyPeer;
import org.scalingpipeline.core.bench.FitThroughputBenchmark;
import org.scalingpipeline.refit.RefitLatencyBenchmark;
import org.scalingpipeline.train.TrainingThroughputBenchmark;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scaling bench}: benchmarks (not tests) whose results go into BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; results belong in BENCHMARKS.md.",
    subcommands = {BenchCommand.Scale.class, BenchCommand.Pipeline.class, BenchCommand.Fits.class,
        BenchCommand.Training.class, BenchCommand.Refit.class})
final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code scaling bench scale}: generate, ingest and fit synthetic curves at growing sizes. */
  @Command(name = "scale", mixinStandardHelpOptions = true,
      description = {"Generate synthetic curves with a known truth, ingest them and fit them, at every (points, runs)"
          + " pair with at least " + ScaleBenchmark.MIN_POINTS_PER_RUN + " points per run; report rows/s, fits/s,"
          + " growth against the smallest case and the recovered parameters' errors.",
          "With python3 + numpy + scipy, SciPy's curve_fit per run is timed on the same logs of the --peer-points case."})
  static final class Scale implements Callable<Integer> {

    @Option(names = "--points", split = ",", defaultValue = "10000,100000,1000000", paramLabel = "N",
        description = "Total points per case (default: ${DEFAULT-VALUE}).")
    List<Long> points;

    @Option(names = "--runs", split = ",", defaultValue = "1000,10000", paramLabel = "R",
        description = "Runs per case (default: ${DEFAULT-VALUE}).")
    List<Integer> runs;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skew", defaultValue = "0.2", paramLabel = "FRACTION",
        description = "Also run the largest case with one run holding this fraction of the points; 0 to skip"
            + " (default: ${DEFAULT-VALUE}).")
    double skew;

    @Option(names = "--peer-points", defaultValue = "100000", paramLabel = "N",
        description = "Points of the case the SciPy peer fits (smallest run count); 0 to skip (default: ${DEFAULT-VALUE}).")
    long peerPoints;

    @Option(names = "--work", paramLabel = "DIR", description = "Folder for logs, warehouses and fits (default: a"
        + " temporary folder, deleted at the end).")
    Path work;

    @Override
    public Integer call() throws IOException {
      Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("scaling-bench");
      SparkSession spark = SparkSessions.getOrCreate("scaling bench scale");
      System.out.printf("[scaling] bench scale: Spark %s, master %s, %d cores, %s, seed %d%n", spark.version(),
          spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), System.getProperty("java.version"), seed);
      ScaleBenchmark bench = new ScaleBenchmark(spark, dir, seed);
      List<Case> cases = new ArrayList<>(ScaleBenchmark.cases(points, runs));
      if (skew > 0 && !cases.isEmpty()) {
        Case largest = cases.get(cases.size() - 1);
        cases.add(new Case(largest.points(), largest.runs(), (int) (largest.points() * skew)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Case c : cases) {
        outcomes.add(Stage.run("case " + c.name(), () -> bench.run(c)));
      }
      printThroughput(outcomes);
      printErrors(outcomes);
      peer(bench, outcomes);
      if (work == null) {
        delete(dir);
      }
      return 0;
    }

    private static void printThroughput(List<Outcome> outcomes) {
      Outcome base = outcomes.get(0);
      SummaryTable table = new SummaryTable("case", "points", "runs", "pts/run", "generate s", "ingest s", "ingest rows/s",
          "x base", "fit s", "fits/s", "fit rows/s", "x base", "fit tasks", "longest task s", "grouped fit s",
          "ingest+fit s");
      for (Outcome o : outcomes) {
        table.row(o.c().name(), o.points(), o.c().runs(), (long) o.c().pointsPerRun(), o.generateSeconds(),
            o.ingestSeconds(), o.ingestRowsPerSecond(), o.ingestRowsPerSecond() / base.ingestRowsPerSecond(),
            o.fitSeconds(), o.fitsPerSecond(), o.points() / o.fitSeconds(),
            (o.points() / o.fitSeconds()) / (base.points() / base.fitSeconds()),
            o.fitTasks().tasks(), o.fitTasks().longestSeconds(), o.groupedSeconds(), o.ingestSeconds() + o.fitSeconds());
      }
      System.out.println("\nThroughput (x base: rows/s relative to the first case)");
      table.print();
    }

    private static void printErrors(List<Outcome> outcomes) {
      SummaryTable table = new SummaryTable("case", "converged", "E p50", "E p90", "A p50", "A p90", "alpha p50",
          "alpha p90", "alpha p99", "grouped E", "grouped A", "grouped B", "grouped alpha", "grouped beta");
      for (Outcome o : outcomes) {
        Map<String, Errors> e = o.curveErrors();
        Map<String, Double> g = o.groupedErrors();
        table.row(o.c().name(), o.converged(), e.get("E").p50(), e.get("E").p90(), e.get("A").p50(), e.get("A").p90(),
            e.get("alpha").p50(), e.get("alpha").p90(), e.get("alpha").p99(), g.get("E"), g.get("A"), g.get("B"),
            g.get("alpha"), g.get("beta"));
      }
      System.out.println("\nRecovered vs generating parameters: relative error |fitted/true - 1| over runs (per-run"
          + " curve fits) and of the grouped Chinchilla fit over each run's final point");
      table.print();
    }

    private void peer(ScaleBenchmark bench, List<Outcome> outcomes) {
      Outcome target = outcomes.stream().filter(o -> o.points() == peerPoints && o.c().hugeRunPoints() == 0)
          .min(Comparator.comparingInt(o -> o.c().runs())).orElse(null);
      if (target == null || !ScipyPeer.available()) {
        System.out.println("\nSciPy peer skipped: " + (target == null ? "no case with " + peerPoints + " points"
            : "python3 with numpy and scipy is not available"));
        return;
      }
      ScipyPeer.Result peer = Stage.run("scipy curve_fit on case " + target.c().name(),
          () -> ScipyPeer.run(target.logs(), target.logs().getParent()));
      SummaryTable times = new SummaryTable("method", "runs", "load s", "fit s", "fits/s", "fit time vs scaling");
      times.row("scaling: fit_loss_curve GROUP BY run_id (Spark)", (long) target.c().runs(), target.ingestSeconds(),
          target.fitSeconds(), target.fitsPerSecond(), 1.0);
      times.row("scipy curve_fit per run (1 process)", (long) peer.runs(), peer.loadSeconds(), peer.fitSeconds(),
          peer.runs() / peer.fitSeconds(), peer.fitSeconds() / target.fitSeconds());
      System.out.println("\nPeer on case " + target.c().name() + " (scaling's load = ingest into Delta; SciPy's = json.loads)");
      times.print();
      Map<String, Errors> agreement = bench.agreement(target, peer);
      Map<String, Errors> peerErrors = bench.peerErrors(target, peer);
      SummaryTable params = new SummaryTable("parameter", "|scaling/scipy-1| p50", "p90", "scaling vs truth p50",
          "scipy vs truth p50", "scaling vs truth p90", "scipy vs truth p90");
      for (String name : List.of("E", "A", "alpha")) {
        params.row(name, agreement.get(name).p50(), agreement.get(name).p90(), target.curveErrors().get(name).p50(),
            peerErrors.get(name).p50(), target.curveErrors().get(name).p90(), peerErrors.get(name).p90());
      }
      params.print();
    }

    private static void delete(Path dir) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  /** {@code scaling bench pipeline}: the bundled pipeline's wall time on the seed data, by stage. */
  @Command(name = "pipeline", mixinStandardHelpOptions = true,
      description = "Wall time of ingest + fit plan + allocations on the seed data, by stage, against Spark's start.")
  static final class Pipeline implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
      List<PipelineBenchmark.Stage> stages = PipelineBenchmark.run(common.dataDir(), List.of(1e21, 5.76e23));
      System.out.print(PipelineBenchmark.table(stages));
      return 0;
    }
  }

  /** {@code scaling bench fits}: fits per second of every law on 25-point groups, against SciPy when present. */
  @Command(name = "fits", mixinStandardHelpOptions = true,
      description = "Fits per second of each law on 25-point groups (math core, no Spark), with a SciPy baseline.")
  static final class Fits implements Callable<Integer> {

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "SECONDS", description = "Time per law.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      FitThroughputBenchmark.main(args.toArray(String[]::new));
      return 0;
    }
  }

  /** {@code scaling bench training}: tokens/s and model FLOPs utilisation per model size. */
  @Command(name = "training", mixinStandardHelpOptions = true,
      description = "Training throughput and MFU per model size against a matrix-multiply ceiling.")
  static final class Training implements Callable<Integer> {

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "STEPS", description = "Steps per size.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      TrainingThroughputBenchmark.main(args.toArray(String[]::new));
      return 0;
    }
  }

  /** {@code scaling bench refit}: latency from a new log file to updated fits at growing warehouse sizes. */
  @Command(name = "refit", mixinStandardHelpOptions = true,
      description = "Latency from one new log file to updated fits at 1x, 10x and 100x the seed data.")
  static final class Refit implements Callable<Integer> {

    @picocli.CommandLine.Parameters(paramLabel = "ARG", description = "Arguments of RefitLatencyBenchmark.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      RefitLatencyBenchmark.main(args.toArray(String[]::new));
      return 0;
    }
  }
}
