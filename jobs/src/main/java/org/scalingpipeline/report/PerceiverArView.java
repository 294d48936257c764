package org.scalingpipeline.report;

import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Notebook 3 as a page: the Perceiver AR article's experiment tables, the validation curves with their
 * fitted laws, the isoFLOP parabolas, and the predicted compute-optimal size against the best run.
 */
public final class PerceiverArView implements ReportView {

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("perceiver-ar", "3. Perceiver AR",
        "Was the model predicted to be compute-optimal the best one at its budget?");
    page.table("The experiments", spark.sql("SELECT experiment, version, num_channels, num_layers, num_steps, params,"
        + " params_cross, params_self, tokens, flops, flops_cross, flops_self, flops_self_approx, final_loss"
        + " FROM perceiver_ar_setup ORDER BY experiment, version"));
    Map<String, Map<String, Double>> curveFits = FitParams.byGroup(spark, FitParams.ofEntry("perceiver-ar-loss-curve"), "run_id");
    for (Row experiment : spark.sql("SELECT DISTINCT experiment FROM perceiver_ar_setup ORDER BY experiment").collectAsList()) {
      String name = experiment.getString(0);
      GroupedSeries curves = GroupedSeries.of(spark.sql("SELECT s.run_id, p.step, p.value FROM points p"
          + " JOIN perceiver_ar_setup s ON p.run_id = s.run_id WHERE p.metric = 'val_loss' AND p.step > 0"
          + " AND s.experiment = :experiment ORDER BY s.version, p.step", Map.of("experiment", name)));
      LogLogChart chart = LogLogChart.of(name + ": validation loss", "step", "validation loss (nats/token)");
      int colour = 0;
      for (Map.Entry<String, GroupedSeries.Points> e : curves.groups().entrySet()) {
        String version = e.getKey().substring(e.getKey().indexOf('/') + 1);
        chart.data(colour, version, e.getValue().x(), e.getValue().y());
        if (curveFits.containsKey(e.getKey())) {
          FittedCurve.Samples line = FittedCurve.of("loss-curve", curveFits.get(e.getKey()))
              .sample(e.getValue().minX(), e.getValue().maxX(), 60);
          chart.fitted(colour, "fit " + version, line.x(), line.y());
        }
        colour++;
      }
      page.chart(charts.write(chart.chart(), "perceiver-ar-curves-" + name,
          name + ": validation loss per model with the fitted L = E + A step^-alpha"));
    }
    GroupedSeries finals = GroupedSeries.of(spark.sql("SELECT experiment, params_self, final_loss FROM perceiver_ar_setup"
        + " ORDER BY experiment, params_self"));
    Map<String, Map<String, Double>> parabolas = FitParams.byGroup(spark, FitParams.ofEntry("perceiver-ar-isoflop"), "experiment");
    LogLogChart isoflop = LogLogChart.of("IsoFLOP profiles: final loss vs N_self", "N_self (parameters)",
        "final validation loss (nats/token)");
    int colour = 0;
    for (Map.Entry<String, GroupedSeries.Points> e : finals.groups().entrySet()) {
      isoflop.data(colour, e.getKey(), e.getValue().x(), e.getValue().y());
      if (parabolas.containsKey(e.getKey())) {
        FittedCurve.Samples line = FittedCurve.of("isoflop", parabolas.get(e.getKey()))
            .sample(e.getValue().minX() / 1.2, e.getValue().maxX() * 1.2, 50);
        isoflop.fitted(colour, "parabola " + e.getKey(), line.x(), line.y());
      }
      colour++;
    }
    page.chart(charts, isoflop, "perceiver-ar-isoflop",
        "Final loss against self-attention parameters per experiment (one compute budget each), with the isoFLOP parabolas",
        "this warehouse holds no runs of the Perceiver AR seed study (source perceiver-ar)");
    page.table("Predicted N_opt (the published allocation law of the plan's roles: Hoffmann et al. approach 1, exponent"
        + " fixed at 0.5) at each experiment's budget vs the runs",
        spark.sql("WITH law AS (SELECT f.params FROM fits_latest f JOIN plan_roles r ON r.role = 'published-allocation'"
            + " AND f.fit_name = r.fit_name AND f.group_id = r.group_id),"
            + " budget AS (SELECT experiment, avg(flops_self_approx) AS budget FROM perceiver_ar_setup GROUP BY experiment)"
            + " SELECT s.experiment, s.version, s.params_self, b.budget, n_opt(b.budget, law.params) AS predicted_n_opt,"
            + " s.params_self / n_opt(b.budget, law.params) AS size_vs_prediction, s.final_loss,"
            + " rank() OVER (PARTITION BY s.experiment ORDER BY s.final_loss) AS loss_rank"
            + " FROM perceiver_ar_setup s JOIN budget b ON s.experiment = b.experiment CROSS JOIN law"
            + " ORDER BY s.experiment, loss_rank"));
    return page.build();
  }
}
