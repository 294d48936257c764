package org.scalingpipeline.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an MLflow tracking store knows of one run, read from either store (the file store's run folder,
 * {@link MlflowRunFolder}, or the SQLite store's {@code runs}, {@code params} and {@code tags} tables,
 * {@link MlflowSqliteRuns}), so that a run gets the same {@link RunRecord} from both. The run's id is
 * {@code mlflow:<run uuid>}: MLflow names a run by a uuid4 (32 hex digits) that is unique across experiments and
 * stores, so the id does not change when the experiment is renamed, the {@code mlruns} tree moves or the run is
 * migrated to SQLite. The run's params become its config under their own keys; MLflow's own metadata goes under
 * the keys of {@link #METADATA}, and a param that has one of these keys keeps it as {@code params/<key>}.
 *
 * @param runUuid the run's uuid ({@code run_uuid})
 * @param experimentId the experiment's id, as text
 * @param experimentName the experiment's name, or null when unknown
 * @param runName the run's display name (tag {@code mlflow.runName}, else the store's name field), or null
 * @param parentRunId the parent of a nested run (tag {@code mlflow.parentRunId}), or null
 * @param status MLflow's run status by name, or null when the store has none ({@code RUNNING}, {@code SCHEDULED}, {@code FINISHED}, {@code FAILED},
 *     {@code KILLED})
 * @param startTime epoch milliseconds, or null
 * @param endTime epoch milliseconds, or null for a run that never ended
 * @param params the run's params, key to value, as logged
 */
record MlflowRunFacts(String runUuid, String experimentId, String experimentName, String runName,
    String parentRunId, String status, Long startTime, Long endTime, Map<String, String> params) {

  /** Source name of MLflow runs. */
  static final String SOURCE = "mlflow";

  /** The config keys of MLflow's metadata. */
  static final Set<String> METADATA = Set.of("experiment_id", "experiment_name", "run_name", "parent_run_id",
      "status", "start_time", "end_time");

  /** The tag MLflow keeps a run's display name in. */
  static final String RUN_NAME_TAG = "mlflow.runName";
  /** The tag MLflow names a nested run's parent in. */
  static final String PARENT_RUN_TAG = "mlflow.parentRunId";

  MlflowRunFacts {
    params = Map.copyOf(params);
  }

  /** The run as the ingest stores it; the same for every file that holds a part of it. */
  RunRecord toRun(String sourceFile) {
    RunRecord run = RunRecord.of(SOURCE, runUuid, "unspecified", sourceFile);
    Map<String, String> config = new LinkedHashMap<>();
    params.forEach((key, value) -> config.put(METADATA.contains(key) ? "params/" + key : key, value));
    config.put("experiment_id", experimentId);
    putIfKnown(config, "experiment_name", experimentName);
    putIfKnown(config, "run_name", runName);
    putIfKnown(config, "parent_run_id", parentRunId);
    putIfKnown(config, "status", status);
    putIfKnown(config, "start_time", startTime == null ? null : startTime.toString());
    putIfKnown(config, "end_time", endTime == null ? null : endTime.toString());
    for (Map.Entry<String, String> entry : config.entrySet()) {
      run = run.withConfig(entry.getKey(), entry.getValue());
    }
    return run;
  }

  /** The display name: the {@code mlflow.runName} tag when set, else the store's own name field; null when both are empty. */
  static String runName(String tag, String field) {
    if (tag != null && !tag.isEmpty()) {
      return tag;
    }
    return field == null || field.isEmpty() ? null : field;
  }

  private static void putIfKnown(Map<String, String> config, String key, String value) {
    if (value != null) {
      config.put(key, value);
    }
  }
}
