package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Hugging Face {@code Trainer}'s {@code trainer_state.json} ({@code data/log-format.md}, "Hugging Face
 * trainer_state.json"; written by {@code TrainerState.save_to_json} in {@code transformers/trainer_callback.py}):
 * one JSON object whose {@code log_history} array holds one entry per logging or evaluation event,
 * {@code {"step": 25, "loss": 0.3, "learning_rate": 4.6e-07, "epoch": 0.19}}. Each entry is a row; each numeric
 * key but {@code step} is a point at that step, named as logged ({@code epoch} too); other values give none.
 * The Trainer writes {@code epoch} into both the training and the evaluation entry of one step: a repeat of a
 * (metric, step) with the same value adds nothing, one with another value rejects its entry naming the first.
 * The document is read as a stream, one entry at a time.
 *
 * <p>The run is the folder of the file, or the output folder when the file is in a {@code checkpoint-<n>}
 * folder (several checkpoints' states are files of one run). Its model config is the {@code config.json}
 * beside the file or in the output folder ({@link HfModelConfig}); the state's other scalar keys
 * ({@code global_step}, {@code max_steps}, {@code num_train_epochs}, …) are config text.
 */
public final class HfTrainerStateParser implements LogParser {

  /** Source name of Hugging Face Trainer runs. */
  public static final String SOURCE = "hf-trainer";

  private final LogFiles logFiles;

  public HfTrainerStateParser(LogFiles logFiles) {
    this.logFiles = logFiles;
  }

  @Override
  public ParsedFile parse(InputFile file) {
    ParseCollector out = new ParseCollector(file, LogFormat.HF_TRAINER_STATE);
    String folder = WandbRunFileParser.folder(file.path());
    String runFolder = folder.substring(folder.lastIndexOf('/') + 1).matches("checkpoint-[0-9]+")
        ? WandbRunFileParser.folder(folder) : folder;
    RunRecord run = RunRecord.of(SOURCE, logFiles.runName(runFolder), "unspecified", file.path());
    try {
      run = HfModelConfig.describe(run, folder, runFolder, logFiles);
    } catch (IOException | UncheckedIOException e) {
      return out.wholeFileRejected(e.getMessage());
    } catch (Cells.BadCell e) {
      return out.wholeFileRejected("config.json: " + e.getMessage());
    }
    long entries = 0;
    boolean history = false;
    try (InputStream in = file.bytes(); JsonParser parser = Json.streamStrict(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return out.wholeFileRejected("found " + parser.currentToken() + ", expected a JSON object with a"
            + " \"log_history\" array");
      }
      out.run(run);
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("log_history")) {
          if (value != JsonToken.START_ARRAY) {
            return out.wholeFileRejected("\"log_history\" is " + value + ", expected an array of entries");
          }
          history = true;
          for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
            JsonNode entry = Json.read(parser);
            entries++;
            out.at(entries, entry.toString());
            try {
              entry(entry, run, out);
            } catch (Cells.BadCell bad) {
              out.reject(entries, entry.toString(), bad.getMessage());
            }
          }
        } else if (value.isScalarValue()) {
          run = run.withConfig(name, value == JsonToken.VALUE_NULL ? "null" : parser.getText());
          out.run(run);
        } else {
          parser.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      String where = "not JSON after log_history entry " + entries + ": " + Json.problem(e);
      if (entries == 0 && !history) {
        return out.wholeFileRejected(where);
      }
      out.reject(entries + 1, null, where + " (truncated or damaged); the file is not read further");
      return out.result();
    } catch (IOException | UncheckedIOException e) {
      return out.wholeFileRejected("unreadable: " + e.getMessage());
    }
    if (!history) {
      return out.wholeFileRejected("no \"log_history\", expected a Trainer state with a \"log_history\" array");
    }
    return out.result();
  }

  private static void entry(JsonNode entry, RunRecord run, ParseCollector out) {
    if (!entry.isObject()) {
      throw new Cells.BadCell("log_history", entry.toString(), "an object of logged values with a \"step\"");
    }
    long step = Json.count(entry, "step");
    Map<String, Double> points = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String metric = field.getKey();
      if (metric.equals("step") || !field.getValue().isNumber()) {
        continue;
      }
      points.put(metric, Json.finiteOrNull(entry, metric));
    }
    for (Map.Entry<String, Double> p : points.entrySet()) {
      out.point(new PointRecord(run.runId(), step, null, null, p.getKey(), p.getValue(), PointRecord.AS_LOGGED, null,
          out.path()));
    }
    out.acceptRow(run.runId());
  }
}
