package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run folder of MLflow's file store, {@code mlruns/<experiment_id>/<run_id>/}, the way MLflow's
 * {@code FileStore} writes it ({@code mlflow/store/tracking/file_store.py}): {@code meta.yaml} (the run's info:
 * {@code run_id} or, before MLflow 1.x, only {@code run_uuid}; {@code experiment_id}, a string or in old stores
 * an integer; {@code status} as MLflow's {@code RunStatus} number; {@code start_time} and {@code end_time} in epoch
 * milliseconds, {@code end_time: null} for a run that never ended; {@code lifecycle_stage}; the name in
 * {@code run_name}, or {@code name} before MLflow 2), {@code params/<key>} (the whole file is the value, written
 * without a newline; a key with {@code /} is a subfolder), and the tags {@code mlflow.runName} and
 * {@code mlflow.parentRunId} from {@code tags/}; the experiment's name comes from the experiment folder's
 * {@code meta.yaml}. A folder MLflow itself would not show as a run (a deleted run, a {@code meta.yaml} naming
 * another run or experiment than its folders, a logged model's folder) is refused with the reason.
 */
final class MlflowRunFolder {

  /** MLflow's {@code RunStatus} numbers (protos/service.proto), as {@code meta.yaml} stores them. */
  private static final List<String> STATUS = List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

  private static final YAMLMapper YAML = new YAMLMapper();

  /** A run folder that is not read as a run, with the reason. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason);
    }
  }

  private final LogFiles logs;

  MlflowRunFolder(LogFiles logs) {
    this.logs = logs;
  }

  /** The run kept in a folder; throws {@link Refused} for a folder that is not an active run. */
  MlflowRunFacts read(String runFolder) {
    String experimentFolder = runFolder.substring(0, runFolder.lastIndexOf('/'));
    String folderName = runFolder.substring(runFolder.lastIndexOf('/') + 1);
    String experimentFolderName = experimentFolder.substring(experimentFolder.lastIndexOf('/') + 1);
    JsonNode meta = yaml(runFolder + "/meta.yaml");
    if (!meta.has("run_id") && !meta.has("run_uuid") && meta.has("model_id")) {
      throw new Refused("a logged model's folder (meta.yaml has model_id '" + meta.get("model_id").asText()
          + "'), not a run: MLflow writes each of its metric lines also to the run that logged it, whose id is the"
          + " line's 4th field; the run's own metrics/ are read instead");
    }
    String runId = text(meta, meta.has("run_id") ? "run_id" : "run_uuid");
    if (!folderName.equals(runId)) {
      throw new Refused("meta.yaml names run '" + runId + "', but its folder is '" + folderName + "'; expected the"
          + " run's own folder (MLflow finds a run by its folder)");
    }
    JsonNode experimentField = meta.get("experiment_id");
    String experimentId = experimentField == null || experimentField.isNull() ? null : experimentField.asText();
    if (!experimentFolderName.equals(experimentId)) {
      throw new Refused("meta.yaml field 'experiment_id': found " + quoted(experimentId) + ", expected '"
          + experimentFolderName + "', the experiment folder the run is in (MLflow ignores such a run)");
    }
    String stage = meta.hasNonNull("lifecycle_stage") ? meta.get("lifecycle_stage").asText() : "active";
    if (!"active".equals(stage)) {
      throw new Refused("run " + runId + " is " + stage + " (meta.yaml lifecycle_stage: " + stage + "); MLflow"
          + " lists only active runs, so it is not read");
    }
    String name = meta.hasNonNull("run_name") ? meta.get("run_name").asText()
        : meta.hasNonNull("name") ? meta.get("name").asText() : null;
    return new MlflowRunFacts(runId, experimentId, experimentName(experimentFolder),
        MlflowRunFacts.runName(tag(runFolder, MlflowRunFacts.RUN_NAME_TAG), name),
        tag(runFolder, MlflowRunFacts.PARENT_RUN_TAG), status(meta), millis(meta, "start_time"),
        millis(meta, "end_time"), params(runFolder + "/params"));
  }

  private String experimentName(String experimentFolder) {
    InputFile meta = logs.companion(experimentFolder + "/meta.yaml");
    if (meta == null) {
      return null;
    }
    JsonNode node = yaml(meta);
    return node.hasNonNull("name") ? node.get("name").asText() : null;
  }

  private Map<String, String> params(String folder) {
    Map<String, String> params = new LinkedHashMap<>();
    String base = new org.apache.hadoop.fs.Path(folder).toUri().getPath();
    for (String file : logs.filesIn(folder, true)) {
      String key = new org.apache.hadoop.fs.Path(file).toUri().getPath().substring(base.length() + 1);
      params.put(key, wholeText(logs.companion(file)));
    }
    return params;
  }

  private String tag(String runFolder, String key) {
    InputFile tag = logs.companion(runFolder + "/tags/" + key);
    return tag == null ? null : wholeText(tag);
  }

  private static String status(JsonNode meta) {
    JsonNode status = meta.get("status");
    if (status == null || status.isNull()) {
      return STATUS.get(0); // what MLflow reads for a meta.yaml without a status
    }
    if (!status.isIntegralNumber() || status.asLong() < 1 || status.asLong() > STATUS.size()) {
      throw new Refused("meta.yaml field 'status': found '" + status.asText() + "', expected MLflow's RunStatus"
          + " number 1 to 5 (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED)");
    }
    return STATUS.get(status.asInt() - 1);
  }

  private static Long millis(JsonNode meta, String field) {
    JsonNode value = meta.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new Refused("meta.yaml field '" + field + "': found '" + value.asText() + "', expected epoch"
          + " milliseconds (a whole number >= 0) or null");
    }
    return value.asLong();
  }

  private static String text(JsonNode meta, String field) {
    JsonNode value = meta.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new Refused("meta.yaml field '" + field + "': found " + (value == null ? "nothing" : "'" + value.asText()
          + "'") + ", expected the run's id");
    }
    return value.asText();
  }

  private JsonNode yaml(String location) {
    InputFile file = logs.companion(location);
    if (file == null) {
      throw new Refused("no " + location + ": expected the run's meta.yaml");
    }
    return yaml(file);
  }

  private static JsonNode yaml(InputFile file) {
    String text = wholeText(file);
    try {
      JsonNode node = YAML.readTree(text);
      if (node == null || !node.isObject()) {
        throw new Refused(file.path() + " is not a YAML mapping (found " + (node == null ? "nothing" : node.getNodeType())
            + "), expected MLflow's meta.yaml");
      }
      return node;
    } catch (JacksonException e) {
      throw new Refused(file.path() + " is not YAML (" + e.getOriginalMessage() + "), expected MLflow's meta.yaml");
    }
  }

  /**
   * The exact text of a small companion file (a param value, a tag, a {@code meta.yaml}): UTF-8, at most
   * {@link ReadLimits#maxLineBytes()} bytes. The file is closed after.
   */
  static String wholeText(InputFile file) {
    int limit = file.limits().maxLineBytes();
    try (InputStream in = file.bytes()) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new Refused(file.path() + " is longer than the limit of " + limit + " bytes (" + ReadLimits.MAX_LINE_BYTES
            + ")");
      }
      ByteBuffer in8 = ByteBuffer.wrap(bytes);
      CharBuffer text = CharBuffer.allocate(bytes.length);
      CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in8, text, true);
      if (result.isError()) {
        throw new Refused(file.path() + ": invalid UTF-8 at byte " + in8.position() + " (0x"
            + HexFormat.of().withUpperCase().formatHex(bytes, in8.position(), in8.position() + 1) + "), expected UTF-8 text");
      }
      return text.flip().toString();
    } catch (IOException e) {
      throw new Refused("cannot read " + file.path() + ": " + e.getMessage());
    } finally {
      file.identity(); // reads nothing more and closes the file
    }
  }

  private static String quoted(String text) {
    return text == null ? "nothing" : "'" + text + "'";
  }
}
