package org.scalingpipeline.refit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.jobs.FitPlanJob;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.Pipeline;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The contents of a warehouse the refit tests compare: runs and points (without write times and
 * source files: a duplicate log may be either row's source) and
 * the newest fit of every (plan entry, group). {@link #fromScratch} builds the reference: a fresh
 * warehouse with every landed file ingested at once and the whole plan fitted.
 */
record WarehouseSnapshot(List<Row> runs, List<Row> points, Map<String, Fit> latestFits) {

  /** One fits_latest row: what must match, and the version that wrote it. */
  record Fit(Map<String, Double> params, int nPoints, boolean converged, long fitVersion) {}

  static WarehouseSnapshot of(SparkSession spark, String warehouse) {
    Warehouse.open(spark, warehouse);
    List<Row> runs = spark.sql("SELECT * EXCEPT (ingested_at, source_file) FROM runs ORDER BY run_id").collectAsList();
    List<Row> points = spark.sql("SELECT * EXCEPT (ingested_at, source_file) FROM points ORDER BY run_id, metric, step").collectAsList();
    Map<String, Fit> fits = new TreeMap<>();
    for (Row r : spark.sql("SELECT fit_name, group_id, params, n_points, converged, fit_version FROM fits_latest")
        .collectAsList()) {
      fits.put(r.getString(0) + " / " + r.getString(1), new Fit(new TreeMap<>(r.getJavaMap(2)), r.getInt(3),
          r.getBoolean(4), r.getLong(5)));
    }
    assertEquals(0, spark.sql("SELECT count(*) FROM (SELECT fit_name, group_id, fit_version FROM fits"
        + " GROUP BY ALL HAVING count(*) > 1)").first().getLong(0), "duplicate fits rows in " + warehouse);
    return new WarehouseSnapshot(runs, points, fits);
  }

  /** Ingests every file of the landing folder into a fresh warehouse and runs the whole test plan. */
  static WarehouseSnapshot fromScratch(SparkSession spark, Landing landing) {
    String warehouse = TestSpark.newWarehouse();
    Pipeline.run(spark, new Pipeline.Options(new IngestSourcesJob.Options(TestData.seedDir(), warehouse, false,
        List.of(landing.folder().toString()), null), new FitPlanJob.Options(warehouse, Landing.PLAN, List.of()), null, null,
        null));
    return of(spark, warehouse);
  }

  /** Asserts the same runs and points, and the same latest fits (parameters to 1e-9 relative). */
  void assertSameAs(WarehouseSnapshot expected) {
    assertEquals(expected.runs, runs, "runs");
    assertEquals(expected.points, points, "points");
    assertEquals(expected.latestFits.keySet(), latestFits.keySet(), "fitted (plan entry, group) pairs");
    expected.latestFits.forEach((group, want) -> {
      Fit got = latestFits.get(group);
      assertEquals(want.nPoints(), got.nPoints(), group + " n_points");
      assertEquals(want.converged(), got.converged(), group + " converged");
      assertEquals(want.params().keySet(), got.params().keySet(), group + " parameters");
      want.params().forEach((name, value) -> assertTrue(close(value, got.params().get(name)),
          group + " " + name + ": expected " + value + ", refit " + got.params().get(name)));
    });
  }

  /** The fit_version of each (plan entry, group) in fits_latest. */
  Map<String, Long> versions() {
    Map<String, Long> versions = new TreeMap<>();
    latestFits.forEach((group, fit) -> versions.put(group, fit.fitVersion()));
    return versions;
  }

  private static boolean close(double a, double b) {
    return a == b || Double.isNaN(a) && Double.isNaN(b) || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
}
