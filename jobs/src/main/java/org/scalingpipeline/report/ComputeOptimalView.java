package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Notebook 4 as a page: N_opt(C) and D_opt(C) under each law side by side — Kaplan et al.'s L(N, D) on
 * the iso-FLOP line, Hoffmann et al.'s approaches 1 and 2 (allocation laws fitted to their tables, with
 * bootstrap bands where the exponent is free) and approach 3 — over Hoffmann et al.'s published estimates.
 */
public final class ComputeOptimalView implements ReportView {

  /** Budgets 1e18 to 1e26 FLOPs, four per decade. */
  private static final String BUDGETS = "SELECT pow(10, e / 4.0) AS c FROM (SELECT explode(sequence(72, 104)) AS e)";

  /** Each law's N_opt and D_opt over the budgets, using the registered SQL functions. */
  private static final String OPTIMA = "WITH budgets AS (" + BUDGETS + "),"
      + " grid AS (SELECT pow(10, e / 50.0) AS n FROM (SELECT explode(sequence(250, 800)) AS e)),"
      + " kaplan AS (SELECT b.c, min_by(g.n, kaplan_loss(g.n, b.c / (6 * g.n))) AS n_opt"
      + "   FROM budgets b CROSS JOIN grid g GROUP BY b.c)"
      + " SELECT 'Kaplan L(N, D), iso-FLOP argmin' AS law, c, n_opt, c / (6 * n_opt) AS d_opt FROM kaplan"
      + " UNION ALL SELECT concat(a.group_key['approach'], IF(a.free_exponent, ' (free exponent)', ' (fixed exponent)')),"
      + "   b.c, n_opt(b.c, a.n_params), power_law(b.c, a.d_params['k'], a.d_params['exponent'])"
      + "   FROM allocation_laws a CROSS JOIN budgets b WHERE a.converged"
      + " UNION ALL SELECT 'chinchilla-approach-3 (published)', b.c, n_opt(b.c, f.params), d_opt(b.c, f.params)"
      + "   FROM fits_latest f JOIN plan_roles r ON r.role = 'closed-form-optimum' AND f.fit_name = r.fit_name"
      + "   CROSS JOIN budgets b";

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("compute-optimal", "4. Compute-optimal planning",
        "For a compute budget C, how many parameters N_opt and tokens D_opt does each law recommend?");
    Dataset<Row> optima = spark.sql(OPTIMA).cache();
    optima.createOrReplaceTempView("report_optima");
    page.chart(charts.write(chart(spark, "n_opt", "params", "n").chart(), "compute-optimal-n",
        "N_opt(C) under each law; dots are Hoffmann et al.'s Tables 3 and A3, bands the bootstrap intervals of free fits"));
    page.chart(charts.write(chart(spark, "d_opt", "tokens", "d").chart(), "compute-optimal-d",
        "D_opt(C) under each law; dots are Hoffmann et al.'s Tables 3 and A3, bands the bootstrap intervals of free fits"));
    page.table("Side by side at 1e19, 1e21, 1e23 and 1e25 FLOPs", spark.sql("SELECT law, c AS budget_flops, n_opt, d_opt,"
        + " d_opt / n_opt AS tokens_per_param FROM report_optima WHERE round(log10(c), 6) IN (19, 21, 23, 25) ORDER BY c, law"));
    optima.unpersist();
    return page.build();
  }

  /** N_opt or D_opt against C: every law's line, the published points, bands for the free allocation fits. */
  private static LogLogChart chart(SparkSession spark, String column, String published, String role) {
    LogLogChart chart = LogLogChart.of((role.equals("n") ? "N_opt" : "D_opt") + " vs compute budget", "C (FLOPs)",
        role.equals("n") ? "N_opt (parameters)" : "D_opt (tokens)");
    Map<String, Integer> colours = new LinkedHashMap<>();
    GroupedSeries lines = GroupedSeries.of(spark.table("report_optima").orderBy("law", "c").select("law", "c", column));
    lines.groups().keySet().forEach(law -> colours.put(law, colours.size()));
    Column lower = col(role + "_ci_lower");
    for (Row free : spark.table("allocation_laws").where(col("converged").and(col("free_exponent")).and(size(lower).gt(0)))
        .select(concat(col("group_key").getItem("approach"), lit(" (free exponent)")), lower, col(role + "_ci_upper"))
        .collectAsList()) {
      band(chart, colours.getOrDefault(free.getString(0), 0), free.getString(0),
          FitParams.params(free.getMap(1)), FitParams.params(free.getMap(2)));
    }
    lines.groups().forEach((law, points) -> {
      if (law.contains("fixed") || law.contains("published")) {
        chart.dashed(colours.get(law), law, points.x(), points.y());
      } else {
        chart.fitted(colours.get(law), law, points.x(), points.y());
      }
    });
    GroupedSeries.of(spark.table("published_allocations").orderBy("approach", "flops")
        .select(concat(col("approach"), lit(" published")), col("flops"), col(published))).groups().forEach((name, points) ->
        chart.data(colours.getOrDefault(name.replace(" published", " (free exponent)"), 0), name, points.x(), points.y()));
    return chart;
  }

  /** The envelope of the allocation law over the corners of the bootstrap intervals of k and the exponent. */
  private static void band(LogLogChart chart, int colour, String law, Map<String, Double> lower, Map<String, Double> upper) {
    double[] c = FittedCurve.grid(1e18, 1e26, 33);
    double[] lo = new double[c.length];
    double[] hi = new double[c.length];
    java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
    for (Map<String, Double> k : java.util.List.of(lower, upper)) {
      for (Map<String, Double> exponent : java.util.List.of(lower, upper)) {
        FittedCurve corner = FittedCurve.of("allocation", Map.of("k", k.get("k"), "exponent", exponent.get("exponent")));
        for (int i = 0; i < c.length; i++) {
          double v = corner.law().applyAsDouble(c[i]);
          lo[i] = Math.min(lo[i], v);
          hi[i] = Math.max(hi[i], v);
        }
      }
    }
    chart.band(colour, law + " bootstrap band", c, lo, hi);
  }
}
