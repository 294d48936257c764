package org.scalingpipeline.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema and the runs of MLflow's SQLite tracking store, as MLflow's SQLAlchemy models declare them
 * ({@code mlflow/store/tracking/dbmodels/models.py}: {@code SqlExperiment}, {@code SqlRun}, {@code SqlMetric},
 * {@code SqlParam}, {@code SqlTag}). A run is looked up when its first metric row is read, so memory holds one
 * run's params at a time.
 */
final class MlflowSqliteRuns implements AutoCloseable {

  /** The tables and columns the reader needs, in the order it names them when one is missing. */
  static final Map<String, List<String>> SCHEMA = tables();

  /** A run of the store, or the reason its metric rows are not read. */
  record Lookup(RunRecord run, String refused) {}

  private final PreparedStatement run;
  private final PreparedStatement params;
  private final PreparedStatement tags;
  private final String sourceFile;

  MlflowSqliteRuns(Connection db, String sourceFile) throws SQLException {
    this.sourceFile = sourceFile;
    run = db.prepareStatement("SELECT r.name, r.experiment_id, r.status, r.start_time, r.end_time, r.lifecycle_stage,"
        + " e.experiment_id, e.name, e.lifecycle_stage FROM runs r LEFT JOIN experiments e"
        + " ON e.experiment_id = r.experiment_id WHERE r.run_uuid = ?");
    params = db.prepareStatement("SELECT key, value FROM params WHERE run_uuid = ? ORDER BY key");
    tags = db.prepareStatement("SELECT key, value FROM tags WHERE run_uuid = ? AND key IN (?, ?)");
  }

  /**
   * Why a database is not MLflow's tracking store (a table or column of {@link #SCHEMA} is missing), or null when
   * it is.
   */
  static String notMlflow(Connection db) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Statement query = db.createStatement(); ResultSet tables = query.executeQuery(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (tables.next()) {
        found.add(tables.getString(1));
      }
    }
    for (Map.Entry<String, List<String>> table : SCHEMA.entrySet()) {
      if (!found.contains(table.getKey())) {
        return "an SQLite database without MLflow's table '" + table.getKey() + "' (its tables: "
            + (found.isEmpty() ? "none" : String.join(", ", found)) + "); expected MLflow's tracking store with the"
            + " tables " + String.join(", ", SCHEMA.keySet());
      }
      List<String> columns = new ArrayList<>();
      try (Statement query = db.createStatement();
          ResultSet info = query.executeQuery("PRAGMA table_info('" + table.getKey() + "')")) {
        while (info.next()) {
          columns.add(info.getString("name"));
        }
      }
      for (String column : table.getValue()) {
        if (!columns.contains(column)) {
          return "MLflow's table '" + table.getKey() + "' has no column '" + column + "' (its columns: "
              + String.join(", ", columns) + "); expected " + String.join(", ", table.getValue());
        }
      }
    }
    return null;
  }

  /** The run with a uuid, or why its rows are refused (no such run, a deleted run or experiment). */
  Lookup lookup(String runUuid) throws SQLException {
    run.setString(1, runUuid);
    try (ResultSet r = run.executeQuery()) {
      if (!r.next()) {
        return new Lookup(null, "run_uuid '" + runUuid + "' is not in the runs table; expected a run of the store");
      }
      String stage = r.getString(6);
      if (stage != null && !"active".equals(stage)) {
        return new Lookup(null, "run " + runUuid + " is " + stage + " (runs.lifecycle_stage = '" + stage + "'); MLflow"
            + " lists only active runs, so it is not read");
      }
      String experimentStage = r.getString(9);
      if (r.getObject(7) != null && experimentStage != null && !"active".equals(experimentStage)) {
        return new Lookup(null, "run " + runUuid + " is in experiment " + r.getString(2) + ", which is "
            + experimentStage + " (experiments.lifecycle_stage); MLflow lists only active experiments' runs");
      }
      Map<String, String> runTags = tags(runUuid);
      MlflowRunFacts facts = new MlflowRunFacts(runUuid, r.getString(2), r.getString(8),
          MlflowRunFacts.runName(runTags.get(MlflowRunFacts.RUN_NAME_TAG), r.getString(1)),
          runTags.get(MlflowRunFacts.PARENT_RUN_TAG), r.getString(3), millis(r, 4), millis(r, 5), params(runUuid));
      return new Lookup(facts.toRun(sourceFile), null);
    }
  }

  private Map<String, String> params(String runUuid) throws SQLException {
    Map<String, String> found = new LinkedHashMap<>();
    params.setString(1, runUuid);
    try (ResultSet p = params.executeQuery()) {
      while (p.next()) {
        found.put(p.getString(1), p.getString(2));
      }
    }
    return found;
  }

  private Map<String, String> tags(String runUuid) throws SQLException {
    Map<String, String> found = new LinkedHashMap<>();
    tags.setString(1, runUuid);
    tags.setString(2, MlflowRunFacts.RUN_NAME_TAG);
    tags.setString(3, MlflowRunFacts.PARENT_RUN_TAG);
    try (ResultSet t = tags.executeQuery()) {
      while (t.next()) {
        if (t.getString(2) != null) {
          found.put(t.getString(1), t.getString(2));
        }
      }
    }
    return found;
  }

  private static Long millis(ResultSet r, int column) throws SQLException {
    long value = r.getLong(column);
    return r.wasNull() ? null : value;
  }

  private static Map<String, List<String>> tables() {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    tables.put("experiments", List.of("experiment_id", "name", "lifecycle_stage"));
    tables.put("runs", List.of("run_uuid", "name", "experiment_id", "status", "start_time", "end_time",
        "lifecycle_stage"));
    tables.put("metrics", List.of("key", "value", "timestamp", "run_uuid", "step", "is_nan"));
    tables.put("params", List.of("key", "value", "run_uuid"));
    tables.put("tags", List.of("key", "value", "run_uuid"));
    return Collections.unmodifiableMap(tables);
  }

  @Override
  public void close() throws SQLException {
    run.close();
    params.close();
    tags.close();
  }
}
