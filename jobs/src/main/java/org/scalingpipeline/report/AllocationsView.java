package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The answers {@code scaling optimal} stored ({@code allocations}): N_opt(C) and D_opt(C) under every law, one line
 * per law over the budgets asked for, with the law's interval as a band where the table carries one
 * ({@code n_opt_lower} … {@code d_opt_upper}; read from the table's schema, so older warehouses draw points only).
 */
public final class AllocationsView implements ReportView {

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("allocations", "N_opt(C) under every law",
        "For the budgets asked of scaling optimal, how many parameters and tokens does each law recommend, and how sure is it?");
    Dataset<Row> allocations = spark.table("allocations");
    if (allocations.isEmpty()) {
      return page.text("Nothing to draw: the allocations table is empty. Run scaling optimal --budget 1e19,1e21,1e23"
          + " after scaling fit.").build();
    }
    boolean intervals = Arrays.asList(allocations.columns()).containsAll(List.of("n_opt_lower", "n_opt_upper",
        "d_opt_lower", "d_opt_upper"));
    for (String role : List.of("n", "d")) {
      String value = role + "_opt";
      List<String> columns = new ArrayList<>(List.of("law_name", "budget_flops", value));
      if (intervals) {
        columns.addAll(List.of(value + "_lower", value + "_upper"));
      }
      Map<String, List<Row>> laws = new LinkedHashMap<>();
      for (Row row : allocations.where(col(value).isNotNull()).orderBy("law_name", "budget_flops")
          .select(columns.stream().map(c -> col(c)).toArray(Column[]::new))
          .collectAsList()) {
        laws.computeIfAbsent(row.getString(0), l -> new ArrayList<>()).add(row);
      }
      LogLogChart chart = LogLogChart.of((role.equals("n") ? "N_opt" : "D_opt") + " vs compute budget, every law",
          "C (FLOPs)", role.equals("n") ? "N_opt (parameters)" : "D_opt (tokens)");
      int colour = 0;
      for (Map.Entry<String, List<Row>> law : laws.entrySet()) {
        List<Row> rows = law.getValue();
        double[] c = rows.stream().mapToDouble(r -> r.getDouble(1)).toArray();
        double[] v = rows.stream().mapToDouble(r -> r.getDouble(2)).toArray();
        List<Row> bounded = intervals ? rows.stream().filter(r -> !r.isNullAt(3) && !r.isNullAt(4)).toList() : List.of();
        if (!bounded.isEmpty()) {
          chart.band(colour, law.getKey() + " interval", bounded.stream().mapToDouble(r -> r.getDouble(1)).toArray(),
              bounded.stream().mapToDouble(r -> r.getDouble(3)).toArray(),
              bounded.stream().mapToDouble(r -> r.getDouble(4)).toArray());
        }
        chart.data(colour, law.getKey(), c, v);
        if (c.length > 1) {
          chart.fitted(colour, law.getKey() + " line", c, v);
        }
        colour++;
      }
      page.chart(charts.write(chart.chart(), "allocations-" + role, (role.equals("n") ? "N_opt" : "D_opt")
          + "(C) under every law in the allocations table" + (intervals ? ", with each law's interval as a band"
              : " (this warehouse's table has no interval columns: points only)")));
    }
    page.table("The allocations table", allocations.orderBy("budget_flops", "law_name"));
    return page.build();
  }
}
