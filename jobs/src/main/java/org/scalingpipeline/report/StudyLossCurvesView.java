package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitPlan;

/**
 * Every source's loss curves with their fitted law L(step) = E + A·step^−α (the plan's {@code loss-curve} entries,
 * whatever their names), as small multiples: one panel per run, each on its own axes, at most {@link #MAX_PANELS}
 * runs per source, evenly spread over its runs, the rest counted in the chart's note.
 */
public final class StudyLossCurvesView implements ReportView {

  /** The most runs drawn per source and entry: four rows of six panels. */
  static final int MAX_PANELS = 24;
  private static final int COLUMNS = 6;

  private final PlanEntries plan;

  public StudyLossCurvesView(PlanEntries plan) {
    this.plan = plan;
  }

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("loss-curves", "Loss curves per source",
        "How does each run's loss fall with training steps, and how closely does the fitted curve follow it?");
    List<FitPlan.Entry> entries = plan.fittingRuns(Set.of("loss-curve"));
    boolean drawn = false;
    for (FitPlan.Entry entry : entries) {
      Map<String, Map<String, Double>> fits = FitParams.byGroupId(spark, entry.name());
      if (fits.isEmpty()) {
        continue;
      }
      Map<String, Map<String, Run>> bySource = new LinkedHashMap<>();
      for (Row p : EntryPoints.of(spark, entry).where(col(EntryPoints.GROUP_ID).isin(fits.keySet().toArray()))
          .orderBy("source", EntryPoints.GROUP_ID, EntryPoints.X)
          .select(col("source"), col(EntryPoints.GROUP_ID), col(EntryPoints.LABEL), col(EntryPoints.X), col(EntryPoints.Y))
          .collectAsList()) {
        bySource.computeIfAbsent(p.getString(0), s -> new LinkedHashMap<>())
            .computeIfAbsent(p.getString(1), id -> new Run(p.getString(2), new ArrayList<>())).points()
            .add(new double[] {((Number) p.get(3)).doubleValue(), ((Number) p.get(4)).doubleValue()});
      }
      for (Map.Entry<String, Map<String, Run>> source : bySource.entrySet()) {
        List<String> runs = List.copyOf(source.getValue().keySet());
        List<String> shown = spread(runs, MAX_PANELS);
        List<LogLogChart> panels = new ArrayList<>();
        for (String groupId : shown) {
          Run run = source.getValue().get(groupId);
          double[] x = run.points().stream().mapToDouble(p -> p[0]).toArray();
          double[] y = run.points().stream().mapToDouble(p -> p[1]).toArray();
          LogLogChart panel = LogLogChart.panel(run.label(), "step", "loss", true, 300, 220);
          panel.data(0, "points", x, y);
          FittedCurve.Samples line = FittedCurve.of(entry.law(), fits.get(groupId)).sample(x[0], x[x.length - 1], 40);
          panel.fitted(1, "fit", line.x(), line.y());
          panels.add(panel);
        }
        String note = runs.size() > shown.size()
            ? (runs.size() - shown.size()) + " more runs not drawn (" + shown.size() + " of " + runs.size()
                + ", evenly spread)" : "";
        page.chart(charts.write(ChartGrid.of(source.getKey() + ": " + entry.name() + " per run", note, COLUMNS, panels),
            "loss-curves-" + entry.name() + "-" + source.getKey(), source.getKey() + ": validation loss per run (blue)"
                + " with the fitted L = E + A step^-alpha of plan entry " + entry.name() + " (red)"
                + (note.isEmpty() ? "" : "; " + note)));
        drawn = true;
      }
    }
    if (!drawn) {
      page.text("Nothing to draw: no converged fit of the plan's loss-curve entries (" + PlanEntries.names(entries)
          + ") in fits_latest. Ingest runs (scaling ingest --logs DIR), then scaling fit.");
    }
    return page.build();
  }

  /** At most {@code most} of the items, evenly spread over them, first and last included. */
  static List<String> spread(List<String> items, int most) {
    if (items.size() <= most) {
      return items;
    }
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < most; i++) {
      picked.add(items.get((int) Math.round(i * (items.size() - 1) / (double) (most - 1))));
    }
    return picked;
  }

  /** One run's points, in step order, and its label. */
  private record Run(String label, List<double[]> points) {}
}
