package org.scalingpipeline.report;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Notebook 5 as a page: the commits of the {@code fits} table (Delta history), the data versions each
 * fit run read, and how the routed power-law exponents moved from one fit version to the next.
 */
public final class RefitHistoryView implements ReportView {

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("refit-history", "5. Refit history",
        "How did the fitted exponents move as runs arrived?");
    page.table("Commits to the fits table (Delta history)", spark.sql("DESCRIBE HISTORY fits")
        .select("version", "timestamp", "operation", "operationMetrics"));
    page.table("Fit runs and the data versions they read", spark.sql("SELECT fit_version, min(fitted_at) AS fitted_at,"
        + " first(input_versions) AS input_versions, count(*) AS fits, count_if(converged) AS converged"
        + " FROM fits GROUP BY fit_version ORDER BY fit_version"));
    GroupedSeries exponents = GroupedSeries.of(spark.sql("SELECT concat(group_key['router_type'], ' ',"
        + " group_key['model_size_label']), fit_version, params['m'] FROM fits WHERE fit_name = 'routed-loss-vs-experts'"
        + " AND group_key['router_type'] = 'S-Base' ORDER BY group_id, fit_version"));
    LogLogChart chart = LogLogChart.linear("S-Base: exponent m of loss vs experts per fit version", "fit version",
        "exponent m");
    int colour = 0;
    for (Map.Entry<String, GroupedSeries.Points> e : exponents.groups().entrySet()) {
      chart.data(colour, e.getKey(), e.getValue().x(), e.getValue().y());
      chart.fitted(colour++, e.getKey() + " trend", e.getValue().x(), e.getValue().y());
    }
    page.chart(charts, chart, "refit-history-exponents",
        "The exponent m of the S-Base power laws loss = k E^m in every fit version, per base size",
        "no fit of the plan entry routed-loss-vs-experts for the S-Base router (the routing seed study) in this warehouse");
    return page.build();
  }
}
