package org.scalingpipeline.refit;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The groups of a plan entry that contain a set of runs: the distinct values of the entry's
 * {@code group_by} expressions over the rows of its input view (after its metric and where filters)
 * that belong to those runs. A key is its values cast to strings, as in the fits' {@code group_id}.
 */
final class AffectedGroups {

  private AffectedGroups() {}

  /** Whether an entry fits groups of runs (rather than a published table or law). */
  static boolean refittable(FitPlan.Entry entry) {
    return entry.reference() == null && FitInputs.RUN_VIEWS.contains(entry.input());
  }

  /**
   * The key values (in {@code group_by} order) of each entry's groups holding any of the runs, in
   * any of several snapshots (versions of {@code runs} and {@code points}). The runs' rows of each
   * snapshot are read once and kept in memory (a local checkpoint), and one query over the views of
   * those rows alone yields, per row and entry reading its view, the entry's index and its key when
   * the row passes the entry's metric and where filters; the distinct pairs come back. The views are
   * per run (a run's final points depend on its own points only), so the keys are the same as over
   * the whole tables.
   */
  static Map<FitPlan.Entry, Set<List<String>>> of(Warehouse warehouse, List<FitPlan.Entry> entries, Set<String> runIds,
      List<Map<String, Long>> snapshots) {
    Map<FitPlan.Entry, Set<List<String>>> keys = new LinkedHashMap<>();
    entries.forEach(entry -> keys.put(entry, new LinkedHashSet<>()));
    if (runIds.isEmpty() || entries.isEmpty()) {
      return keys;
    }
    Column ofRuns = col("run_id").isin(runIds.toArray());
    Dataset<Row> pairs = null;
    for (Map<String, Long> versions : snapshots) {
      Map<String, Dataset<Row>> views = FitInputs.runViews(
          warehouse.table("runs", versions.get("runs")).where(ofRuns).localCheckpoint(),
          warehouse.table("points", versions.get("points")).where(ofRuns).localCheckpoint());
      for (String input : FitInputs.RUN_VIEWS) {
        List<Column> perEntry = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
          if (entries.get(i).input().equals(input)) {
            perEntry.add(struct(lit(i).as("entry"), keyWhenSelected(entries.get(i)).as("key")));
          }
        }
        if (!perEntry.isEmpty()) {
          Dataset<Row> part = views.get(input).select(explode(array(perEntry.toArray(Column[]::new))).as("pair"))
              .select("pair.*");
          pairs = pairs == null ? part : pairs.unionByName(part);
        }
      }
    }
    for (Row row : pairs.where(col("key").isNotNull()).distinct().collectAsList()) {
      keys.get(entries.get(row.getInt(0))).add(new ArrayList<>(row.getList(1)));
    }
    return keys;
  }

  /** The entry's group key as strings (empty without {@code group_by}) for a row its filters select, else null. */
  private static Column keyWhenSelected(FitPlan.Entry entry) {
    Column[] key = entry.groupKeys().stream().map(k -> k.value().cast("string")).toArray(Column[]::new);
    return when(entry.rowFilter(), array(key).cast("array<string>"));
  }

  /** A filter over the entry's input keeping exactly the given groups; empty when there are none. */
  static Optional<Column> filter(FitPlan.Entry entry, Set<List<String>> keys) {
    Column any = null;
    for (List<String> key : keys) {
      Column group = lit(true);
      for (int i = 0; i < key.size(); i++) {
        Column value = entry.groupKeys().get(i).value().cast("string");
        group = group.and(key.get(i) == null ? value.isNull() : value.equalTo(lit(key.get(i))));
      }
      any = any == null ? group : any.or(group);
    }
    return Optional.ofNullable(any);
  }
}
