package org.scalingpipeline.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.views.Views;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The inputs a fit plan reads, as views over one snapshot (Delta version) of each table, so every fit
 * of a run sees the same data and the {@code fits} rows can say which versions they used: the
 * {@link Views#RUN_VIEWS} {@code curve_points}, {@code final_points} and {@code routed_final} (their
 * queries are the view files; {@code Warehouse.open} registers the same views over the current tables)
 * over the pinned {@code runs} and {@code points}, and Hoffmann et al.'s estimate tables
 * {@code published_allocations} and the published laws {@code reference_laws} as of their versions.
 */
public final class FitInputs {

  /** The tables the views read. */
  public static final List<String> TABLES = List.of("runs", "points", "published_allocations", "reference_laws");

  private FitInputs() {}

  /** The inputs built from runs and points, which a refit recomputes for the runs it touched. */
  public static final List<String> RUN_VIEWS = Views.RUN_VIEWS;

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
  public static Map<String, Dataset<Row>> runViews(Dataset<Row> runs, Dataset<Row> points) {
    return Views.runViews(runs, points);
  }

  /**
   * The input of the entries that fit other entries' results: the newest fit of every group, read after the run's
   * fits of points are written (an allocation law fitted to the vertices of IsoFLOP parabolas, say).
   */
  public static final String FITS_INPUT = "fits_latest";

  /** The view a plan entry's {@code input} names. */
  public static Dataset<Row> view(SparkSession spark, String input) {
    String view = switch (input) {
      case "published_allocations", "reference_laws" -> input + "_snapshot";
      case "curve_points", "final_points", "routed_final", FITS_INPUT -> input;
      default -> throw new IllegalArgumentException("unknown fit input '" + input
          + "': expected curve_points, final_points, routed_final, published_allocations or " + FITS_INPUT);
    };
    return spark.table(view);
  }
}
