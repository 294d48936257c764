package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.laws.ComputeOptimal;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.fit.FitPlanRunner;
import org.scalingpipeline.warehouse.MetricUnit;

/**
 * IsoFLOP profiles (Hoffmann et al. 2022 approach 2, §3.2 and Figure 3) of every study, one panel per study so two
 * studies never share a loss axis (a 3 nats/token study beside a 0.9 bits/byte one would flatten both): per compute
 * budget the runs' final losses against N, the fitted parabola in log N and its vertex, N_opt at that budget. The
 * plan's {@code isoflop} entries over runs are drawn whatever their names; a study is a group without its
 * {@value #BUDGET_KEY} key. A study in nats/token whose runs give their tokenizer's bytes per token
 * ({@value #BYTES_PER_TOKEN}) is drawn again in bits per byte, the unit that compares studies across tokenizers.
 */
public final class StudyIsoflopView implements ReportView {

  /** The group key that names a profile's compute budget (data/fit-plan.md, the {@code isoflop} entry). */
  static final String BUDGET_KEY = "compute_budget";
  /** The run config key of the mean UTF-8 bytes per token of the run's tokenizer on its data (data/log-format.md). */
  static final String BYTES_PER_TOKEN = "bytes_per_token";
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
              col("unit"), col(EntryPoints.X), col(EntryPoints.Y), col("config").getItem(BYTES_PER_TOKEN).cast("double"))
          .collectAsList()) {
        String profile = byBudget ? String.format(Locale.ROOT, "C = %.3g", p.getDouble(2)) : p.getString(1);
        Profile points = studies.computeIfAbsent(p.getString(0), s -> new LinkedHashMap<>())
            .computeIfAbsent(profile, g -> new Profile(p.getString(1), p.getString(3), new ArrayList<>(), new ArrayList<>(),
                new HashSet<>()));
        points.bytesPerToken().add(p.isNullAt(6) ? Double.NaN : p.getDouble(6));
        points.x().add(((Number) p.get(4)).doubleValue());
        points.y().add(((Number) p.get(5)).doubleValue());
      }
      List<LogLogChart> panels = new ArrayList<>();
      studies.forEach((study, profiles) -> {
        panels.add(panel(entry, study, profiles, fits, Double.NaN));
        double bytesPerToken = bytesPerToken(profiles);
        if (Double.isFinite(bytesPerToken)) {
          panels.add(panel(entry, study, profiles, fits, bytesPerToken));
        }
      });
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

  /**
   * A study's panel in its own unit, or with {@code bytesPerToken} a number, the same profiles of a nats/token study in
   * bits per byte ({@link MetricUnit#bitsPerByte}): a loss scaled by a constant keeps each parabola's vertex N.
   */
  private static LogLogChart panel(FitPlan.Entry entry, String study, Map<String, Profile> profiles,
      Map<String, Map<String, Double>> fits, double bytesPerToken) {
    boolean inBytes = Double.isFinite(bytesPerToken);
    String unit = inBytes ? MetricUnit.BITS_PER_BYTE.label() : profiles.values().iterator().next().unit();
    String name = inBytes ? String.format(Locale.ROOT, "%s in bits/byte (%.3g bytes/token)", study, bytesPerToken)
        : study;
    DoubleUnaryOperator scale = inBytes ? loss -> MetricUnit.bitsPerByte(loss, bytesPerToken) : loss -> loss;
    LogLogChart chart = LogLogChart.panel(name, "N (parameters)", "final loss (" + unit + ")", true, 560, 400);
    int colour = 0;
    for (Map.Entry<String, Profile> e : profiles.entrySet()) {
      Profile profile = e.getValue();
      double[] x = profile.x().stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = profile.y().stream().mapToDouble(Double::doubleValue).map(scale).toArray();
      chart.data(colour, name + " " + e.getKey(), x, y);
      Map<String, Double> params = fits.get(profile.groupId());
      FittedCurve parabola = FittedCurve.of(entry.law(), params);
      FittedCurve.Samples line = parabola.sample(x[0] / 1.2, x[x.length - 1] * 1.2, 50);
      chart.fitted(colour, name + " " + e.getKey() + " parabola", line.x(),
          Arrays.stream(line.y()).map(scale).toArray());
      double vertex = ((ComputeOptimal) Laws.ALL.law(entry.law()).law(params)).nOpt(Double.NaN);
      if (Double.isFinite(vertex)) {
        chart.vertex(colour, name + " " + e.getKey() + " N_opt", vertex,
            scale.applyAsDouble(parabola.law().applyAsDouble(vertex)));
      }
      colour++;
    }
    return chart;
  }

  /**
   * The bytes per token of a study in nats/token whose runs all give the same {@code config.bytes_per_token}; NaN when
   * the study is in another unit or its runs give none or several.
   */
  private static double bytesPerToken(Map<String, Profile> profiles) {
    Set<Double> values = new HashSet<>();
    for (Profile profile : profiles.values()) {
      if (!MetricUnit.NATS_PER_TOKEN.label().equals(profile.unit())) {
        return Double.NaN;
      }
      values.addAll(profile.bytesPerToken());
    }
    double only = values.size() == 1 ? values.iterator().next() : Double.NaN;
    return only > 0 ? only : Double.NaN;
  }

  /** One budget's points of a study, its fit's group id, the loss unit and the bytes per token its runs give. */
  private record Profile(String groupId, String unit, List<Double> x, List<Double> y, Set<Double> bytesPerToken) {}
}
