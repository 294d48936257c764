package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.fit.FitPlanRunner;

/**
 * The points a plan entry fits, selected exactly as the fit selects them ({@link FitPlan.Entry#selected}), each with
 * its group's {@code fits.group_id}, so the report draws a fitted law over the very points it was fitted to.
 */
public final class EntryPoints {

  /** The column of a point's group id, as in {@code fits.group_id}. */
  public static final String GROUP_ID = "group_id";
  /** The column of a readable group label: the group keys' values. */
  public static final String LABEL = "group_label";
  /** The columns of the law's first role (x) and of its last (y, the response). */
  public static final String X = "x";
  public static final String Y = "y";

  private EntryPoints() {}

  /** The entry's input rows it fits, with the key columns, group id, label, x and y added. */
  public static Dataset<Row> of(SparkSession spark, FitPlan.Entry entry) {
    Dataset<Row> rows = entry.selected(FitInputs.view(spark, entry.input()));
    for (FitPlan.GroupKey key : entry.groupKeys()) {
      rows = rows.withColumn(key.name(), key.value());
    }
    List<String> columns = entry.columns();
    return rows.withColumn(GROUP_ID, FitPlanRunner.groupId(entry.groupKeys()))
        .withColumn(LABEL, label(entry.groupKeys()))
        .withColumn(X, expr(columns.get(0)))
        .withColumn(Y, expr(columns.get(columns.size() - 1)));
  }

  /**
   * The entry's points in these groups as rows of doubles, one per value column, by group id in the order their
   * rows come; a point with a NULL in any of them is left out, as the fitting aggregates leave it out.
   */
  public static Map<String, List<double[]>> rowsByGroup(SparkSession spark, FitPlan.Entry entry, List<Column> values,
      Collection<String> groupIds) {
    Map<String, List<double[]>> rows = new LinkedHashMap<>();
    for (Row row : of(spark, entry).where(col(GROUP_ID).isin(groupIds.toArray()))
        .select(col(GROUP_ID), array(values.stream().map(v -> v.cast("double")).toArray(Column[]::new)))
        .collectAsList()) {
      List<Double> v = row.getList(1);
      if (v.stream().allMatch(x -> x != null)) {
        rows.computeIfAbsent(row.getString(0), g -> new ArrayList<>()).add(v.stream().mapToDouble(x -> x).toArray());
      }
    }
    return rows;
  }

  private static Column label(List<FitPlan.GroupKey> keys) {
    return keys.isEmpty() ? expr("'all'") : concat_ws(" ", keys.stream().map(k -> expr("`" + k.name() + "`")
        .cast("string")).toArray(Column[]::new));
  }
}
