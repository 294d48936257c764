package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.core.Law;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.HoldoutCut;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.fit.FitPlan;

/**
 * The holdout backtest of each law: how well a law fitted on a group's smaller runs predicts the larger ones it did
 * not see, the way Hoffmann et al. 2022 (§3) check theirs. A table of every backtest's error ({@code fits.holdout_*})
 * and, per backtest entry, a panel per group of each point's predicted against its observed value, the fitted points
 * apart from the held-out ones, around the line where a prediction is exact; for a law of one variable a second panel
 * draws the law over its variable, extrapolated past the cut to the held-out points.
 */
public final class HoldoutBacktestsView implements ReportView {

  private final PlanEntries plan;

  public HoldoutBacktestsView(PlanEntries plan) {
    this.plan = plan;
  }

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("holdout-backtests", "Holdout backtests",
        "Fitted on the smaller runs, how well does each law predict the larger runs it did not see?");
    List<FitPlan.Entry> entries = plan.backtests();
    Column ofBacktests = col("fit_name").isin(entries.stream().map(FitPlan.Entry::name).toArray());
    if (entries.isEmpty() || spark.table("fits_latest").where(ofBacktests).isEmpty()) {
      return page.text("Nothing to show: no fit of the plan's backtest entries (" + PlanEntries.names(entries)
          + ") in fits_latest. Ingest runs, then scaling fit.").build();
    }
    page.table("Every backtest: points fitted, points predicted and the prediction's error", spark.table("fits_latest")
        .where(ofBacktests).orderBy("fit_name", "group_id").select(col("fit_name"), col("group_id"),
            col("n_points").as("fitted_points"), col("holdout_points").as("predicted_points"),
            col("holdout_rmse").as("ln_rmse_predicted"), col("holdout_max_rel_error").as("max_rel_error_predicted"),
            col("converged"), col("reason")));
    for (FitPlan.Entry entry : entries) {
      List<HoldoutCut> cuts = entry.holdout().cuts();
      Map<String, Map<String, Double>> fits = FitParams.byGroupId(spark, entry.name());
      if (cuts.size() != 1 || fits.isEmpty()) {
        continue;
      }
      List<LogLogChart> panels = new ArrayList<>();
      groups(spark, entry, fits.keySet()).forEach((group, points) ->
          panels.addAll(new Backtest(entry, group, cuts.get(0), points, fits.get(group)).panels()));
      page.chart(charts.write(ChartGrid.of(entry.name(), "blue: the points fitted; red: the points predicted (held out);"
          + " green: an exact prediction (left), the law fitted below the cut (right)", Math.min(panels.size(), 2), panels),
          "holdout-" + entry.name(), entry.name() + ": the law fitted below its cut (" + cuts.get(0) + " of the role "
              + cuts.get(0).column() + ") against the points it predicts, per group"));
    }
    return page.build();
  }

  /** Each fitted group's points, in the law's roles. */
  private static Map<String, Observations> groups(SparkSession spark, FitPlan.Entry entry, Set<String> ids) {
    List<String> roles = Laws.ALL.law(entry.law()).columns();
    Map<String, Observations> groups = new LinkedHashMap<>();
    EntryPoints.rowsByGroup(spark, entry, Arrays.asList(entry.roleColumns()), ids)
        .forEach((group, points) -> groups.put(group, Observations.ofRows(roles, points)));
    return groups;
  }

  /** One group's backtest: its points split at the cut, and the law fitted below it. */
  private record Backtest(FitPlan.Entry entry, String group, HoldoutCut cut, Observations points,
      Map<String, Double> params) {

    List<LogLogChart> panels() {
      Law law = Laws.ALL.law(entry.law());
      List<String> roles = law.columns();
      String response = roles.get(roles.size() - 1);
      double[] cutValues = points.column(cut.column());
      double cutoff = cut.cutoff(cutValues);
      double[] predicted = law.predict(law.law(params), points);
      double[] observed = points.column(response);
      int[] fitted = HoldoutCut.fittedRows(cutValues, cutoff);
      int[] held = HoldoutCut.predictedRows(cutValues, cutoff);
      LogLogChart accuracy = LogLogChart.panel(label() + ": predicted", "observed loss", "predicted loss", true, 420,
          300);
      accuracy.data(0, group + " fitted", Series.at(observed, fitted), Series.at(predicted, fitted));
      accuracy.data(1, group + " predicted (held out)", Series.at(observed, held), Series.at(predicted, held));
      double low = Math.min(min(observed), min(predicted));
      double high = Math.max(max(observed), max(predicted));
      accuracy.dashed(2, group + " exact", new double[] {low, high}, new double[] {low, high});
      if (roles.size() != 2) {
        return List.of(accuracy);
      }
      double[] x = points.column(roles.get(0));
      LogLogChart overX = LogLogChart.panel(label() + ": past the cut", entry.columns().get(0), "final loss", true, 420,
          300);
      overX.data(0, group + " fitted", Series.at(x, fitted), Series.at(observed, fitted));
      overX.data(1, group + " predicted (held out)", Series.at(x, held), Series.at(observed, held));
      FittedCurve.Samples line = FittedCurve.of(entry.law(), params).sample(min(x), max(x), 40);
      overX.fitted(2, group + " law fitted below the cut", line.x(), line.y());
      return List.of(accuracy, overX);
    }

    /** The group's key values without their names or nulls: {@code synthetic synthetic nats/token}. */
    private String label() {
      return Arrays.stream(group.split(",")).map(kv -> kv.substring(kv.indexOf('=') + 1)).filter(v -> !v.equals("null"))
          .collect(Collectors.joining(" "));
    }

    private static double min(double[] values) {
      return Arrays.stream(values).filter(v -> v > 0).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
      return Arrays.stream(values).filter(v -> v > 0).max().orElse(Double.NaN);
    }
  }
}
