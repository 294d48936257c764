package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitPlan;

/**
 * The cross-run laws of each study — the plan's power laws over runs' points such as L(N), L(D) and L(C) (Kaplan et
 * al. 2020 §3, Eq. 1.1–1.3), whatever the entries are called — one chart per study: every law's points as the fit
 * selected them with the fitted line through them, and under each the relative residuals, where a curvature the
 * power law misses shows as a trend.
 */
public final class StudyLawsView implements ReportView {

  private static final Set<String> LAWS = Set.of("power-law", "power-law-offset");

  private final PlanEntries plan;

  public StudyLawsView(PlanEntries plan) {
    this.plan = plan;
  }

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("study-laws", "Laws across runs per study",
        "How does a study's final loss scale with parameters, tokens and compute, and where does the power law miss?");
    List<FitPlan.Entry> entries = plan.fittingRuns(LAWS);
    Map<String, List<Law>> studies = new LinkedHashMap<>();
    for (FitPlan.Entry entry : entries) {
      Map<String, Map<String, Double>> fits = FitParams.byGroupId(spark, entry.name());
      if (fits.isEmpty()) {
        continue;
      }
      GroupedSeries points = GroupedSeries.of(EntryPoints.of(spark, entry)
          .where(col(EntryPoints.GROUP_ID).isin(fits.keySet().toArray()))
          .orderBy(EntryPoints.GROUP_ID, EntryPoints.X).select(EntryPoints.GROUP_ID, EntryPoints.X, EntryPoints.Y));
      points.groups().forEach((study, p) -> studies.computeIfAbsent(study, s -> new ArrayList<>())
          .add(new Law(entry, p, FittedCurve.of(entry.law(), fits.get(study)))));
    }
    if (studies.isEmpty()) {
      return page.text("Nothing to draw: no converged fit of the plan's power laws over runs ("
          + PlanEntries.names(entries) + ") in fits_latest. Ingest runs, then scaling fit.").build();
    }
    for (Map.Entry<String, List<Law>> study : studies.entrySet()) {
      List<LogLogChart> panels = new ArrayList<>();
      for (Law law : study.getValue()) {
        panels.add(law.chart());
      }
      for (Law law : study.getValue()) {
        panels.add(law.residuals());
      }
      page.chart(charts.write(ChartGrid.of(study.getKey(), "", study.getValue().size(), panels),
          "study-laws-" + study.getKey(), study.getKey() + ": final loss against each law's variable with the fitted"
              + " power law (top) and the relative residuals of its points (bottom)"));
    }
    return page.build();
  }

  /** One law of a study: its entry, the points it was fitted to and the fitted curve. */
  private record Law(FitPlan.Entry entry, GroupedSeries.Points points, FittedCurve curve) {

    LogLogChart chart() {
      LogLogChart chart = LogLogChart.panel(entry.name(), entry.columns().get(0), "final loss", true, 420, 300);
      chart.data(0, entry.name() + " points", points.x(), points.y());
      FittedCurve.Samples line = curve.sample(points.minX(), points.maxX(), 40);
      return chart.fitted(1, entry.name() + " fit", line.x(), line.y());
    }

    /** 100 (y / fit − 1) at each point, with the zero line. */
    LogLogChart residuals() {
      double[] residual = new double[points.x().length];
      for (int i = 0; i < residual.length; i++) {
        residual[i] = 100 * (points.y()[i] / curve.law().applyAsDouble(points.x()[i]) - 1);
      }
      LogLogChart chart = LogLogChart.panel(entry.name() + ": residuals", entry.columns().get(0), "loss / fit - 1 (%)",
          false, 420, 300);
      chart.data(0, entry.name() + " residuals", points.x(), residual);
      double[] ends = {points.minX(), points.maxX()};
      return chart.dashed(1, entry.name() + " zero", ends, new double[2]);
    }
  }
}
