package org.scalingpipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.bench.PeerBenchmark.Comparison;
import org.scalingpipeline.bench.ScaleBenchmark.Case;
import org.scalingpipeline.bench.ScaleBenchmark.Errors;
import org.scalingpipeline.bench.ScaleBenchmark.Outcome;
import org.scalingpipeline.cli.CommonOptions;
import org.scalingpipeline.cli.ScalingCli;
import org.scalingpipeline.cli.Stage;
import org.scalingpipeline.cli.SummaryTable;
import org.scalingpipeline.ingest.SeedData;
import org.scalingpipeline.jobs.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scaling bench}: benchmarks (not tests) whose results go into BENCHMARKS.md. The main class
 * of the bench module, which {@code bin/scaling bench} runs with the bench jar on the class path: the
 * production command line in {@code jobs} knows nothing of the benchmarks.
 */
@Command(name = "scaling bench", mixinStandardHelpOptions = true, description = "Benchmarks; results belong in BENCHMARKS.md.",
    subcommands = {BenchCommand.Scale.class, BenchCommand.Peers.class, BenchCommand.Pipeline.class,
        BenchCommand.Fits.class, BenchCommand.Training.class, BenchCommand.Refit.class, BenchCommand.Events.class,
        BenchCommand.BigLog.class, BenchCommand.SqlRemote.class})
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(ScalingCli.run(new BenchCommand(), args));
  }

  /** {@code scaling bench scale}: generate, ingest and fit synthetic curves at growing sizes. */
  @Command(name = "scale", mixinStandardHelpOptions = true,
      description = {"Generate synthetic curves with a known truth, ingest them and fit them, at every (points, runs)"
          + " pair with at least " + ScaleBenchmark.MIN_POINTS_PER_RUN + " points per run; report rows/s, fits/s,"
          + " growth against the smallest case and the recovered parameters' errors. (SciPy's curve_fit on the same"
          + " logs: bench peers.)"})
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
  }

  /** {@code scaling bench peers}: the project's fits against the Python reference methods on the same data. */
  @Command(name = "peers", mixinStandardHelpOptions = true,
      description = {"The project's fits (Spark SQL aggregates over one warehouse) against the Python reference methods"
          + " on the same data in one run: per-run loss curves of a synthetic case (fit_loss_curve vs SciPy curve_fit),"
          + " Chinchilla approach 3 over groups of its runs' final points (fit_chinchilla vs the L-BFGS-B grid) and"
          + " the routed law per router type on the released routing curves (fit_routed_law vs the L-BFGS-B"
          + " multi-start). Prints time ratios, parameter agreement and errors against the truth.",
          "Without python3 + numpy + scipy only the project's side runs."})
  static final class Peers implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the seed data sets, for the routing"
        + " curves (default: $" + SeedData.ENV + ", else " + SeedData.DEFAULT_DIR + ").")
    String dataDir;

    @Option(names = "--points", defaultValue = "100000", paramLabel = "N",
        description = "Points of the synthetic case (default: ${DEFAULT-VALUE}).")
    long points;

    @Option(names = "--runs", defaultValue = "1000", paramLabel = "R",
        description = "Runs of the synthetic case (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--chinchilla-groups", defaultValue = "5", paramLabel = "G",
        description = "Groups the runs' final points are split into for fit_chinchilla (default: ${DEFAULT-VALUE}).")
    int chinchillaGroups;

    @Option(names = "--grid-stride", defaultValue = "49", paramLabel = "K",
        description = "Python runs every K-th start of the paper's 4,500-start grid (the whole grid takes SciPy about an"
            + " hour per group on 2 busy cores) and its time is scaled to the whole grid; 1 for all (default:"
            + " ${DEFAULT-VALUE}: 92 starts covering every value of every coordinate).")
    int gridStride;

    @Option(names = "--work", paramLabel = "DIR", description = "Folder for logs, warehouse, exports and fits (default:"
        + " a temporary folder, deleted at the end).")
    Path work;

    @Override
    public Integer call() throws IOException {
      Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("scaling-bench");
      boolean python = ScipyPeer.available();
      SparkSession spark = SparkSessions.getOrCreate("scaling bench peers");
      System.out.printf("[scaling] bench peers: Spark %s, master %s, %d cores, %s, seed %d%n", spark.version(),
          spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), System.getProperty("java.version"), seed);
      if (!python) {
        System.out.println("[scaling] Python side skipped: python3 with numpy and scipy is not available"
            + " (python3 -c 'import numpy, scipy' failed); only the project's times are measured");
      }
      ScaleBenchmark scale = new ScaleBenchmark(spark, dir, seed);
      PeerBenchmark peers = new PeerBenchmark(spark, scale, python);
      Case c = new Case(points, runs, 0);
      Outcome outcome = Stage.run("case " + c.name() + ": generate, ingest, fit_loss_curve per run", () -> scale.run(c));
      List<Comparison> comparisons = List.of(
          Stage.run("loss curves: curve_fit per run", () -> peers.lossCurves(outcome)),
          Stage.run("chinchilla: " + chinchillaGroups + " groups of final points", () -> peers.chinchilla(outcome,
              chinchillaGroups, gridStride)),
          Stage.run("routed: ingest the routing curves, one group per router", () -> peers.routed(outcome,
              SeedData.directory(dataDir))));
      print(comparisons);
      if (work == null) {
        delete(dir);
      }
      return 0;
    }

    private static void print(List<Comparison> comparisons) {
      SummaryTable table = new SummaryTable("method", "groups", "compared", "project s", "python s", "python starts run",
          "python/project", "params diff p50", "params diff max", "ln-RMSE diff max", "project vs truth p50",
          "python vs truth p50");
      for (Comparison c : comparisons) {
        ScipyPeer.Result peer = c.peer();
        FitAgreement a = c.agreement();
        table.row(c.method(), c.groups(), a == null ? null : a.compared(), c.projectSeconds(),
            peer == null ? null : peer.allStartsSeconds(), peer == null ? null : percent(peer.startsFraction()),
            peer == null ? null : c.ratio(), a == null ? null : a.paramsMedian(), a == null ? null : a.paramsMax(),
            a == null ? null : a.rmseMax(), a == null ? null : a.projectError(), a == null ? null : a.peerError());
      }
      System.out.println("\nProject (Spark SQL, all cores) vs Python reference (one process). python s: fitting every"
          + " group with all of the method's starts (measured on the share of starts run, scaled); params diff: per"
          + " group max over parameters of |project/python - 1|; ln-RMSE diff: |project/python - 1| of the natural-log"
          + " RMSE; vs truth: per group max over parameters of |fitted/true - 1|");
      table.print();
    }

    private static String percent(double fraction) {
      return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
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

  /** {@code scaling bench events}: TensorBoard event-file reading against raw reads, and a logdir's ingest. */
  @Command(name = "events", mixinStandardHelpOptions = true,
      description = "Parse MB/s of TensorBoard event files (mostly histograms) against raw reads of the same bytes in"
          + " the same run, per core, and the wall time of ingesting the whole synthetic logdir.")
  static final class Events implements Callable<Integer> {

    @Option(names = "--mb", defaultValue = "1000", description = "Size of the synthetic logdir (default: ${DEFAULT-VALUE}).")
    int megabytes;

    @Option(names = "--runs", defaultValue = "8", description = "Run folders (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws IOException {
      return printInTemporaryFolder("scaling-bench-events", dir -> EventFileBenchmark.table(
          EventFileBenchmark.run(dir, megabytes, runs, SparkSessions.getOrCreate("scaling bench events"))));
    }
  }

  /** {@code scaling bench big-log}: one JSONL log of several GiB ingested in a small heap. */
  @Command(name = "big-log", mixinStandardHelpOptions = true,
      description = "Ingest one generated JSONL log of the given size (default 3 GiB) with this JVM's heap: wall time,"
          + " MB/s, points/s and the heap's peak use.")
  static final class BigLog implements Callable<Integer> {

    @Option(names = "--gib", defaultValue = "3", description = "Size of the log in GiB (default: ${DEFAULT-VALUE}).")
    double gib;

    @Override
    public Integer call() throws IOException {
      return printInTemporaryFolder("scaling-bench-big-log", dir -> BigLogBenchmark.run(dir,
          (long) (gib * (1L << 30)), SparkSessions.getOrCreate("scaling bench big-log")));
    }
  }

  /** {@code scaling bench sql-remote}: a query through a warm {@code scaling serve} against a one-shot sql. */
  @Command(name = "sql-remote", mixinStandardHelpOptions = true,
      description = "Time \"" + SqlRemoteBenchmark.QUERY + "\" with bin/scaling sql on its own Spark, then through"
          + " a warm scaling serve (sql --remote), on the ingested seed data; the goal is <= 3 s remote.")
  static final class SqlRemote implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "5", description = "Remote queries timed (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws IOException {
      return printInTemporaryFolder("scaling-bench-sql-remote", dir -> {
        try {
          SqlRemoteBenchmark.run(dir, rounds);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        return "";
      });
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

  /** A benchmark that works in a folder of its own and gives its table. */
  private interface InFolder {
    String run(Path dir) throws IOException;
  }

  /** Runs a benchmark in a new temporary folder, prints its table and deletes the folder. */
  private static Integer printInTemporaryFolder(String prefix, InFolder bench) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    try {
      System.out.print(bench.run(dir));
      return 0;
    } finally {
      delete(dir);
    }
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
