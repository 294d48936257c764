package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.testing.TestData;

/**
 * MLflow's file store: the real MLflow 1.26.1 store in {@code real-logs/mlflow/} reproduces its reference
 * {@code *.scalars.csv}, and stores written here the way MLflow's {@code FileStore} writes them check the line
 * forms (two, three and five fields; a logged model's four), non-finite values, keys with {@code /}, nested and
 * deleted runs.
 */
class MlflowFileStoreTest {

  private static final String RUN = "0123456789abcdef0123456789abcdef";
  private static final String CHILD = "fedcba9876543210fedcba9876543210";

  @TempDir
  Path dir;

  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  private static Path realStore() {
    return TestData.seedDir().resolve("real-logs/mlflow/10tanmay100__DEEPCNNCLASSIFIER/mlruns");
  }

  private static void assertAccounted(ParsedFile parsed) {
    Accounting a = parsed.accounting();
    assertEquals(a.read(), a.accepted() + a.rejected(), "every row accepted or rejected");
  }

  @Test
  void theRealStoreReproducesItsReferenceScalars() throws IOException {
    Path experiment = realStore().resolve("0");
    String runId = "cb0096518b0e4c66a94428555f05420b";
    List<String> reference = Files.readAllLines(experiment.resolve(runId + ".scalars.csv"));
    assertEquals("tag,step,timestamp,value", reference.get(0));
    logFiles.readsFrom(realStore().toUri().toString());
    int compared = 0;
    for (String row : reference.subList(1, reference.size())) {
      String[] cells = row.split(",");
      ParsedFile parsed = logFiles.parse(experiment.resolve(runId).resolve("metrics").resolve(cells[0]).toUri().toString());
      assertAccounted(parsed);
      assertEquals(LogFormat.MLFLOW_METRIC, parsed.format());
      assertEquals(List.of(), parsed.rejects());
      PointRecord point = parsed.points().get(0);
      assertEquals(1, parsed.points().size());
      assertEquals("mlflow:" + runId, point.runId());
      assertEquals(cells[0], point.loggedMetric());
      assertEquals(Long.parseLong(cells[1]), point.step());
      assertEquals(Long.parseLong(cells[2]) / 1000.0, point.wallTimeSeconds());
      assertEquals(Double.parseDouble(cells[3]), point.loggedValue());
      assertEquals(MetricMap.defaults().resolve("mlflow", point.loggedMetric()).unit().stored().label(), point.unit());
      compared++;
    }
    assertEquals(2, compared);
  }

  @Test
  void theRealRunNeverEndedAndKeepsItsParams() {
    Path metrics = realStore().resolve("0/cb0096518b0e4c66a94428555f05420b/metrics");
    RunRecord accuracy = logFiles.parse(metrics.resolve("accuracy").toUri().toString()).runs().get(0);
    RunRecord loss = logFiles.parse(metrics.resolve("loss").toUri().toString()).runs().get(0);
    assertEquals(accuracy.config(), loss.config(), "both metric files declare the same run");
    assertEquals(accuracy.runId(), loss.runId());
    Map<String, String> config = accuracy.config();
    assertEquals("mlflow", accuracy.source());
    assertEquals("0", config.get("experiment_id"));
    assertEquals("Default", config.get("experiment_name"));
    assertEquals("RUNNING", config.get("status"));
    assertEquals("1664364007025", config.get("start_time"));
    assertNull(config.get("end_time"), "end_time: null");
    assertNull(config.get("run_name"), "name: '' and no mlflow.runName tag");
    assertEquals("[224, 224, 3]", config.get("IMAGE_SIZE"));
    assertEquals("0.01", config.get("LEARNING_RATE"));
    assertEquals("16", config.get("BATCH_SIZE"));
    assertEquals("True", config.get("AUGMENTATION"));
    assertEquals(8 + 4, config.size(), "eight params, experiment id and name, status, start time");
  }

  @Test
  void listingTheRealStoreFindsOnlyItsMetricFiles() {
    List<String> mlflow = logFiles.list(realStore().toUri().toString()).stream()
        .filter(f -> !f.endsWith(".scalars.csv")).toList();
    assertEquals(2, mlflow.size(), mlflow.toString());
    assertTrue(mlflow.get(0).endsWith("/metrics/accuracy") && mlflow.get(1).endsWith("/metrics/loss"), mlflow.toString());
  }

  /** An experiment folder with its meta.yaml, as MLflow writes it. */
  private Path experiment(String id, String name) throws IOException {
    Path experiment = Files.createDirectories(dir.resolve("mlruns").resolve(id));
    Files.writeString(experiment.resolve("meta.yaml"), "artifact_location: file:///tmp/mlruns/" + id + "\n"
        + "creation_time: 1700000000000\nexperiment_id: '" + id + "'\nlast_update_time: 1700000000000\n"
        + "lifecycle_stage: active\nname: " + name + "\n");
    return experiment;
  }

  /** A run folder with an MLflow 2 meta.yaml. */
  private Path run(Path experiment, String runId, String stage, String endTime) throws IOException {
    Path run = Files.createDirectories(experiment.resolve(runId));
    Files.writeString(run.resolve("meta.yaml"), "artifact_uri: file:///tmp/mlruns/1/" + runId + "/artifacts\n"
        + "end_time: " + endTime + "\nentry_point_name: ''\nexperiment_id: '" + experiment.getFileName() + "'\n"
        + "lifecycle_stage: " + stage + "\nrun_id: " + runId + "\nrun_name: gentle-owl-42\nrun_uuid: " + runId + "\n"
        + "source_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1700000001000\nstatus: 3\ntags: []\n"
        + "user_id: someone\n");
    return run;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private ParsedFile parse(Path file) {
    ParsedFile parsed = logFiles.parse(file.toUri().toString());
    assertAccounted(parsed);
    return parsed;
  }

  @Test
  void twoThreeAndFiveFieldLinesAreValuesAtTheirSteps() throws IOException {
    Path run = run(experiment("1", "sweep"), RUN, "active", "1700000009000");
    write(run.resolve("metrics/loss"), "1700000002000 2.5\n" // MLflow < 1.0: step 0
        + "1700000003000 2.25 10\n"
        + "1700000004000 2.0 20 eval-set 5e0c2a1b\n"); // MLflow 3, logged with a dataset
    ParsedFile parsed = parse(run.resolve("metrics/loss"));
    assertEquals(List.of(), parsed.rejects());
    assertEquals(List.of(0L, 10L, 20L), parsed.points().stream().map(PointRecord::step).toList());
    assertEquals(List.of(2.5, 2.25, 2.0), parsed.points().stream().map(PointRecord::value).toList());
    assertEquals(List.of(1700000002.0, 1700000003.0, 1700000004.0),
        parsed.points().stream().map(PointRecord::wallTimeSeconds).toList());
  }

  @Test
  void aLoggedModelsFourFieldLineIsNotARunsLine() throws IOException {
    Path run = run(experiment("1", "sweep"), RUN, "active", "null");
    write(run.resolve("metrics/loss"), "1700000002000 2.5 1 " + RUN + "\n1700000003000 2.25 2\n");
    ParsedFile parsed = parse(run.resolve("metrics/loss"));
    assertEquals(List.of(2L), parsed.points().stream().map(PointRecord::step).toList());
    assertEquals("column 'fields': found '4', expected 2, 3 or 5 fields separated by one space: '<timestamp_ms>"
        + " <value> <step>', without the step before MLflow 1.0, with a dataset name and digest; 4 or 6 fields are a"
        + " logged model's line (its 4th field is a run id), not a run's", parsed.rejects().get(0).reason());
  }

  @Test
  void aLoggedModelsFolderIsACompanionAndRefusedWhenNamed() throws IOException {
    Path experiment = experiment("1", "sweep");
    Path run = run(experiment, RUN, "active", "null");
    write(run.resolve("metrics/loss"), "1700000002000 2.5 1\n");
    Path model = experiment.resolve("models/m-0a1b2c");
    write(model.resolve("meta.yaml"), "experiment_id: '1'\nmodel_id: m-0a1b2c\nname: model\nsource_run_id: " + RUN + "\n");
    write(model.resolve("metrics/loss"), "1700000002000 2.5 1 " + RUN + "\n");
    write(experiment.resolve("traces/tr-1/trace_info.yaml"), "request_id: tr-1\n");
    write(experiment.resolve("traces/tr-1/tags/mlflow.traceName"), "predict");
    List<String> listed = logFiles.list(dir.resolve("mlruns").toUri().toString());
    assertEquals(1, listed.size(), listed.toString());
    assertTrue(listed.get(0).endsWith(RUN + "/metrics/loss"));
    ParsedFile named = parse(model.resolve("metrics/loss"));
    assertTrue(named.rejects().get(0).reason().startsWith("a logged model's folder (meta.yaml has model_id"
        + " 'm-0a1b2c'), not a run"), named.rejects().get(0).reason());
  }

  @Test
  void valuesThatAreNotFiniteAreRejectedNamingTheToken() throws IOException {
    Path run = run(experiment("1", "sweep"), RUN, "active", "null");
    write(run.resolve("metrics/loss"), "1 nan 1\n2 inf 2\n3 -inf 3\n4 1e400 4\n5 1.5 5\n");
    ParsedFile parsed = parse(run.resolve("metrics/loss"));
    assertEquals(List.of(5L), parsed.points().stream().map(PointRecord::step).toList());
    assertEquals(List.of(
        "column 'value': found 'nan', expected a finite number (MLflow writes NaN and infinities as nan, inf and"
            + " -inf; a point holds a finite value)",
        "column 'value': found 'inf', expected a finite number (MLflow writes NaN and infinities as nan, inf and"
            + " -inf; a point holds a finite value)",
        "column 'value': found '-inf', expected a finite number (MLflow writes NaN and infinities as nan, inf and"
            + " -inf; a point holds a finite value)",
        "column 'value': found '1e400', expected a finite number"),
        parsed.rejects().stream().map(Reject::reason).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L), parsed.rejects().stream().map(Reject::line).toList());
  }

  @Test
  void badFieldsAreRejectedNamingTheValue() throws IOException {
    Path run = run(experiment("1", "sweep"), RUN, "active", "null");
    write(run.resolve("metrics/acc"), "1700000002000\n1700000002000 0.5 1.5\n17e11 0.5 2\n1700000002000 0.5 3\n"
        + "1700000003000 0.6 3\n");
    ParsedFile parsed = parse(run.resolve("metrics/acc"));
    assertEquals(List.of(3L), parsed.points().stream().map(PointRecord::step).toList());
    assertEquals(List.of(
        "column 'fields': found '1', expected 2, 3 or 5 fields separated by one space: '<timestamp_ms> <value>"
            + " <step>', without the step before MLflow 1.0, with a dataset name and digest",
        "column 'step': found '1.5', expected a whole number >= 0 written as digits",
        "column 'timestamp': found '17e11', expected a whole number >= 0 written as digits",
        RepeatedPoints.REASON),
        parsed.rejects().stream().map(Reject::reason).toList());
  }

  @Test
  void aKeyWithASlashIsASubfolder() throws IOException {
    Path run = run(experiment("1", "sweep"), RUN, "active", "null");
    write(run.resolve("metrics/val/loss"), "1700000002000 3.25 7\n");
    write(run.resolve("params/optimizer/lr"), "3e-4");
    write(run.resolve("params/d_model"), "512");
    ParsedFile parsed = parse(run.resolve("metrics/val/loss"));
    assertEquals("val/loss", parsed.points().get(0).loggedMetric());
    RunRecord record = parsed.runs().get(0);
    assertEquals("3e-4", record.config().get("optimizer/lr"), "the whole file, no newline added");
    assertEquals("512", record.config().get("d_model"));
    assertEquals("FINISHED", record.config().get("status"));
    assertEquals("gentle-owl-42", record.config().get("run_name"), "meta.yaml run_name");
    assertEquals("sweep", record.config().get("experiment_name"));
  }

  @Test
  void aNestedRunNamesItsParentAndItsTaggedName() throws IOException {
    Path experiment = experiment("1", "sweep");
    Path child = run(experiment, CHILD, "active", "1700000009000");
    write(child.resolve("tags/mlflow.parentRunId"), RUN);
    write(child.resolve("tags/mlflow.runName"), "trial-3");
    write(child.resolve("params/status"), "a param named like the metadata");
    write(child.resolve("metrics/loss"), "1700000002000 1.5 1\n");
    RunRecord record = parse(child.resolve("metrics/loss")).runs().get(0);
    assertEquals("mlflow:" + CHILD, record.runId());
    assertEquals(RUN, record.config().get("parent_run_id"));
    assertEquals("trial-3", record.config().get("run_name"), "the tag before meta.yaml's run_name");
    assertEquals("FINISHED", record.config().get("status"));
    assertEquals("a param named like the metadata", record.config().get("params/status"));
    assertEquals("1700000009000", record.config().get("end_time"));
  }

  @Test
  void aDeletedRunIsSkippedWithAReason() throws IOException {
    Path run = run(experiment("1", "sweep"), RUN, "deleted", "1700000009000");
    write(run.resolve("metrics/loss"), "1700000002000 1.5 1\n");
    ParsedFile parsed = parse(run.resolve("metrics/loss"));
    assertEquals(List.of(), parsed.points());
    assertEquals(List.of(), parsed.runs());
    assertEquals("run " + RUN + " is deleted (meta.yaml lifecycle_stage: deleted); MLflow lists only active runs, so"
        + " it is not read", parsed.rejects().get(0).reason());
  }

  @Test
  void aMetaYamlOfAnotherExperimentIsRefused() throws IOException {
    Path experiment = experiment("1", "sweep");
    Path run = run(experiment, RUN, "active", "null");
    Files.writeString(run.resolve("meta.yaml"), Files.readString(run.resolve("meta.yaml"))
        .replace("experiment_id: '1'", "experiment_id: '7'"));
    write(run.resolve("metrics/loss"), "1700000002000 1.5 1\n");
    assertEquals("meta.yaml field 'experiment_id': found '7', expected '1', the experiment folder the run is in"
        + " (MLflow ignores such a run)", parse(run.resolve("metrics/loss")).rejects().get(0).reason());
  }
}
