package org.scalingpipeline.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Perceiver AR article's check on the runs {@code scaling train} made (view {@code trained_isoflop_check}):
 * per compute budget, the completed runs' final losses against N with the fitted IsoFLOP parabola, the
 * predicted N_opt as a dashed line and the measured one (the vertex) as a marker, and the table that says
 * whether the predicted size had the lowest loss.
 */
public final class TrainedIsoflopView implements ReportView {

  /** One IsoFLOP profile: a budget on a corpus, as its legend label. */
  private static final String PROFILE = "format_string('C = %.3g, %s', compute_budget, dataset)";

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("trained-isoflop", "Trained IsoFLOP check",
        "Did the size the law predicted compute-optimal have the lowest loss on the runs scaling train made?");
    GroupedSeries finals = GroupedSeries.of(spark.sql("SELECT " + PROFILE + ", params_non_embedding, final_val_loss"
        + " FROM trained_isoflop_check WHERE status = 'completed' ORDER BY compute_budget, dataset, params_non_embedding"));
    if (finals.groups().isEmpty()) {
      return page.text("No trained IsoFLOP runs in this warehouse yet: scaling train --sweep"
          + " data/sweeps/cpu-isoflop.json --landing DIR, then scaling refit --landing DIR.").build();
    }
    List<Row> optima = spark.sql("SELECT " + PROFILE + " AS profile, any_value(predicted_n_opt), any_value(measured_n_opt),"
        + " any_value(parabola) FROM trained_isoflop_check GROUP BY profile").collectAsList();
    LogLogChart chart = LogLogChart.of("IsoFLOP profiles of the trained runs", "N (non-embedding parameters)",
        "final validation loss (nats/token)");
    int colour = 0;
    for (Map.Entry<String, GroupedSeries.Points> e : finals.groups().entrySet()) {
      String profile = e.getKey();
      GroupedSeries.Points runs = e.getValue();
      chart.data(colour, profile, runs.x(), runs.y());
      Row optimum = optima.stream().filter(r -> r.getString(0).equals(profile)).findFirst().orElseThrow();
      double[] sizes = DoubleStream.concat(Arrays.stream(runs.x()), knownOptima(optimum)).toArray();
      double low = Arrays.stream(sizes).min().orElseThrow();
      double high = Arrays.stream(sizes).max().orElseThrow();
      if (!optimum.isNullAt(3)) {
        FittedCurve parabola = FittedCurve.of("isoflop", FitParams.params(optimum.getMap(3)));
        FittedCurve.Samples line = parabola.sample(low / 1.2, high * 1.2, 60);
        chart.fitted(colour, "parabola " + profile, line.x(), line.y());
        if (!optimum.isNullAt(2) && Double.isFinite(optimum.getDouble(2))) {
          double vertex = optimum.getDouble(2);
          chart.data(colour + 1, "measured N_opt " + profile, new double[] {vertex},
              new double[] {parabola.law().applyAsDouble(vertex)});
        }
      }
      if (!optimum.isNullAt(1)) {
        double predicted = optimum.getDouble(1);
        double[] lossRange = {Arrays.stream(runs.y()).min().orElseThrow(), Arrays.stream(runs.y()).max().orElseThrow()};
        chart.dashed(colour, "predicted N_opt " + profile, new double[] {predicted, predicted}, lossRange);
      }
      colour += 2;
    }
    page.chart(charts.write(chart.chart(), "trained-isoflop",
        "Final validation loss against N at each budget, the fitted IsoFLOP parabola, the predicted N_opt (dashed)"
            + " and the parabola's vertex (measured N_opt)"));
    page.table("Predicted vs measured N_opt and each run's final loss (view trained_isoflop_check)", spark.sql(
        "SELECT compute_budget, dataset, run_id, params_non_embedding, status, final_val_loss, loss_rank, predicted_n_opt,"
            + " published_law_n_opt, measured_n_opt, nearest_to_prediction, lowest_loss, prediction_had_lowest_loss"
            + " FROM trained_isoflop_check ORDER BY compute_budget, dataset, params_non_embedding"));
    return page.build();
  }

  /** The budget's predicted and measured N_opt, where they are known (a positive number). */
  private static DoubleStream knownOptima(Row optimum) {
    return IntStream.of(1, 2).filter(column -> !optimum.isNullAt(column)).mapToDouble(optimum::getDouble)
        .filter(v -> v > 0 && Double.isFinite(v));
  }
}
