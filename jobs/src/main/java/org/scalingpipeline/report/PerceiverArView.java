package org.scalingpipeline.report;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Notebook 3 as a page: the Perceiver AR article's experiment tables, the validation curves with their
 * fitted laws, the experiments' curves on one bits-per-byte axis (experiment 1's SentencePiece tokens and
 * experiments 2a/2b's UTF-8 bytes are not the same unit per token), the isoFLOP parabolas, and the predicted
 * compute-optimal size against the best run.
 */
public final class PerceiverArView implements ReportView {

  /** The conversion every bits-per-byte value rests on (the view {@code points_bpb}, {@code MetricUnit.bitsPerByte}). */
  static final String CONVERSION = "bits/byte = nats/token ÷ (ln 2 × bytes per token)";

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
    bitsPerByte(spark, charts, page);
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

  /**
   * The validation curves of every run whose bytes per token is known, on one bits-per-byte axis against training
   * FLOPs, and in the caption the conversion and the experiments left out with why: the article states no bytes per
   * token for experiment 1's SentencePiece tokens on bookcorpusopen, so its runs are drawn only once a run manifest
   * gives a measured or assumed figure with its source.
   */
  private static void bitsPerByte(SparkSession spark, ChartFiles charts, Section.Builder page) {
    GroupedSeries curves = GroupedSeries.of(spark.sql("SELECT s.experiment || '/version_' || s.version, b.flops,"
        + " b.bits_per_byte FROM points_bpb b JOIN perceiver_ar_setup s ON b.run_id = s.run_id"
        + " WHERE b.metric = 'val_loss' AND b.step > 0 AND b.bits_per_byte IS NOT NULL"
        + " ORDER BY s.experiment, s.version, b.step"));
    List<Row> missing = spark.sql("SELECT s.experiment, min(r.tokenizer) AS tokenizer FROM perceiver_ar_setup s"
        + " JOIN runs r ON s.run_id = r.run_id LEFT ANTI JOIN (SELECT DISTINCT run_id FROM points_bpb"
        + " WHERE metric = 'val_loss' AND bits_per_byte IS NOT NULL) k ON s.run_id = k.run_id"
        + " GROUP BY s.experiment ORDER BY s.experiment").collectAsList();
    LogLogChart chart = LogLogChart.of("Perceiver AR experiments on one axis: validation loss in bits/byte",
        "training FLOPs C", "validation loss (bits/byte)");
    int colour = 0;
    for (Map.Entry<String, GroupedSeries.Points> e : curves.groups().entrySet()) {
      chart.data(colour++, e.getKey(), e.getValue().x(), e.getValue().y());
    }
    String notDrawn = missing.isEmpty() ? "" : ". Not drawn: " + missing.stream()
        .map(r -> r.getString(0) + " (tokenizer " + r.getString(1) + ")").collect(Collectors.joining(", "))
        + ", whose bytes per token no source states (the article gives none for its corpus): a run manifest row with"
        + " bytes_per_token, bytes_per_token_basis (measured or assumed) and bytes_per_token_source draws it";
    page.chart(charts, chart, "perceiver-ar-bits-per-byte", "Validation loss of every Perceiver AR run whose bytes per"
        + " token is known, in bits per UTF-8 byte against training FLOPs: " + CONVERSION + " (the view points_bpb);"
        + " the UTF-8 byte experiments have one byte per token, so their bits/byte are nats/token ÷ ln 2" + notDrawn,
        "no Perceiver AR run has a known bytes per token");
  }
}
