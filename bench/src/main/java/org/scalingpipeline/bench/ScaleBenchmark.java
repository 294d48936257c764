package org.scalingpipeline.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.synthetic.SyntheticCurves;
import org.scalingpipeline.synthetic.SyntheticLogs;
import org.scalingpipeline.synthetic.SyntheticRun;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * How the pipeline's cost grows with points and runs: for each case, synthetic logs with a known
 * truth are generated, ingested into a fresh warehouse, fitted per run with
 * {@code fit_loss_curve(step, value) ... GROUP BY run_id}, and fitted as one group with
 * {@code fit_chinchilla} over each run's final point; the recovered parameters are compared with
 * the generating ones on the executors (only per-case summaries reach the driver).
 */
public final class ScaleBenchmark {

  /** Fewer points per run than this do not determine a three-parameter curve well; such cases are skipped. */
  public static final int MIN_POINTS_PER_RUN = 10;

  private static final String PER_RUN_FITS = "SELECT run_id, fit_loss_curve(step, value) AS fit FROM points GROUP BY run_id";
  /** Each synthetic run's final point as Chinchilla's (N, D, L); other sources in the warehouse are left out. */
  private static final String FINAL_POINTS = """
      SELECT run_id, r.params_dense AS n, p.tokens AS d, p.value AS loss
      FROM points p
      JOIN (SELECT run_id, max(step) AS step FROM points GROUP BY run_id) last USING (run_id, step)
      JOIN runs r USING (run_id)
      WHERE r.source = '""" + SyntheticRun.SOURCE + "'";
  private static final String GROUPED_FIT = "SELECT fit_chinchilla(n, d, loss) AS fit FROM (" + FINAL_POINTS + ")";

  private final SparkSession spark;
  private final Path workDir;
  private final long seed;

  /** A benchmark in {@code spark}, writing logs, warehouses and fits under {@code workDir}. */
  public ScaleBenchmark(SparkSession spark, Path workDir, long seed) {
    this.spark = spark;
    this.workDir = workDir;
    this.seed = seed;
  }

  /**
   * One case: {@code points} in total over {@code runs} runs; with {@code hugeRunPoints} > 0, run 0
   * has that many points and the others share the rest (a skewed group).
   */
  public record Case(long points, int runs, int hugeRunPoints) {

    /** Points of every run but a huge one. */
    public int pointsPerRun() {
      return (int) ((points - hugeRunPoints) / (hugeRunPoints > 0 ? runs - 1 : runs));
    }

    /** A short name, e.g. {@code 1000000x1000} or {@code 1000000x1000-skewed}. */
    public String name() {
      return points + "x" + runs + (hugeRunPoints > 0 ? "-skewed" : "");
    }

    SyntheticCurves.Spec spec(long seed) {
      SyntheticCurves.Spec spec = SyntheticCurves.Spec.of(runs, pointsPerRun(), seed);
      return hugeRunPoints > 0 ? spec.withHugeRun(hugeRunPoints) : spec;
    }
  }

  /** Every (points, runs) pair with at least {@link #MIN_POINTS_PER_RUN} points per run, smallest first. */
  public static List<Case> cases(List<Long> points, List<Integer> runs) {
    List<Case> cases = new ArrayList<>();
    for (long p : points.stream().sorted().toList()) {
      for (int r : runs.stream().sorted().toList()) {
        if (p / r >= MIN_POINTS_PER_RUN) {
          cases.add(new Case(p, r, 0));
        }
      }
    }
    return cases;
  }

  /** Relative errors {@code |fitted/true − 1|} of one parameter over the runs: median, 90th and 99th percentile. */
  public record Errors(double p50, double p90, double p99) {}

  /**
   * What a case measured.
   *
   * @param points points actually generated and ingested
   * @param fitTasks task times of the per-run fits (the longest task shows skew)
   * @param curveErrors per-run curve parameter errors by name (E, A, alpha)
   * @param converged fraction of per-run fits that converged
   * @param groupedErrors relative error of each Chinchilla parameter of the grouped fit
   * @param logs the generated log files
   * @param warehouse the warehouse they were ingested into
   * @param fits the per-run fits, Parquet of {@code run_id, fit}
   */
  public record Outcome(Case c, long points, double generateSeconds, double ingestSeconds, double fitSeconds,
      TaskTimes.Summary fitTasks, double groupedSeconds, Map<String, Errors> curveErrors, double converged,
      Map<String, Double> groupedErrors, Path logs, String warehouse, Path fits) {

    public double ingestRowsPerSecond() {
      return points / ingestSeconds;
    }

    public double fitsPerSecond() {
      return c.runs() / fitSeconds;
    }
  }

  /** Runs one case. */
  public Outcome run(Case c) {
    Path logs = workDir.resolve(c.name()).resolve("logs");
    String warehouse = workDir.resolve(c.name()).resolve("warehouse").toString();
    Path fits = workDir.resolve(c.name()).resolve("fits");
    long start = System.nanoTime();
    SyntheticLogs.Written written = SyntheticLogs.write(new SyntheticCurves(c.spec(seed)), logs);
    double generate = seconds(start);

    start = System.nanoTime();
    quietly(() -> IngestSourcesJob.run(spark, new IngestSourcesJob.Options(null, warehouse, false,
        List.of(logs.toString()), null)));
    double ingest = seconds(start);

    Warehouse.open(spark, warehouse);
    TaskTimes times = TaskTimes.listen(spark);
    start = System.nanoTime();
    spark.sql(PER_RUN_FITS).write().mode("overwrite").parquet(fits.toString());
    double fit = seconds(start);
    TaskTimes.Summary fitTasks = times.stop();

    start = System.nanoTime();
    Row grouped = spark.sql(GROUPED_FIT).first().getStruct(0);
    double groupedSeconds = seconds(start);

    Row summary = spark.read().parquet(fits.toString()).join(truth(logs), "run_id").selectExpr(
        "avg(CAST(fit.converged AS DOUBLE))",
        quantiles("fit.params['E'] / E"), quantiles("fit.params['A'] / A"), quantiles("fit.params['alpha'] / alpha"))
        .first();
    Map<String, Errors> curveErrors = new LinkedHashMap<>();
    curveErrors.put("E", errors(summary, 1));
    curveErrors.put("A", errors(summary, 2));
    curveErrors.put("alpha", errors(summary, 3));
    return new Outcome(c, written.points(), generate, ingest, fit, fitTasks, groupedSeconds, curveErrors,
        summary.getDouble(0), groupedErrors(grouped.getJavaMap(grouped.fieldIndex("params"))), logs, warehouse, fits);
  }

  /**
   * Each synthetic run's final point of the warehouse last opened, {@code run_id, n, d, loss}: the
   * (parameters, tokens, loss) triples a Chinchilla approach 3 fit takes.
   */
  public Dataset<Row> finalPoints() {
    return spark.sql(FINAL_POINTS);
  }

  /**
   * The generating curve parameters of each run of {@code logs}, {@code run_id, E, A, alpha}, read on the
   * driver (one short line per run): Spark's file sources skip the {@code _}-prefixed truth file.
   */
  public Dataset<Row> truth(Path logs) {
    List<String> lines;
    try {
      lines = Files.readAllLines(logs.resolve(SyntheticLogs.RUNS_TRUTH));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> header = List.of(lines.get(0).split(","));
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      rows.add(RowFactory.create(cells[header.indexOf("run_id")], Double.parseDouble(cells[header.indexOf("E")]),
          Double.parseDouble(cells[header.indexOf("A")]), Double.parseDouble(cells[header.indexOf("alpha")])));
    }
    StructType schema = new StructType().add("run_id", DataTypes.StringType).add("E", DataTypes.DoubleType)
        .add("A", DataTypes.DoubleType).add("alpha", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }

  private static String quantiles(String ratio) {
    return "percentile_approx(abs(" + ratio + " - 1), array(0.5, 0.9, 0.99), 10000)";
  }

  private static Errors errors(Row row, int column) {
    List<Double> q = row.getList(column);
    return new Errors(q.get(0), q.get(1), q.get(2));
  }

  private static Map<String, Double> groupedErrors(Map<String, Double> params) {
    ChinchillaLaw truth = ChinchillaLaw.PAPER;
    double[] expected = truth.values();
    Map<String, Double> errors = new LinkedHashMap<>();
    for (int i = 0; i < expected.length; i++) {
      String name = truth.parameterNames().get(i);
      Double fitted = params.get(name);
      errors.put(name, fitted == null ? Double.NaN : Math.abs(fitted / expected[i] - 1));
    }
    return errors;
  }

  /** Runs the ingest without its accounting line per file (thousands of files would flood the report). */
  private static <T> T quietly(Supplier<T> work) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return work.get();
    } finally {
      System.setOut(out);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
