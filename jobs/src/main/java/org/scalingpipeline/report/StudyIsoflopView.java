package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.laws.ComputeOptimal;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.fit.FitPlanRunner;

/**
 * IsoFLOP profiles (Hoffmann et al. 2022 approach 2, §3.2 and Figure 3) of every study, one panel per study so two
 * studies never share a loss axis (a 3 nats/token study beside a 0.9 bits/byte one would flatten both): per compute
 * budget the runs' final losses against N, the fitted parabola in log N and its vertex, N_opt at that budget. The
 * plan's {@code isoflop} entries over runs are drawn whatever their names; a study is a group without its
 * {@value #BUDGET_KEY} key.
 */
public final class StudyIsoflopView implements ReportView {

  /** The group key that names a profile's compute budget (data/fit-plan.md, the {@code isoflop} entry). */
  static final String BUDGET_KEY = "compute_budget";
  private static final int COLUMNS = 3;

  private final PlanEntries plan;

  public StudyIsoflopView(PlanEntries plan) {
    this.plan = plan;
  }

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("study-isoflop", "IsoFLOP profiles per study",
        "At each compute budget, which model size gave the lowest loss, and how sharp is the optimum?");
    List<FitPlan.Entry> entries = plan.fittingRuns(Set.of("isoflop"));
    boolean drawn = false;
    for (FitPlan.Entry entry : entries) {
      Map<String, Map<String, Double>> fits = FitParams.byGroupId(spark, entry.name());
      if (fits.isEmpty()) {
        continue;
      }
      List<FitPlan.GroupKey> studyKeys = entry.groupKeys().stream().filter(k -> !k.name().equals(BUDGET_KEY)).toList();
      boolean byBudget = studyKeys.size() < entry.groupKeys().size();
      Map<String, Map<String, Profile>> studies = new LinkedHashMap<>();
      for (Row p : EntryPoints.of(spark, entry).where(col(EntryPoints.GROUP_ID).isin(fits.keySet().toArray()))
          .withColumn("study", FitPlanRunner.groupId(studyKeys))
          .orderBy(col("study"), byBudget ? col(BUDGET_KEY).cast("double") : col(EntryPoints.GROUP_ID), col(EntryPoints.X))
          .select(col("study"), col(EntryPoints.GROUP_ID), byBudget ? col(BUDGET_KEY).cast("double") : col("study"),
              col("unit"), col(EntryPoints.X), col(EntryPoints.Y))
          .collectAsList()) {
        String profile = byBudget ? String.format(Locale.ROOT, "C = %.3g", p.getDouble(2)) : p.getString(1);
        Profile points = studies.computeIfAbsent(p.getString(0), s -> new LinkedHashMap<>())
            .computeIfAbsent(profile, g -> new Profile(p.getString(1), p.getString(3), new ArrayList<>(), new ArrayList<>()));
        points.x().add(((Number) p.get(4)).doubleValue());
        points.y().add(((Number) p.get(5)).doubleValue());
      }
      List<LogLogChart> panels = new ArrayList<>();
      studies.forEach((study, profiles) -> panels.add(panel(entry, study, profiles, fits)));
      page.chart(charts.write(ChartGrid.of(entry.name() + ": IsoFLOP profiles, one panel per study", "", COLUMNS, panels),
          "isoflop-profiles-" + entry.name(), "Final loss against N per compute budget (colours) with the fitted parabola"
              + " in log N and its vertex (diamond, N_opt at that budget), one panel per study of plan entry "
              + entry.name()));
      drawn = true;
    }
    if (!drawn) {
      page.text("Nothing to draw: no converged fit of the plan's IsoFLOP entries (" + PlanEntries.names(entries)
          + ") in fits_latest. A study needs runs sharing a compute budget (config compute_budget), 3 sizes or more each.");
    }
    return page.build();
  }

  private static LogLogChart panel(FitPlan.Entry entry, String study, Map<String, Profile> profiles,
      Map<String, Map<String, Double>> fits) {
    String unit = profiles.values().iterator().next().unit();
    LogLogChart chart = LogLogChart.panel(study, "N (parameters)", "final loss (" + unit + ")", true, 560, 400);
    int colour = 0;
    for (Map.Entry<String, Profile> e : profiles.entrySet()) {
      Profile profile = e.getValue();
      double[] x = profile.x().stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = profile.y().stream().mapToDouble(Double::doubleValue).toArray();
      chart.data(colour, study + " " + e.getKey(), x, y);
      Map<String, Double> params = fits.get(profile.groupId());
      FittedCurve parabola = FittedCurve.of(entry.law(), params);
      FittedCurve.Samples line = parabola.sample(x[0] / 1.2, x[x.length - 1] * 1.2, 50);
      chart.fitted(colour, study + " " + e.getKey() + " parabola", line.x(), line.y());
      double vertex = ((ComputeOptimal) Laws.ALL.law(entry.law()).law(params)).nOpt(Double.NaN);
      if (Double.isFinite(vertex)) {
        chart.vertex(colour, study + " " + e.getKey() + " N_opt", vertex, parabola.law().applyAsDouble(vertex));
      }
      colour++;
    }
    return chart;
  }

  /** One budget's points of a study, its fit's group id and the loss unit. */
  private record Profile(String groupId, String unit, List<Double> x, List<Double> y) {}
}
