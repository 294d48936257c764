package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.core.Law;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.HoldoutCut;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.fit.Backtest;
import org.scalingpipeline.fit.FitPlan;

/**
 * The law leaderboard of {@code scaling backtest}: per study of the plan's {@code backtests}, how often each law
 * predicted the held-out larger runs best ({@code law_wins}), each group's ranking ({@code law_leaderboard}), and for
 * the first groups a panel drawing every law's prediction over the cut column, past the cut, against the held-out
 * points — the comparison no single peer's code makes: every published form fitted to the same points and judged on
 * the same larger runs (Hoffmann et al. 2022 §3 judge their laws on the larger runs the same way).
 */
public final class LawLeaderboardView implements ReportView {

  /** Groups drawn per study: enough to see the laws disagree, few enough to read. */
  static final int PANELS = 6;

  private final PlanEntries plan;

  public LawLeaderboardView(PlanEntries plan) {
    this.plan = plan;
  }

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("law-leaderboard", "Law leaderboard",
        "Fitted on the same smaller runs, which law predicted the larger runs best?");
    if (spark.table("law_leaderboard").isEmpty()) {
      return page.text("Nothing to show: law_backtests is empty. Run scaling backtest (the plan's backtests: "
          + String.join(", ", plan.plan().backtests().stream().map(Backtest::name).toList()) + ").").build();
    }
    page.table("Per study, cut and law: groups backtested, scored, ranked first, and the median ln-RMSE of the"
        + " prediction", spark.table("law_wins").orderBy(col("study"), col("cut"), col("wins").desc(), col("law"))
        .drop("backtest_version"));
    for (Backtest study : plan.plan().backtests()) {
      Column ofStudy = col("study").equalTo(study.name());
      List<Row> scores = spark.table("law_leaderboard").where(ofStudy.and(col("cut").equalTo(firstCut(study))))
          .orderBy("group_id", "rank").select("group_id", "law", "rank", "cutoff", "params", "converged")
          .collectAsList();
      if (scores.isEmpty()) {
        continue;
      }
      Map<String, List<Row>> byGroup = new LinkedHashMap<>();
      scores.forEach(r -> byGroup.computeIfAbsent(r.getString(0), g -> new ArrayList<>()).add(r));
      List<String> drawn = byGroup.keySet().stream().limit(PANELS).toList();
      page.table(study.name() + ": the ranking of each group drawn below (" + firstCut(study) + ")",
          spark.table("law_leaderboard").where(ofStudy.and(col("cut").equalTo(firstCut(study)))
              .and(col("group_id").isin(drawn.toArray()))).orderBy("group_id", "rank").select("group_id", "rank",
                  "law", "rmse_log", "max_rel_error", "n_fit", "n_heldout", "extrapolation_decades", "reason"));
      Map<String, List<double[]>> points = points(spark, study, drawn);
      List<LogLogChart> panels = new ArrayList<>();
      for (String group : drawn) {
        if (points.containsKey(group)) {
          panels.add(panel(study, group, points.get(group), byGroup.get(group)));
        }
      }
      page.chart(charts.write(ChartGrid.of(study.name(), "blue: the points fitted; red: the points held out; a line"
          + " per law whose fit converged: its prediction at each point, past the cut", Math.min(panels.size(), 2),
          panels), "leaderboard-" + study.name(), study.name() + ": every law fitted below the cut (" + firstCut(study)
          + " of " + study.cut().column() + ") and drawn past it, the first " + drawn.size() + " of " + byGroup.size()
          + " groups"));
    }
    return page.build();
  }

  private static String firstCut(Backtest study) {
    return study.cut().cuts().get(0).toString();
  }

  /**
   * Each drawn group's points: the cut column, then every law's role columns in the study's law order, all from one
   * selection of the study's points (the laws' entries select the same points).
   */
  private static Map<String, List<double[]>> points(SparkSession spark, Backtest study, List<String> groups) {
    List<FitPlan.Entry> entries = study.entries();
    List<Column> values = new ArrayList<>();
    values.add(expr(study.cut().column()));
    entries.forEach(e -> values.addAll(Arrays.asList(e.roleColumns())));
    return EntryPoints.rowsByGroup(spark, entries.get(0), values, groups);
  }

  /** One group: its points over the cut column, fitted and held out, and each converged law's predictions. */
  private static LogLogChart panel(Backtest study, String group, List<double[]> rows, List<Row> scores) {
    double[] cut = rows.stream().mapToDouble(r -> r[0]).toArray();
    double cutoff = scores.get(0).isNullAt(3) ? Double.NaN : scores.get(0).getDouble(3);
    int[] order = IntStream.range(0, cut.length).boxed().sorted((a, b) -> Double.compare(cut[a], cut[b]))
        .mapToInt(i -> i).toArray();
    LogLogChart chart = LogLogChart.panel(group, study.cut().column(), "loss", true, 420, 300);
    List<FitPlan.Entry> entries = study.entries();
    double[] observed = rows.stream().mapToDouble(r -> r[entries.get(0).columns().size()]).toArray();
    int[] fitted = HoldoutCut.fittedRows(cut, cutoff);
    int[] heldOut = HoldoutCut.predictedRows(cut, cutoff);
    chart.data(0, "fitted", Series.at(cut, fitted), Series.at(observed, fitted));
    chart.data(1, "held out", Series.at(cut, heldOut), Series.at(observed, heldOut));
    int offset = 1;
    for (int i = 0; i < entries.size(); i++) {
      FitPlan.Entry entry = entries.get(i);
      Law law = Laws.ALL.law(entry.law());
      int width = entry.columns().size();
      Row score = scores.stream().filter(s -> s.getString(1).equals(entry.law())).findFirst().orElse(null);
      if (score != null && score.getBoolean(5)) {
        List<double[]> lawRows = new ArrayList<>();
        for (double[] r : rows) {
          lawRows.add(Arrays.copyOfRange(r, offset, offset + width));
        }
        double[] predicted = law.predict(law.law(FitParams.params(score.getMap(4))),
            Observations.ofRows(law.columns(), lawRows));
        chart.fitted(2 + i, entry.law() + " (rank " + score.getInt(2) + ")", Series.at(cut, order),
            Series.at(predicted, order));
      }
      offset += width;
    }
    return chart;
  }

}
