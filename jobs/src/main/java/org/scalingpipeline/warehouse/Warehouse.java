package org.scalingpipeline.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The folder of Delta Lake tables the pipeline reads and writes ({@code warehouse/} by default).
 * Each table is a Delta table at {@code <root>/<name>} (Parquet files plus a transaction log), so a
 * write commits atomically and every version stays readable; opening the warehouse registers each
 * table under its name in the session catalog, so plain SQL can query it.
 */
public final class Warehouse {

  /** The most values of a key column that a merge lists to narrow its read of the table. */
  private static final int MAX_SCOPE_VALUES = 10_000;

  private final SparkSession spark;
  private final String root;

  private Warehouse(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  /** Opens (and on first use creates) the warehouse at a folder or URI. */
  public static Warehouse open(SparkSession spark, String location) {
    Path path = new Path(location);
    try {
      String root = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path).toString();
      Warehouse warehouse = new Warehouse(spark, root);
      Schemas.TABLES.forEach(warehouse::ensure);
      warehouse.registerViews();
      return warehouse;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the warehouse at " + location + ": " + e.getMessage(), e);
    }
  }

  /** The qualified location of the warehouse. */
  public String root() {
    return root;
  }

  /** The location of a table's Delta folder. */
  public String path(String table) {
    return root + "/" + table;
  }

  /** Each run's last validation loss: {@code run_id, step, value}. */
  private static final String FINAL_VAL_LOSS = "(SELECT p.run_id, p.step, p.value FROM points p JOIN (SELECT run_id,"
      + " max(step) AS s FROM points WHERE metric = 'val_loss' GROUP BY run_id) l ON p.run_id = l.run_id AND p.step = l.s"
      + " WHERE p.metric = 'val_loss')";

  /**
   * {@code trained_isoflop_check}, one row per IsoFLOP run of {@code scaling train}: at its budget C and
   * corpus, the N_opt predicted by the article's law (plan entry {@code trained-reference-allocation}:
   * k_N C^0.5 with k_N from the reference run; and, when the seed fits are there, Hoffmann et al.'s
   * approach 1 as published), the N_opt measured as the vertex of the budget's IsoFLOP parabola
   * ({@code trained-isoflop}), the run's final validation loss and rank among the completed runs of the
   * budget, whether it is the size nearest the prediction (in log N), whether that size had the lowest
   * loss, and the parabola's params.
   */
  private static final String TRAINED_ISOFLOP_CHECK = "CREATE OR REPLACE TEMPORARY VIEW trained_isoflop_check AS"
      + " WITH isoflop AS (SELECT CAST(r.config['compute_budget'] AS DOUBLE) AS compute_budget, r.dataset, r.run_id,"
      + " r.d_model, r.num_layers, r.num_heads, r.params_non_embedding, r.config['status'] AS status,"
      + " f.value AS final_val_loss FROM runs r LEFT JOIN " + FINAL_VAL_LOSS + " f ON r.run_id = f.run_id"
      + " WHERE r.source = 'djl-train' AND r.config['plan'] = 'isoflop'),"
      + " reference_law AS (SELECT group_key['dataset'] AS dataset, params FROM fits_latest"
      + " WHERE fit_name = 'trained-reference-allocation' AND converged),"
      + " published_law AS (SELECT params FROM fits_latest WHERE fit_name = 'chinchilla-allocation-n-fixed-1'"
      + " AND group_id = 'approach=chinchilla-approach-1' AND converged),"
      + " parabola AS (SELECT CAST(group_key[\"config['compute_budget']\"] AS DOUBLE) AS compute_budget,"
      + " group_key['dataset'] AS dataset, params FROM fits_latest WHERE fit_name = 'trained-isoflop' AND converged),"
      + " predicted AS (SELECT i.*, n_opt(i.compute_budget, r.params) AS predicted_n_opt,"
      + " n_opt(i.compute_budget, l.params) AS published_law_n_opt, n_opt(i.compute_budget, p.params) AS measured_n_opt,"
      + " p.params AS parabola FROM isoflop i LEFT JOIN reference_law r ON r.dataset = i.dataset"
      + " LEFT JOIN published_law l ON true"
      + " LEFT JOIN parabola p ON p.compute_budget = i.compute_budget AND p.dataset = i.dataset),"
      + " ranked AS (SELECT *, CASE WHEN status = 'completed' THEN rank() OVER (PARTITION BY compute_budget, dataset"
      + " ORDER BY CASE WHEN status = 'completed' THEN final_val_loss END ASC NULLS LAST) END AS loss_rank,"
      + " abs(ln(params_non_embedding / predicted_n_opt)) = min(abs(ln(params_non_embedding / predicted_n_opt)))"
      + " OVER (PARTITION BY compute_budget, dataset) AS nearest_to_prediction FROM predicted)"
      + " SELECT compute_budget, dataset, run_id, d_model, num_layers, num_heads, params_non_embedding, status,"
      + " final_val_loss, loss_rank, predicted_n_opt, published_law_n_opt, measured_n_opt,"
      + " measured_n_opt / predicted_n_opt AS measured_vs_predicted, nearest_to_prediction,"
      + " coalesce(loss_rank = 1, false) AS lowest_loss,"
      + " bool_or(CASE WHEN nearest_to_prediction THEN coalesce(loss_rank = 1, false) END)"
      + " OVER (PARTITION BY compute_budget, dataset) AS prediction_had_lowest_loss, parabola FROM ranked";

  /**
   * {@code fits_latest}: the newest fit of every (plan entry, group); {@code perceiver_ar_setup}: the
   * Perceiver AR article's experiment tables (N, N_cross, N_self, D, C, C_cross, C_self, Ĉ_self = 6
   * N_self D) with each run's final validation loss; {@code trained_isoflop_check}: the same article's
   * check on the runs {@code scaling train} made, one row per IsoFLOP run.
   */
  private void registerViews() {
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW perceiver_ar_setup AS SELECT r.experiment,"
        + " CAST(r.config['version'] AS INT) AS version, r.run_id, r.d_model AS num_channels, r.num_layers,"
        + " CAST(r.config['num_steps'] AS BIGINT) AS num_steps, r.params_total AS params,"
        + " CAST(r.config['params_cross'] AS DOUBLE) AS params_cross, CAST(r.config['params_self'] AS DOUBLE) AS params_self,"
        + " r.tokens_per_step * CAST(r.config['num_steps'] AS BIGINT) AS tokens,"
        + " r.flops_per_step * CAST(r.config['num_steps'] AS BIGINT) AS flops,"
        + " CAST(r.config['flops_cross_per_step'] AS DOUBLE) * CAST(r.config['num_steps'] AS BIGINT) AS flops_cross,"
        + " CAST(r.config['flops_self_per_step'] AS DOUBLE) * CAST(r.config['num_steps'] AS BIGINT) AS flops_self,"
        + " 6 * CAST(r.config['params_self'] AS DOUBLE) * r.tokens_per_step * CAST(r.config['num_steps'] AS BIGINT)"
        + " AS flops_self_approx, f.value AS final_loss, f.step AS final_step"
        + " FROM runs r LEFT JOIN " + FINAL_VAL_LOSS + " f ON r.run_id = f.run_id WHERE r.source = 'perceiver-ar'");
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW fits_latest AS SELECT f.* FROM fits f JOIN"
        + " (SELECT fit_name, group_id, max(fit_version) AS v FROM fits GROUP BY fit_name, group_id) m"
        + " ON f.fit_name = m.fit_name AND f.group_id = m.group_id AND f.fit_version = m.v");
    spark.sql(TRAINED_ISOFLOP_CHECK);
  }

  /**
   * Registers a table's name in the session catalog for this warehouse, creating the table when its
   * folder holds none yet (one statement) and adding the columns a newer schema has to an existing
   * one.
   */
  private void ensure(Schemas.Table table) {
    String name = table.name();
    boolean registered = nameRegisteredHere(name);
    if (!hasDeltaLog(name)) {
      if (registered) {
        forget(name);
      }
      spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + ddl(table.schema()) + ") USING delta LOCATION '"
          + path(name) + "'");
      return;
    }
    if (!registered) {
      spark.sql("CREATE TABLE " + name + " USING delta LOCATION '" + path(name) + "'");
    }
    StructType existing = snapshot(name).schema();
    List<String> missing = java.util.Arrays.stream(table.schema().fields())
        .filter(f -> !List.of(existing.fieldNames()).contains(f.name()))
        .map(f -> columnDdl(f, false)).toList();
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path(name) + "` ADD COLUMNS (" + String.join(", ", missing) + ")");
    }
  }

  /**
   * Whether the session catalog's name already points at this warehouse's table. A name registered
   * for another warehouse is dropped (re-pointed by the caller) when it is an external table; a
   * managed table of that name is never dropped: that is an error.
   */
  private boolean nameRegisteredHere(String name) {
    // the session catalog's own entry: DESCRIBE or catalog().tableExists resolve the Delta table, and fail
    // when its folder is gone
    if (!spark.sessionState().catalog().tableExists(new TableIdentifier(name))) {
      return false;
    }
    CatalogTable entry;
    try {
      entry = spark.sessionState().catalog().getTableMetadata(new TableIdentifier(name));
    } catch (AnalysisException e) {
      throw new IllegalStateException("cannot read the session's entry of table '" + name + "': " + e.getMessage(), e);
    }
    String location = new Path(entry.location()).toString();
    if (path(name).equals(location)) {
      return true;
    }
    if (entry.tableType() != CatalogTableType.EXTERNAL()) {
      throw new IllegalStateException("the session already has a " + entry.tableType().name() + " table '" + name
          + "' at " + location + "; the warehouse at " + root + " needs that name");
    }
    forget(name);
    return false;
  }

  /** Drops a name from the session catalog only (its table is external: the files stay), whether or not they exist. */
  private void forget(String name) {
    spark.sessionState().catalog().dropTable(new TableIdentifier(name), true, false);
  }

  private boolean hasDeltaLog(String name) {
    Path log = new Path(path(name), "_delta_log");
    try {
      return log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + log + ": " + e.getMessage(), e);
    }
  }

  /**
   * The fit version the next fit run writes: above every version in {@code fits} and every version a
   * refit unit has claimed in {@code refit_log}, so a unit that wrote no fits yet still owns its
   * version. Call it holding the {@link WarehouseLock}.
   */
  public long nextFitVersion() {
    Row max = spark.sql("SELECT max(v) FROM (SELECT max(fit_version) AS v FROM delta.`" + path("fits")
        + "` UNION ALL SELECT max(fit_version) AS v FROM delta.`" + path("refit_log") + "`)").first();
    return max.isNullAt(0) ? 1 : max.getLong(0) + 1;
  }

  /** The current contents of a table. */
  public Dataset<Row> table(String name) {
    return spark.read().format("delta").load(path(name));
  }

  /** The contents of a table as of an earlier version (Delta time travel). */
  public Dataset<Row> table(String name, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path(name));
  }

  /**
   * A table's newest snapshot, from Delta's log (kept up to date per table in this JVM). {@code
   * DESCRIBE HISTORY} and {@code DESCRIBE DETAIL} answer the same questions with a query each, which
   * costs a refit far more than the answer.
   */
  private Snapshot snapshot(String name) {
    return DeltaLog.forTableWithSnapshot(spark, path(name))._2();
  }

  /** The newest version of a table. */
  public long version(String name) {
    return snapshot(name).version();
  }

  /**
   * Upserts rows by the table's key: new keys are inserted, existing keys whose other columns
   * differ are updated, identical rows are left alone, so replaying the same rows changes nothing.
   * Into a table without data files the rows are appended, which is the same result without the
   * MERGE's join; the caller holds the {@link WarehouseLock}, so no other writer fills the table
   * in between. The MERGE reads only the table's rows whose first key column has a value the rows
   * have (a new point of one run reads that run's points, not the whole table), unless they have
   * more than {@value #MAX_SCOPE_VALUES} such values.
   */
  public void merge(String name, Dataset<Row> rows) {
    Schemas.Table table = Schemas.table(name);
    Dataset<Row> source = rows.dropDuplicates(table.key().toArray(String[]::new));
    upsert(table, source, () -> source.select(table.key().get(0)).distinct().limit(MAX_SCOPE_VALUES + 1)
        .collectAsList().stream().map(r -> r.get(0)).toList());
  }

  /** {@link #merge(String, Dataset)} for rows built on the driver; an empty list writes nothing. */
  public void merge(String name, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Schemas.Table table = Schemas.table(name);
    Dataset<Row> source = spark.createDataFrame(rows, table.schema()).dropDuplicates(table.key().toArray(String[]::new));
    int column = table.schema().fieldIndex(table.key().get(0));
    upsert(table, source, () -> rows.stream().map(r -> r.get(column)).distinct().toList());
  }

  /**
   * Appends the deduplicated source into an empty table, else MERGEs it, scoped by the source's
   * first-key values; a source without rows changes nothing.
   */
  private void upsert(Schemas.Table table, Dataset<Row> source, Supplier<List<Object>> firstKeyValues) {
    String name = table.name();
    if (snapshot(name).numOfFiles() == 0) {
      append(name, source);
      return;
    }
    List<Object> values = firstKeyValues.get();
    if (values.isEmpty()) {
      return;
    }
    String view = "merge_source_" + name;
    source.createOrReplaceTempView(view);
    String on = scope(table, values) + table.key().stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`")
        .collect(Collectors.joining(" AND "));
    String changed = java.util.Arrays.stream(table.schema().fields())
        .filter(f -> !table.key().contains(f.name()) && !f.name().equals("ingested_at"))
        .map(f -> "NOT (" + comparable("t", f) + " <=> " + comparable("s", f) + ")")
        .collect(Collectors.joining(" OR "));
    spark.sql("MERGE INTO delta.`" + path(name) + "` t USING " + view + " s ON " + on
        + (changed.isEmpty() ? "" : " WHEN MATCHED AND (" + changed + ") THEN UPDATE SET *")
        + " WHEN NOT MATCHED THEN INSERT *");
    spark.catalog().dropTempView(view);
  }

  /**
   * A condition on the table alone, {@code t.k IN (...) AND}, listing the values the source rows have
   * in the table's first key column k (NOT NULL in every table): a row outside it matches no source
   * row. Delta prunes the table's files by it and filters the rest before the join. Empty when there
   * are more than {@value #MAX_SCOPE_VALUES} values.
   */
  private static String scope(Schemas.Table table, List<Object> values) {
    if (values.size() > MAX_SCOPE_VALUES) {
      return "";
    }
    return oneOf(table, "t.", table.key().get(0), values) + " AND ";
  }

  /** {@code <alias>`column` IN (...)}: the values as SQL literals of the column's type in the table. */
  private static String oneOf(Schemas.Table table, String alias, String column, Collection<?> values) {
    DataType type = table.schema().apply(column).dataType();
    return alias + "`" + column + "` IN (" + values.stream().map(v -> Literal.create(v, type).sql())
        .collect(Collectors.joining(", ")) + ")";
  }

  /** Appends rows whose keys the table cannot hold yet (cheaper than a MERGE: no scan of the table). */
  public void append(String name, Dataset<Row> rows) {
    rows.write().format("delta").mode("append").save(path(name));
  }

  /** A column as an expression {@code <=>} can compare: maps are compared as their sorted entries. */
  private static String comparable(String alias, StructField f) {
    String column = alias + ".`" + f.name() + "`";
    return f.dataType() instanceof MapType ? "to_json(array_sort(map_entries(" + column + ")))" : column;
  }

  /** Deletes the rows whose column holds one of the values; no values delete nothing. */
  public void delete(String name, String column, Collection<?> values) {
    if (!values.isEmpty()) {
      spark.sql("DELETE FROM delta.`" + path(name) + "` WHERE " + oneOf(Schemas.table(name), "", column, values));
    }
  }

  /** Writes a table's current contents as plain Parquet files, for tools that do not read Delta. */
  public void exportParquet(String name, String target) {
    table(name).write().mode("overwrite").parquet(target);
  }

  private static String ddl(StructType schema) {
    return java.util.Arrays.stream(schema.fields()).map(f -> columnDdl(f, true)).collect(Collectors.joining(", "));
  }

  /** A column's DDL; NOT NULL only where the table is created (Delta cannot add a NOT NULL column). */
  private static String columnDdl(StructField f, boolean withConstraint) {
    String comment = f.getComment().isDefined() ? " COMMENT '" + f.getComment().get().replace("'", "\\'") + "'" : "";
    return "`" + f.name() + "` " + f.dataType().sql() + (f.nullable() || !withConstraint ? "" : " NOT NULL") + comment;
  }
}
