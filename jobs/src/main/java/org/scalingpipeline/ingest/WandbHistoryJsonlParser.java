package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads an old W&amp;B client's (≤ 0.9) {@code wandb-history.jsonl} ({@code data/log-format.md}, "Weights &amp;
 * Biases"): one JSON object per line, {@code {"_step": 0, "_runtime": 3.1, "_timestamp": 1580000000.5,
 * "loss": 2.3, ...}}, each line a history row ({@link WandbHistory}: the top-level keys with number values are
 * points). The run is {@code wandb:<id>}, the id being the last {@code -} part of the run folder
 * {@code run-<date>_<time>-<id>} (else the folder's run name); its config is the {@code config.yaml} the old
 * clients kept in the run folder itself.
 */
public final class WandbHistoryJsonlParser extends LineParser {

  private final LogFiles logFiles;
  private final WandbHistory history = new WandbHistory();
  private RunRecord run;

  public WandbHistoryJsonlParser(LogFiles logFiles) {
    super(LogFormat.WANDB_HISTORY, false);
    this.logFiles = logFiles;
  }

  @Override
  String expectedFirstLine() {
    return "a W&B history row {\"_step\": 0, ...}";
  }

  @Override
  String firstLine(String line, ParseCollector out) {
    String folder = WandbRunFileParser.folder(out.path());
    try {
      run = WandbRunFileParser.withYamlConfig(
          RunRecord.of(WandbRunFileParser.SOURCE, runName(folder), "unspecified", out.path()),
          folder + "/config.yaml", logFiles);
    } catch (IOException | UncheckedIOException e) {
      return e.getMessage();
    }
    try {
      Json.readStrict(line);
    } catch (JsonProcessingException e) {
      return "not JSON (" + Json.problem(e) + "), expected " + expectedFirstLine();
    }
    out.run(run);
    try {
      row(1, line, out);
    } catch (Cells.BadCell e) {
      out.reject(1, line, e.getMessage());
    }
    return null;
  }

  @Override
  void row(long lineNo, String line, ParseCollector out) {
    JsonNode node;
    try {
      node = Json.readStrict(line);
    } catch (JsonProcessingException e) {
      out.reject(lineNo, line, "not JSON: " + Json.problem(e));
      return;
    }
    if (!node.isObject()) {
      throw new Cells.BadCell("line", line.strip(), "a JSON object of history keys");
    }
    List<WandbHistory.Value> values = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      values.add(new WandbHistory.Value(e.getKey(), e.getValue()));
    }
    history.row(lineNo, null, values, run, out);
  }

  private String runName(String folder) {
    String name = folder.substring(folder.lastIndexOf('/') + 1);
    int dash = name.lastIndexOf('-');
    return name.startsWith("run-") && dash > 3 && dash < name.length() - 1 ? name.substring(dash + 1)
        : logFiles.runName(folder);
  }
}
