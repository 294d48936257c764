package org.scalingpipeline.fit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.max;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.RoutedCurvesParser;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The inputs a fit plan reads, as views over one snapshot (Delta version) of each table, so every fit
 * of a run sees the same data and the {@code fits} rows can say which versions they used.
 *
 * <ul>
 *   <li>{@code curve_points}: every point with its run's columns;</li>
 *   <li>{@code final_points}: per run and metric, the last step with a value (in {@code curves.csv.gz}
 *       some runs' final evaluation is split across two steps, one with the losses empty);</li>
 *   <li>{@code routed_final}: the final points of the routed study under the reference colab's filters
 *       (routing frequency 0.5, k 1, seed 42), with the dense runs repeated under every router type as
 *       its E = 1 baseline;</li>
 *   <li>{@code published_allocations}: Hoffmann et al.'s estimate tables.</li>
 * </ul>
 */
public final class FitInputs {

  /** The tables the views read. */
  public static final List<String> TABLES = List.of("runs", "points", "published_allocations", "reference_laws");

  private FitInputs() {}

  /** The inputs built from runs and points, which a refit recomputes for the runs it touched. */
  public static final List<String> RUN_VIEWS = List.of("curve_points", "final_points", "routed_final");

  /** The tables' current versions. */
  public static Map<String, Long> versions(Warehouse warehouse) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String table : TABLES) {
      versions.put(table, warehouse.version(table));
    }
    return versions;
  }

  /** Registers the views over the tables' current versions; returns the versions read. */
  public static Map<String, Long> register(SparkSession spark, Warehouse warehouse) {
    Map<String, Long> versions = versions(warehouse);
    register(spark, warehouse, versions);
    return versions;
  }

  /** Registers the views over given versions of the tables. */
  public static void register(SparkSession spark, Warehouse warehouse, Map<String, Long> versions) {
    runViews(warehouse.table("runs", versions.get("runs")), warehouse.table("points", versions.get("points")))
        .forEach((name, view) -> view.createOrReplaceTempView(name));
    warehouse.table("published_allocations", versions.get("published_allocations"))
        .createOrReplaceTempView("published_allocations_snapshot");
    warehouse.table("reference_laws", versions.get("reference_laws")).createOrReplaceTempView("reference_laws_snapshot");
  }

  /** The {@link #RUN_VIEWS} over rows of {@code runs} and {@code points} (a snapshot, or some runs of one). */
  public static Map<String, Dataset<Row>> runViews(Dataset<Row> runRows, Dataset<Row> points) {
    Dataset<Row> runs = runRows.drop("source_file", "ingested_at");
    Dataset<Row> curve = points.join(runs, "run_id");
    Dataset<Row> last = curve.groupBy("run_id", "metric").agg(max("step").as("last_step"))
        .withColumnRenamed("run_id", "last_run_id").withColumnRenamed("metric", "last_metric");
    Dataset<Row> finals = curve.join(last, col("run_id").equalTo(col("last_run_id"))
            .and(col("metric").equalTo(col("last_metric"))).and(col("step").equalTo(col("last_step"))))
        .drop("last_run_id", "last_metric", "last_step");
    Dataset<Row> study = finals.where(col("source").equalTo(RoutedCurvesParser.SOURCE)
        .and(col("routing_frequency").equalTo(0.5)).and(col("k").equalTo(1)).and(col("seed").equalTo(42)));
    Dataset<Row> routed = study.where(col("router_type").notEqual("Dense"));
    Dataset<Row> dense = study.where(col("router_type").equalTo("Dense"))
        .withColumn("router_type", explode(array(RoutedCurvesParser.ROUTER_TYPES.stream().filter(r -> !r.equals("Dense"))
            .sorted().map(r -> lit(r)).toArray(org.apache.spark.sql.Column[]::new))));
    Map<String, Dataset<Row>> views = new LinkedHashMap<>();
    views.put("curve_points", curve);
    views.put("final_points", finals);
    views.put("routed_final", routed.unionByName(dense));
    return views;
  }

  /** The view a plan entry's {@code input} names. */
  public static Dataset<Row> view(SparkSession spark, String input) {
    String view = switch (input) {
      case "published_allocations", "reference_laws" -> input + "_snapshot";
      case "curve_points", "final_points", "routed_final" -> input;
      default -> throw new IllegalArgumentException("unknown fit input '" + input
          + "': expected curve_points, final_points, routed_final or published_allocations");
    };
    return spark.table(view);
  }
}
