package org.scalingpipeline.report;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Notebook 1 as a page: what is in the warehouse — runs, points, sources with rejects — and the dense curves. */
public final class WarehouseView implements ReportView {

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("warehouse", "1. What is in the warehouse",
        "Which runs, metrics and source files does the warehouse hold, and what was rejected?");
    page.table("Runs by source, family and router", spark.sql("SELECT source, family, router_type, count(*) AS runs,"
        + " count(DISTINCT model_size_label) AS model_sizes, array_sort(collect_set(num_experts)) AS expert_counts,"
        + " min(params_dense) AS min_params, max(params_dense) AS max_params FROM runs"
        + " GROUP BY source, family, router_type ORDER BY source, family, router_type"));
    page.table("Points by metric", spark.sql("SELECT r.source, p.metric, p.unit, count(*) AS points,"
        + " count(DISTINCT p.run_id) AS runs, max(p.step) AS last_step FROM points p JOIN runs r ON p.run_id = r.run_id"
        + " GROUP BY r.source, p.metric, p.unit ORDER BY r.source, p.metric"));
    page.table("Sources read, with their rejected rows", spark.sql("SELECT f.source_file, f.format, f.rows_read,"
        + " f.rows_accepted, f.rows_rejected, f.empty_cells, f.points, min_by(r.reason, r.line) AS first_reject_reason"
        + " FROM ingested_files f LEFT JOIN rejects r ON f.source_file = r.source_file GROUP BY f.source_file, f.format,"
        + " f.rows_read, f.rows_accepted, f.rows_rejected, f.empty_cells, f.points ORDER BY f.source_file"));
    GroupedSeries curves = GroupedSeries.of(spark.sql("SELECT concat(model_size_label, ' (', run_id, ')'), step, value"
        + " FROM curve_points WHERE source = 'routing' AND router_type = 'Dense' AND metric = 'loss_validation'"
        + " AND step > 0 ORDER BY params_dense, run_id, step"));
    Map<String, Map<String, Double>> fits = FitParams.byGroup(spark, FitParams.ofEntry("routed-loss-curve"), "run_id");
    LogLogChart chart = LogLogChart.of("Dense models: validation loss vs step", "step", "validation loss (nats/token)");
    int colour = 0;
    for (Map.Entry<String, GroupedSeries.Points> e : curves.groups().entrySet()) {
      String runId = e.getKey().substring(e.getKey().indexOf('(') + 1, e.getKey().length() - 1);
      chart.data(colour, e.getKey(), e.getValue().x(), e.getValue().y());
      if (fits.containsKey(runId)) {
        FittedCurve.Samples line = FittedCurve.of("loss-curve", fits.get(runId))
            .sample(e.getValue().minX(), e.getValue().maxX(), 60);
        chart.fitted(colour, "fit " + runId, line.x(), line.y());
      }
      colour++;
    }
    page.chart(charts, chart, "dense-loss-curves",
        "Validation loss of the dense runs of the routing study with the fitted curves L = E + A step^-alpha",
        "this warehouse holds no dense runs of the routing seed study (source routing); your own runs' curves are"
            + " in the section Loss curves per source");
    return page.build();
  }
}
