package org.scalingpipeline.warehouse;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_json;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.views.PlanRoles;
import org.scalingpipeline.views.Views;

/**
 * The folder of Delta Lake tables the pipeline reads and writes ({@code warehouse/} by default).
 * Each table is a Delta table at {@code <root>/<name>} (Parquet files plus a transaction log), so a
 * write commits atomically and every version stays readable; opening the warehouse registers each
 * table under its name in the session catalog, so plain SQL can query it, and registers the analysis
 * {@link Views} over them with the bundled plan's roles. Table locations never enter SQL text (a
 * warehouse path may hold any character): tables are created, altered, merged into and deleted from
 * through Delta's {@link DeltaTable} API with {@link Column} conditions.
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
      Views.register(spark, PlanRoles.bundled());
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

  /**
   * Registers a table's name in the session catalog for this warehouse, creating the table when its
   * folder holds none yet and adding the columns a newer schema has to an existing one (an empty
   * append of the existing columns and the new ones that merges the schema; Delta cannot add a NOT NULL
   * column, so they are nullable, and it checks the existing NOT NULL columns even of an empty append).
   */
  private void ensure(Schemas.Table table) {
    String name = table.name();
    boolean registered = nameRegisteredHere(name);
    if (!hasDeltaLog(name)) {
      if (registered) {
        forget(name);
      }
      DeltaTable.createIfNotExists(spark).tableName(name).location(path(name)).addColumns(table.schema()).execute();
      return;
    }
    if (!registered) {
      DeltaTable.create(spark).tableName(name).location(path(name)).execute();
    }
    StructType existing = snapshot(name).schema();
    List<StructField> missing = Arrays.stream(table.schema().fields())
        .filter(f -> !List.of(existing.fieldNames()).contains(f.name()))
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata())).toList();
    if (!missing.isEmpty()) {
      StructType added = existing;
      for (StructField field : missing) {
        added = added.add(field);
      }
      spark.createDataFrame(List.of(), added).write().format("delta").mode("append").option("mergeSchema", "true")
          .save(path(name));
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
    Row max = table("fits").select("fit_version").unionByName(table("refit_log").select("fit_version"))
        .agg(functions.max("fit_version")).first();
    return max.isNullAt(0) ? 1 : max.getLong(0) + 1;
  }

  /** The backtest version the next {@code scaling backtest} writes: above every one in {@code law_backtests}. */
  public long nextBacktestVersion() {
    Row max = table("law_backtests").agg(functions.max("backtest_version")).first();
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
    Column on = scope(table, values);
    for (String key : table.key()) {
      on = on.and(col("t." + key).eqNullSafe(col("s." + key)));
    }
    Column changed = Arrays.stream(table.schema().fields())
        .filter(f -> !table.key().contains(f.name()) && !f.name().equals("ingested_at"))
        .map(f -> not(comparable("t", f).eqNullSafe(comparable("s", f))))
        .reduce(Column::or).orElse(null);
    DeltaMergeBuilder merge = DeltaTable.forPath(spark, path(name)).as("t").merge(source.as("s"), on);
    if (changed != null) {
      merge = merge.whenMatched(changed).updateAll();
    }
    merge.whenNotMatched().insertAll().execute();
  }

  /**
   * A condition on the table alone, {@code t.k IN (...)}, listing the values the source rows have in
   * the table's first key column k (NOT NULL in every table): a row outside it matches no source row.
   * Delta prunes the table's files by it and filters the rest before the join. True when there are more
   * than {@value #MAX_SCOPE_VALUES} values.
   */
  private static Column scope(Schemas.Table table, List<Object> values) {
    return values.size() > MAX_SCOPE_VALUES ? lit(true) : col("t." + table.key().get(0)).isin(values.toArray());
  }

  /** Appends rows whose keys the table cannot hold yet (cheaper than a MERGE: no scan of the table). */
  public void append(String name, Dataset<Row> rows) {
    rows.write().format("delta").mode("append").save(path(name));
  }

  private static Column comparable(String alias, StructField f) {
    return comparable(col(alias + "." + f.name()), f.dataType());
  }

  /**
   * A column of this type as an expression that {@code <=>} and set operations (EXCEPT) can compare: maps as their
   * sorted entries, arrays of maps as their JSON (written from ordered maps), any other type as it is.
   */
  public static Column comparable(Column column, DataType type) {
    if (type instanceof MapType) {
      return to_json(array_sort(map_entries(column)));
    }
    return type instanceof ArrayType array && array.elementType() instanceof MapType ? to_json(column) : column;
  }

  /** Deletes the rows whose column holds one of the values; no values delete nothing. */
  public void delete(String name, String column, Collection<?> values) {
    if (!values.isEmpty()) {
      DeltaTable.forPath(spark, path(name)).delete(col(column).isin(values.toArray()));
    }
  }

  /** Writes a table's current contents as plain Parquet files, for tools that do not read Delta. */
  public void exportParquet(String name, String target) {
    table(name).write().mode("overwrite").parquet(target);
  }
}
