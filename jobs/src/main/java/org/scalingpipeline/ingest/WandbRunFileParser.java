package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a W&amp;B run file {@code run-<id>.wandb} ({@code data/log-format.md}, "Weights &amp; Biases"): its
 * records ({@link WandbTransactionLog}) are the rows, each history record gives its points
 * ({@link WandbHistory}), and every other record is an accepted row without points. The run is
 * {@code wandb:<id>}, the id taken from the file name; its config is the run folder's {@code files/config.yaml}
 * ({@link WandbConfig}), with the keys the file's run and config records set that the YAML does not hold, and the
 * run record's entity, project and display name.
 */
public final class WandbRunFileParser implements LogParser {

  /** Source name of W&amp;B runs. */
  public static final String SOURCE = "wandb";
  private static final Set<String> NOT_FINITE = Set.of("NaN", "Infinity", "-Infinity");

  private final LogFiles logFiles;

  public WandbRunFileParser(LogFiles logFiles) {
    this.logFiles = logFiles;
  }

  @Override
  public ParsedFile parse(InputFile file) {
    ParseCollector out = new ParseCollector(file, LogFormat.WANDB);
    String folder = folder(file.path());
    RunRecord run;
    try {
      run = withYamlConfig(RunRecord.of(SOURCE, runId(file.path()), "unspecified", file.path()),
          folder + "/files/config.yaml", logFiles);
    } catch (IOException | UncheckedIOException e) {
      return out.wholeFileRejected(e.getMessage());
    }
    long rowNo = 0;
    try (InputStream in = file.bytes()) {
      WandbTransactionLog log = WandbTransactionLog.open(in, file.limits().maxLineBytes());
      out.run(run);
      WandbHistory history = new WandbHistory();
      for (WandbTransactionLog.Frame frame = log.next(); frame != null; frame = log.next()) {
        rowNo++;
        String raw = "record at byte " + frame.offset();
        if (frame.fault() != null) {
          out.reject(rowNo, raw, frame.fault());
          continue;
        }
        out.at(rowNo, raw);
        try {
          WandbRecord record = WandbRecord.parse(frame.payload());
          if (record instanceof WandbRecord.History h) {
            history.row(rowNo, h.step(), values(h.items()), run, out);
          } else {
            if (record instanceof WandbRecord.Run r) {
              history.startAt(r.startingStep());
              run = withStreamConfig(describe(run, r), r.config());
            } else if (record instanceof WandbRecord.Config c) {
              run = withStreamConfig(run, c.updates());
            }
            out.run(run);
            out.acceptRow(run.runId());
          }
        } catch (InvalidProtocolBufferException e) {
          out.reject(rowNo, raw, "not a wandb_internal.Record message: " + e.getMessage());
        } catch (Cells.BadCell e) {
          out.reject(rowNo, raw, e.getMessage());
        }
      }
    } catch (WandbTransactionLog.NotWandb e) {
      return out.wholeFileRejected(e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      if (rowNo == 0) {
        return out.wholeFileRejected("unreadable: " + e.getMessage());
      }
      out.reject(rowNo + 1, null, "unreadable after record " + rowNo + ": " + e.getMessage());
    }
    return out.result();
  }

  /** The run id of {@code run-<id>.wandb}; another name ending {@code .wandb} is the id without the suffix. */
  static String runId(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    String stem = name.substring(0, name.length() - ".wandb".length());
    return stem.startsWith("run-") && stem.length() > 4 ? stem.substring(4) : stem;
  }

  static String folder(String path) {
    return path.substring(0, Math.max(path.lastIndexOf('/'), 0));
  }

  /** The run with the config of the YAML file at {@code location}, when there is one. */
  static RunRecord withYamlConfig(RunRecord run, String location, LogFiles logFiles) throws IOException {
    InputFile yaml = logFiles.companion(location);
    if (yaml == null) {
      return run;
    }
    Map<String, String> config;
    try {
      config = WandbConfig.read(yaml);
    } catch (IOException e) {
      throw new IOException("the run's config " + location + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, String> e : config.entrySet()) {
      run = run.withConfig(e.getKey(), e.getValue());
    }
    return run;
  }

  /** The parsed values of a history record's items; a value that is not JSON is refused, naming it. */
  static List<WandbHistory.Value> values(List<WandbRecord.Item> items) {
    List<WandbHistory.Value> values = new ArrayList<>(items.size());
    for (WandbRecord.Item item : items) {
      values.add(new WandbHistory.Value(item.key(), json(item)));
    }
    return values;
  }

  private static JsonNode json(WandbRecord.Item item) {
    try {
      return Json.readStrict(item.valueJson());
    } catch (JsonProcessingException e) {
      if (NOT_FINITE.contains(item.valueJson().strip())) {
        throw new Cells.BadCell(item.key(), item.valueJson(), "a finite number");
      }
      throw new Cells.BadCell(item.key(), item.valueJson(), "a JSON value (" + Json.problem(e) + ")");
    }
  }

  /** Config keys of the file's records that the YAML does not already give; the SDK's {@code _wandb} is left out. */
  private static RunRecord withStreamConfig(RunRecord run, List<WandbRecord.Item> items) {
    for (WandbRecord.Item item : items) {
      if (!item.key().equals("_wandb") && !run.config().containsKey(item.key())) {
        String text;
        try {
          text = WandbConfig.text(Json.readStrict(item.valueJson()));
        } catch (JsonProcessingException e) {
          text = item.valueJson();
        }
        run = run.withConfig(item.key(), text);
      }
    }
    return run;
  }

  private static RunRecord describe(RunRecord run, WandbRecord.Run record) {
    run = named(run, "wandb_entity", record.entity());
    run = named(run, "wandb_project", record.project());
    return named(run, "wandb_display_name", record.displayName());
  }

  private static RunRecord named(RunRecord run, String key, String value) {
    return value.isEmpty() ? run : run.withConfig(key, value);
  }
}
