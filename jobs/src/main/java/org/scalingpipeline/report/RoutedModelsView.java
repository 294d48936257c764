package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Notebook 2 as a page: Clark et al. 2022's Figure 1 per router — final loss vs experts with the fitted
 * power law per base size, and the effective parameter count under the router's unified law.
 */
public final class RoutedModelsView implements ReportView {

  private static final List<String> ROUTERS = List.of("S-Base", "RL-R", "Hash");

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("routed", "2. Routed models",
        "How does loss fall with the number of experts per router and size, and what dense model is a routed one worth?");
    page.text("The study keeps the reference colab's runs (final step, routing frequency 0.5, k = 1, seed 42);"
        + " the dense runs are every router's E = 1. Lines are the fitted power laws loss = k E^m.");
    for (String router : ROUTERS) {
      Map<String, Object> ofRouter = Map.of("router", router);
      GroupedSeries points = GroupedSeries.of(spark.sql("SELECT model_size_label, num_experts, value FROM routed_final"
          + " WHERE metric = 'loss_validation' AND router_type = :router ORDER BY params_dense, num_experts", ofRouter));
      Map<String, Map<String, Double>> fits = FitParams.byGroup(spark, FitParams.ofEntry("routed-loss-vs-experts")
          .and(col("group_key").getItem("router_type").equalTo(router)), "model_size_label");
      LogLogChart chart = LogLogChart.of(router + ": final validation loss vs experts", "experts E",
          "validation loss (nats/token)");
      int colour = 0;
      for (Map.Entry<String, GroupedSeries.Points> e : points.groups().entrySet()) {
        chart.data(colour, e.getKey(), e.getValue().x(), e.getValue().y());
        if (fits.containsKey(e.getKey())) {
          FittedCurve.Samples line = FittedCurve.of("power-law", fits.get(e.getKey())).sample(1, 512, 40);
          chart.fitted(colour, "fit " + e.getKey(), line.x(), line.y());
        }
        colour++;
      }
      String noRuns = "this warehouse holds no " + router + " runs of the routing seed study (source routing)";
      page.chart(charts, chart, "routed-loss-vs-experts-" + router,
          router + ": final validation loss vs expert count per base size, with the fitted power laws (Clark et al. Fig. 1 left)",
          noRuns);
      GroupedSeries effective = GroupedSeries.of(spark.sql("SELECT s.model_size_label, s.num_experts,"
          + " effective_params(s.params_dense, s.num_experts, u.params) FROM routed_final s JOIN fits_latest u"
          + " ON u.fit_name = 'routed-unified-law' AND u.group_key['router_type'] = s.router_type"
          + " WHERE s.metric = 'loss_validation' AND s.router_type = :router ORDER BY s.params_dense, s.num_experts",
          ofRouter));
      LogLogChart right = LogLogChart.of(router + ": effective parameter count", "experts E", "effective dense parameters");
      colour = 0;
      for (Map.Entry<String, GroupedSeries.Points> e : effective.groups().entrySet()) {
        right.fitted(colour++, e.getKey(), e.getValue().x(), e.getValue().y());
      }
      page.chart(charts, right, "routed-effective-params-" + router,
          router + ": dense parameters with the same loss under the unified routed law (Clark et al. Fig. 1 right)", noRuns);
    }
    page.table("The unified routed law per router, with its holdout backtest", spark.sql(
        "SELECT u.group_key['router_type'] AS router_type, u.params, u.n_points, u.rmse_log10, u.r2, u.converged,"
        + " h.holdout_points, h.holdout_rmse, h.holdout_max_rel_error FROM fits_latest u LEFT JOIN fits_latest h"
        + " ON h.fit_name = 'routed-unified-law-holdout' AND h.group_id = u.group_id"
        + " WHERE u.fit_name = 'routed-unified-law' ORDER BY router_type"));
    return page.build();
  }
}
