package org.scalingpipeline.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.fit.FitPlanRunner;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * Runs a fit plan over the warehouse and appends the fitted laws to {@code fits} under a new
 * {@code fit_version}, recording the input table versions it read; {@code fits_latest} then shows
 * the newest fit per group.
 */
public final class FitPlanJob {

  private FitPlanJob() {}

  /**
   * @param warehouse the warehouse folder or URI
   * @param plan a plan file replacing the bundled one, or null
   * @param only names of plan entries to run; empty for all
   * @param source fit only the runs of this source (the entries reading runs' points), or null for all
   * @param where fit only the input rows this Spark SQL condition keeps (the entries whose input has its columns),
   *     or null for all
   */
  public record Options(String warehouse, Path plan, List<String> only, String source, String where) {

    /** The bundled plan over a warehouse. */
    public static Options defaults(String warehouse) {
      return new Options(warehouse, null, List.of(), null, null);
    }

    /** The plan over the whole warehouse. */
    public Options(String warehouse, Path plan, List<String> only) {
      this(warehouse, plan, only, null, null);
    }

    /** The filter over the entries' inputs that the source and where options make, or null for none. */
    Column narrowing() {
      Column bySource = source == null ? null : col("source").equalTo(lit(source));
      Column byWhere = where == null ? null : expr(where);
      return bySource == null ? byWhere : byWhere == null ? bySource : bySource.and(byWhere);
    }
  }

  /** The fit version written and the number of fit rows per plan entry. */
  public record Result(long fitVersion, Map<String, Long> input, List<Summary> entries, List<String> skipped) {

    /** Fits of one plan entry: how many groups, how many converged. */
    public record Summary(String fitName, String law, long groups, long converged) {}

    /** The summary of one entry. */
    public Summary entry(String name) {
      return entries.stream().filter(e -> e.fitName().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no fits for " + name));
    }
  }

  /** Entry point for {@code spark-submit}: the arguments of {@code scaling fit}. */
  public static void main(String[] args) {
    Launcher.exitWith("fit", args);
  }

  /** Runs the plan. */
  public static Result run(SparkSession spark, Options options) {
    try (WarehouseLock lock = WarehouseLock.acquire(options.warehouse(), "fit")) {
      return run(spark, options, Warehouse.open(spark, options.warehouse()));
    }
  }

  /**
   * Fits the entries that fit points, writes them, then the entries that fit those fits ({@link FitPlan.Entry#readsFits}),
   * all under one fit version.
   */
  private static Result run(SparkSession spark, Options options, Warehouse warehouse) {
    FitPlan plan = options.plan() == null ? FitPlan.bundled() : FitPlan.fromFile(options.plan());
    List<FitPlan.Entry> entries = options.only().isEmpty() ? plan.fits()
        : options.only().stream().map(plan::entry).toList();
    Map<String, Long> versions = FitInputs.register(spark, warehouse);
    long fitVersion = warehouse.nextFitVersion();
    FitPlanRunner runner = new FitPlanRunner(spark, versions, fitVersion, new Timestamp(System.currentTimeMillis()));
    List<String> skipped = new ArrayList<>();
    for (boolean ofFits : new boolean[] {false, true}) {
      List<FitPlan.Entry> stage = entries.stream().filter(e -> e.readsFits() == ofFits).toList();
      if (!stage.isEmpty()) {
        FitPlanRunner.Planned fits = runner.rows(stage, options.narrowing());
        warehouse.merge("fits", fits.rows());
        skipped.addAll(fits.skipped());
      }
    }
    List<Result.Summary> summaries = spark.sql("SELECT fit_name, first(law), count(*), count_if(converged) FROM fits"
        + " WHERE fit_version = :version GROUP BY fit_name ORDER BY fit_name", Map.of("version", fitVersion))
        .collectAsList().stream()
        .map(r -> new Result.Summary(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3))).toList();
    return new Result(fitVersion, versions, summaries, skipped);
  }
}
