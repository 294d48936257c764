package org.scalingpipeline.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.scalingpipeline.bench.ScaleBenchmark.Outcome;
import org.scalingpipeline.core.fit.RoutedLawFitter;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.ingest.SeedData;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The project's fits side by side with the Python reference methods ({@link ScipyPeer}) on the same data,
 * in one run, so their times compare as a ratio and their parameters group by group:
 *
 * <ul>
 *   <li>per-run loss curves of a {@link ScaleBenchmark} case: {@code fit_loss_curve} against SciPy
 *       {@code curve_fit} on the case's log files;</li>
 *   <li>Hoffmann et al.'s approach 3 over groups of that case's final points (N, D, L), whose truth is the
 *       paper's law: {@code fit_chinchilla} against the L-BFGS-B grid;</li>
 *   <li>Clark et al.'s routed law per router type on the released routing curves, ingested into the same
 *       warehouse: {@code fit_routed_law} against the L-BFGS-B multi-start with as many starts.</li>
 * </ul>
 *
 * <p>The project fits with a Spark SQL aggregate over the warehouse, timed from query to written fits;
 * the peer fits the groups the project read, exported from the warehouse, in one Python process, timed
 * without loading. Without python3, numpy and scipy only the project's side runs.
 */
public final class PeerBenchmark {

  private final SparkSession spark;
  private final ScaleBenchmark scale;
  private final boolean python;

  /** A comparison in {@code spark} on the cases {@code scale} generates; {@code python}: whether to run the peer. */
  public PeerBenchmark(SparkSession spark, ScaleBenchmark scale, boolean python) {
    this.spark = spark;
    this.scale = scale;
    this.python = python;
  }

  /**
   * One method compared.
   *
   * @param method what was fitted, e.g. {@code chinchilla approach 3}
   * @param projectSeconds the project's fit of every group
   * @param groups groups the project fitted
   * @param peer what the Python side did; null when it did not run
   * @param agreement how the two agree, and each against the truth; null without the Python side
   */
  public record Comparison(String method, double projectSeconds, long groups, ScipyPeer.Result peer,
      FitAgreement agreement) {

    /** Python's time for every start over the project's: how many times faster the project is (NaN without Python). */
    public double ratio() {
      return peer == null ? Double.NaN : peer.allStartsSeconds() / projectSeconds;
    }
  }

  /** Per-run loss curves: the case's {@code fit_loss_curve} fits against {@code curve_fit} on the case's log files. */
  public Comparison lossCurves(Outcome outcome) {
    ScipyPeer.Result peer = peer(ScipyPeer.Method.LOSS_CURVE, outcome.logs(), outcome, null);
    Dataset<Row> project = spark.read().parquet(outcome.fits().toString()).withColumnRenamed("run_id", "group_id");
    Dataset<Row> truth = scale.truth(outcome.logs())
        .select(col("run_id").as("group_id"), parameters(List.of("E", "A", "alpha"), col("E"), col("A"), col("alpha")));
    return new Comparison("loss curve per run", outcome.fitSeconds(), outcome.c().runs(), peer,
        agreement(project, peer, truth));
  }

  /**
   * Chinchilla approach 3 over {@code groups} groups of the case's final points (runs assigned by a hash of
   * their id); the Python side runs every {@code gridStride}-th start of the paper's grid and its time is
   * scaled to all.
   */
  public Comparison chinchilla(Outcome outcome, int groups, int gridStride) {
    Dataset<Row> input = scale.finalPoints().select(functions.pmod(functions.xxhash64(col("run_id")), lit(groups))
        .cast("string").as("group_id"), col("n"), col("d"), col("loss"));
    ChinchillaLaw paper = ChinchillaLaw.PAPER;
    List<Column> values = new ArrayList<>();
    for (double v : paper.values()) {
      values.add(lit(v));
    }
    return compare(outcome, "chinchilla approach 3", input, "fit_chinchilla(n, d, loss)", ScipyPeer.Method.CHINCHILLA,
        gridStride, parameters(paper.parameterNames(), values.toArray(Column[]::new)));
  }

  /**
   * Clark et al.'s routed law per router type: ingests the released routing curves of {@code dataDir} into
   * the case's warehouse and fits {@code routed_final} as the fit plan does, both sides with
   * {@link RoutedLawFitter#DEFAULT_STARTS} starts.
   */
  public Comparison routed(Outcome outcome, Path dataDir) {
    String curves = SeedData.require(dataDir, "routing/curves.csv.gz").toAbsolutePath().toString();
    IngestSourcesJob.run(spark, new IngestSourcesJob.Options(dataDir, outcome.warehouse(), false, List.of(curves), null));
    FitInputs.register(spark, Warehouse.open(spark, outcome.warehouse()));
    Dataset<Row> input = spark.sql("SELECT router_type AS group_id, params_dense AS n, CAST(num_experts AS DOUBLE)"
        + " AS experts, value AS loss FROM routed_final WHERE metric = 'loss_validation'");
    return compare(outcome, "routed law per router", input, "fit_routed_law(n, experts, loss)", ScipyPeer.Method.ROUTED,
        RoutedLawFitter.DEFAULT_STARTS, null);
  }

  /**
   * Exports {@code input} ({@code group_id} and the three columns the peer reads) for the peer, times the
   * project's {@code fitCall} per group over it, runs the peer and compares; {@code truthParameters} is the
   * truth of every group, or null.
   */
  private Comparison compare(Outcome outcome, String method, Dataset<Row> input, String fitCall,
      ScipyPeer.Method peerMethod, Object peerOption, Column truthParameters) {
    String name = peerMethod.name().toLowerCase(Locale.ROOT);
    Path groups = peerDir(outcome).resolve(name + "_groups");
    Path fits = peerDir(outcome).resolve(name + "_fits");
    input.toDF("group_id", "c1", "c2", "c3").coalesce(1).write().option("header", "true").csv(groups.toString());
    input.createOrReplaceTempView("peer_groups");
    long start = System.nanoTime();
    spark.sql("SELECT group_id, " + fitCall + " AS fit FROM peer_groups GROUP BY group_id").write()
        .parquet(fits.toString());
    double projectSeconds = (System.nanoTime() - start) / 1e9;
    ScipyPeer.Result peer = peer(peerMethod, groups, outcome, peerOption);
    Dataset<Row> project = spark.read().parquet(fits.toString());
    Dataset<Row> truth = truthParameters == null ? null : project.select(col("group_id"), truthParameters);
    return new Comparison(method, projectSeconds, project.count(), peer, agreement(project, peer, truth));
  }

  /** The peer's fits of {@code input}, or null without Python. */
  private ScipyPeer.Result peer(ScipyPeer.Method method, Path input, Outcome outcome, Object option) {
    return python ? ScipyPeer.run(method, input, peerDir(outcome), option) : null;
  }

  private FitAgreement agreement(Dataset<Row> project, ScipyPeer.Result peer, Dataset<Row> truth) {
    if (peer == null) {
      return null;
    }
    Dataset<Row> peerFits = spark.read().schema("group_id STRING, ok BOOLEAN, params MAP<STRING, DOUBLE>, rmse_log DOUBLE")
        .json(peer.fits().toString());
    return FitAgreement.of(project, peerFits, truth);
  }

  /** A {@code truth} map column of parameter names to values. */
  private static Column parameters(List<String> names, Column... values) {
    List<Column> entries = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      entries.add(lit(names.get(i)));
      entries.add(values[i]);
    }
    return functions.map(entries.toArray(Column[]::new)).as("truth");
  }

  private static Path peerDir(Outcome outcome) {
    return outcome.logs().getParent();
  }
}
