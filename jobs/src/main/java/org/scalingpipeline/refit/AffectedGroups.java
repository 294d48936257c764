package org.scalingpipeline.refit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.fit.FitPlan;

/**
 * The groups of a plan entry that contain a set of runs: the distinct values of the entry's
 * {@code group_by} expressions over the rows of its input view (after its metric and where filters)
 * that belong to those runs. Read over the views {@link FitInputs} registered, so over one snapshot.
 */
final class AffectedGroups {

  /** The inputs built from runs and points; other inputs (published tables) never change in a refit. */
  static final Set<String> RUN_INPUTS = Set.of("curve_points", "final_points", "routed_final");

  private AffectedGroups() {}

  /** Whether an entry fits groups of runs (rather than a published table or law). */
  static boolean refittable(FitPlan.Entry entry) {
    return entry.reference() == null && RUN_INPUTS.contains(entry.input());
  }

  /** The key values (in {@code group_by} order) of the entry's groups holding any of the runs. */
  static Set<List<Object>> of(SparkSession spark, FitPlan.Entry entry, Set<String> runIds) {
    Dataset<Row> input = FitInputs.view(spark, entry.input()).where(col("run_id").isin(runIds.toArray()));
    if (entry.metric() != null) {
      input = input.where(col("metric").equalTo(entry.metric()));
    }
    if (entry.where() != null) {
      input = input.where(expr(entry.where()));
    }
    Set<List<Object>> keys = new LinkedHashSet<>();
    if (entry.groupBy().isEmpty()) {
      if (!input.isEmpty()) {
        keys.add(List.of());
      }
      return keys;
    }
    Column[] groupBy = entry.groupBy().stream().map(k -> expr(k)).toArray(Column[]::new);
    for (Row row : input.select(groupBy).distinct().collectAsList()) {
      List<Object> key = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        key.add(row.get(i));
      }
      keys.add(key);
    }
    return keys;
  }

  /** A filter over the entry's input keeping exactly the given groups; empty when there are none. */
  static Optional<Column> filter(FitPlan.Entry entry, Set<List<Object>> keys) {
    Column any = null;
    for (List<Object> key : keys) {
      Column group = lit(true);
      for (int i = 0; i < key.size(); i++) {
        group = group.and(expr(entry.groupBy().get(i)).eqNullSafe(lit(key.get(i))));
      }
      any = any == null ? group : any.or(group);
    }
    return Optional.ofNullable(any);
  }
}
