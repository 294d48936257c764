package org.scalingpipeline.refit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
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

  /**
   * The key values (in {@code group_by} order) of each entry's groups holding any of the runs. One
   * query per input view: every row of the runs yields, per entry, its key when the row passes the
   * entry's metric and where filters (null otherwise), and the distinct key tuples come back.
   */
  static Map<FitPlan.Entry, Set<List<Object>>> of(SparkSession spark, List<FitPlan.Entry> entries, Set<String> runIds) {
    Map<FitPlan.Entry, Set<List<Object>>> keys = new LinkedHashMap<>();
    entries.forEach(entry -> keys.put(entry, new LinkedHashSet<>()));
    if (runIds.isEmpty()) {
      return keys;
    }
    Map<String, List<FitPlan.Entry>> byInput = entries.stream()
        .collect(Collectors.groupingBy(FitPlan.Entry::input, LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<String, List<FitPlan.Entry>> input : byInput.entrySet()) {
      List<FitPlan.Entry> readers = input.getValue();
      Column[] perEntry = readers.stream().map(AffectedGroups::keyWhenSelected).toArray(Column[]::new);
      List<Row> rows = FitInputs.view(spark, input.getKey()).where(col("run_id").isin(runIds.toArray()))
          .select(perEntry).distinct().collectAsList();
      for (Row row : rows) {
        for (int i = 0; i < readers.size(); i++) {
          if (!row.isNullAt(i)) {
            keys.get(readers.get(i)).add(readers.get(i).groupBy().isEmpty() ? List.of() : values(row.getStruct(i)));
          }
        }
      }
    }
    return keys;
  }

  /** The entry's group key as a struct (true without {@code group_by}) for a row its filters select, else null. */
  private static Column keyWhenSelected(FitPlan.Entry entry) {
    Column[] key = entry.groupBy().stream().map(k -> expr(k)).toArray(Column[]::new);
    return when(entry.rowFilter(), key.length == 0 ? lit(true) : struct(key));
  }

  private static List<Object> values(Row key) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < key.size(); i++) {
      values.add(key.get(i));
    }
    return values;
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
