package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow's SQLite tracking store, built here with the JDBC driver from the tables MLflow's SQLAlchemy models
 * declare ({@code mlflow/store/tracking/dbmodels/models.py} of mlflow/mlflow at commit 001cc178, MLflow 2.x,
 * written as the SQLite DDL SQLAlchemy emits for them; MLflow 3 keeps these columns), filled the way
 * {@code sqlalchemy_store.py} writes rows: NaN as value 0 with {@code is_nan = 1}, ±inf as ±1.7976931348623157E308.
 */
class MlflowSqliteTest {

  private static final String RUN = "0123456789abcdef0123456789abcdef";
  private static final String CHILD = "fedcba9876543210fedcba9876543210";
  private static final String DELETED = "dddddddddddddddddddddddddddddddd";

  /** MLflow's tables, as SQLAlchemy creates them in SQLite. */
  private static final List<String> MLFLOW_DDL = List.of(
      "CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL,"
          + " artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT,"
          + " CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), UNIQUE (name),"
          + " CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')))",
      "CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20),"
          + " source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9),"
          + " start_time BIGINT, end_time BIGINT, deleted_time BIGINT, source_version VARCHAR(50),"
          + " lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER,"
          + " CONSTRAINT run_pk PRIMARY KEY (run_uuid),"
          + " CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')),"
          + " CONSTRAINT status CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')),"
          + " CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')),"
          + " FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id))",
      "CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL,"
          + " run_uuid VARCHAR(32) NOT NULL, step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL,"
          + " CONSTRAINT metric_pk PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan),"
          + " FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1)))",
      "CREATE INDEX index_metrics_run_uuid ON metrics (run_uuid)",
      "CREATE TABLE params (key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL,"
          + " CONSTRAINT param_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))",
      "CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), run_uuid VARCHAR(32) NOT NULL,"
          + " CONSTRAINT tag_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid))");

  @TempDir
  Path dir;

  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  private static void execute(Path db, List<String> statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static String run(String uuid, String name, String status, String stage, String endTime) {
    return "INSERT INTO runs (run_uuid, name, source_type, user_id, status, start_time, end_time, lifecycle_stage,"
        + " artifact_uri, experiment_id) VALUES ('" + uuid + "', '" + name + "', 'LOCAL', 'someone', '" + status
        + "', 1700000001000, " + endTime + ", '" + stage + "', 'mlflow-artifacts:/1/" + uuid + "/artifacts', 1)";
  }

  private static String metric(String key, String value, long timestamp, String uuid, long step, int isNan) {
    return "INSERT INTO metrics VALUES ('" + key + "', " + value + ", " + timestamp + ", '" + uuid + "', " + step
        + ", " + isNan + ")";
  }

  /** An MLflow store with a parent run, a nested run that never ended and a deleted run. */
  private Path store() throws SQLException {
    Path db = dir.resolve("mlflow.db");
    execute(db, MLFLOW_DDL);
    execute(db, List.of(
        "INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 1700000000000, 1700000000000)",
        "INSERT INTO experiments VALUES (1, 'sweep', 'mlflow-artifacts:/1', 'active', 1700000000000, 1700000000000)",
        run(RUN, "gentle-owl-42", "FINISHED", "active", "1700000009000"),
        run(CHILD, "trial-3", "RUNNING", "active", "NULL"),
        run(DELETED, "oops", "FAILED", "deleted", "1700000005000"),
        "INSERT INTO params VALUES ('d_model', '512', '" + RUN + "')",
        "INSERT INTO params VALUES ('optimizer/lr', '3e-4', '" + RUN + "')",
        "INSERT INTO params VALUES ('status', 'a param named like the metadata', '" + RUN + "')",
        "INSERT INTO tags VALUES ('mlflow.runName', 'gentle-owl-42', '" + RUN + "')",
        "INSERT INTO tags VALUES ('mlflow.user', 'someone', '" + RUN + "')",
        "INSERT INTO tags VALUES ('mlflow.parentRunId', '" + RUN + "', '" + CHILD + "')",
        metric("loss", "2.5", 1700000002000L, RUN, 0, 0),
        metric("loss", "2.25", 1700000003000L, RUN, 10, 0),
        metric("loss", "2.0", 1700000004000L, RUN, 20, 0),
        metric("loss", "2.125", 1700000004500L, RUN, 20, 0),
        metric("val/loss", "0", 1700000003000L, RUN, 10, 1),
        metric("val/loss", "1.7976931348623157e308", 1700000004000L, RUN, 20, 0),
        metric("val/loss", "-1.7976931348623157e308", 1700000005000L, RUN, 30, 0),
        metric("val/loss", "3.0", 1700000006000L, RUN, 40, 0),
        metric("loss", "1.5", 1700000002000L, CHILD, 5, 0),
        metric("loss", "9.0", 1700000002000L, DELETED, 1, 0)));
    return db;
  }

  private static void assertAccounted(ParsedFile parsed) {
    Accounting a = parsed.accounting();
    assertEquals(a.read(), a.accepted() + a.rejected(), "every row accepted or rejected");
  }

  private ParsedFile parse(Path db) {
    ParsedFile parsed = logFiles.parse(db.toUri().toString());
    assertAccounted(parsed);
    return parsed;
  }

  @Test
  void everyMetricRowIsAPointOrARejectInRunKeyStepOrder() throws SQLException {
    ParsedFile parsed = parse(store());
    assertEquals(LogFormat.MLFLOW_SQLITE, parsed.format());
    assertEquals(10, parsed.accounting().read());
    List<String> points = parsed.points().stream()
        .map(p -> p.runId() + " " + p.loggedMetric() + " " + p.step() + " " + p.loggedValue() + " " + p.wallTimeSeconds())
        .toList();
    assertEquals(List.of(
        "mlflow:" + RUN + " loss 0 2.5 1.700000002E9",
        "mlflow:" + RUN + " loss 10 2.25 1.700000003E9",
        "mlflow:" + RUN + " loss 20 2.0 1.700000004E9",
        "mlflow:" + RUN + " val/loss 40 3.0 1.700000006E9",
        "mlflow:" + CHILD + " loss 5 1.5 1.700000002E9"), points);
    assertTrue(parsed.points().stream().allMatch(p -> MetricMap.defaults().resolve("mlflow", p.loggedMetric()).unit().stored().label().equals(p.unit())));
    List<String> rejects = parsed.rejects().stream().map(r -> r.line() + ": " + r.reason()).toList();
    assertEquals(List.of(
        "4: " + RepeatedPoints.REASON,
        "5: column 'value': found 'NaN', expected a finite number (is_nan = 1: MLflow stores NaN as value 0 with"
            + " is_nan = 1; a point holds a finite value)",
        "6: column 'value': found '1.7976931348623157E308', expected a finite number (1.7976931348623157E308 is how"
            + " MLflow's SQL store writes inf; a point holds a finite value)",
        "7: column 'value': found '-1.7976931348623157E308', expected a finite number (-1.7976931348623157E308 is"
            + " how MLflow's SQL store writes -inf; a point holds a finite value)",
        "9: run " + DELETED + " is deleted (runs.lifecycle_stage = 'deleted'); MLflow lists only active runs, so it"
            + " is not read"), rejects);
    assertEquals("metrics row: run_uuid=" + RUN + ", key=loss, step=20, timestamp=1700000004500, value=2.125,"
        + " is_nan=0", parsed.rejects().get(0).raw());
  }

  @Test
  void runsComeFromTheRunsParamsAndTagsTables() throws SQLException {
    ParsedFile parsed = parse(store());
    assertEquals(2, parsed.runs().size());
    RunRecord parent = parsed.runs().get(0);
    assertEquals("mlflow:" + RUN, parent.runId());
    assertEquals("mlflow", parent.source());
    assertEquals(Map.of("d_model", "512", "optimizer/lr", "3e-4", "params/status", "a param named like the metadata",
        "experiment_id", "1", "experiment_name", "sweep", "run_name", "gentle-owl-42", "status", "FINISHED",
        "start_time", "1700000001000", "end_time", "1700000009000"), parent.config());
    RunRecord child = parsed.runs().get(1);
    assertEquals(Map.of("experiment_id", "1", "experiment_name", "sweep", "run_name", "trial-3",
        "parent_run_id", RUN, "status", "RUNNING", "start_time", "1700000001000"), child.config());
  }

  @Test
  void aRunHasTheSameIdInTheFileStoreAndInSqlite() {
    assertEquals(RunRecord.runId("mlflow", RUN), new MlflowRunFacts(RUN, "1", null, null, null, "RUNNING", null,
        null, Map.of()).toRun("mlruns/1/" + RUN + "/metrics/loss").runId());
  }

  @Test
  void anSqliteFileWithoutMlflowsMetricsTableIsRejectedWhole() throws SQLException {
    Path db = dir.resolve("mlflow-copy.db");
    execute(db, MLFLOW_DDL.stream().filter(ddl -> !ddl.contains(" metrics ")).toList());
    ParsedFile parsed = parse(db);
    assertEquals(LogFormat.MLFLOW_SQLITE, parsed.format());
    assertEquals(List.of("an SQLite database without MLflow's table 'metrics' (its tables: experiments, params, runs,"
        + " tags); expected MLflow's tracking store with the tables experiments, runs, metrics, params, tags"),
        parsed.rejects().stream().map(Reject::reason).toList());
  }

  @Test
  void aFileNamedMlflowDbThatIsNotSqliteIsRejectedWhole() throws IOException {
    Path db = Files.writeString(dir.resolve("mlflow.db"), "key,value\nloss,2.5\n");
    ParsedFile parsed = parse(db);
    assertEquals(List.of("not an SQLite database: the file starts with 6B 65 79 2C 76 61 6C 75 65 0A 6C 6F 73 73 2C"
        + " 32, expected SQLite's header 'SQLite format 3\\0' (53 51 4C 69 74 65 20 66 6F 72 6D 61 74 20 33 00)"),
        parsed.rejects().stream().map(Reject::reason).toList());
    assertEquals(Files.size(db), parsed.file().sizeBytes());
  }

  @Test
  void aRemoteDatabaseIsCopiedWithinTheLimitAndHashed() throws SQLException, IOException {
    Path db = store();
    ReadLimits roomy = ReadLimits.defaults();
    InputFile remote = InputFile.of("s3a://bucket/mlruns/mlflow.db", Files.size(db), 0, () -> Files.newInputStream(db),
        roomy);
    ParsedFile parsed = new MlflowSqliteParser().parse(remote);
    assertEquals(5, parsed.points().size());
    InputFile local = InputFile.of(db.toString(), Files.size(db), 0, () -> Files.newInputStream(db), roomy);
    assertEquals(local.identity().sha256(), parsed.file().sha256(), "the hash covers every byte");
    ReadLimits tight = new ReadLimits(roomy.maxLineBytes(), 4096, roomy.maxExpansion());
    ParsedFile refused = new MlflowSqliteParser().parse(InputFile.of("s3a://bucket/mlruns/mlflow.db", Files.size(db),
        0, () -> Files.newInputStream(db), tight));
    assertEquals(List.of("the database is longer than the limit of 4096 bytes (scaling.ingest.max-decompressed-bytes)"
        + " for its local copy"), refused.rejects().stream().map(Reject::reason).toList());
  }
}
