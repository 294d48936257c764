package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a JSONL metrics log ({@code data/log-format.md}): a run record on the first line, then
 * {@code point} records, and optionally {@code status} records (e.g. a run the training job stopped
 * because its loss diverged).
 */
public final class JsonlLogParser extends LineParser {

  /** Source name of runs whose header does not name one. */
  public static final String DEFAULT_SOURCE = "jsonl";

  private String runId;

  public JsonlLogParser() {
    super(LogFormat.JSONL, false);
  }

  @Override
  String expectedFirstLine() {
    return "a run record {\"record\":\"run\",\"run_name\":...}";
  }

  @Override
  String firstLine(String line, ParseCollector out) {
    try {
      JsonNode header = Json.readStrict(line);
      if (!"run".equals(Json.textOrNull(header, "record"))) {
        return "found " + abbreviate(line) + ", expected " + expectedFirstLine();
      }
      RunRecord run = RunHeaders.fromJson(header, out.path(), DEFAULT_SOURCE);
      runId = run.runId();
      out.run(run);
      out.acceptRow(runId);
      return null;
    } catch (JsonProcessingException e) {
      return "not JSON (" + Json.problem(e) + "), expected " + expectedFirstLine();
    } catch (Cells.BadCell e) {
      return "run record: " + e.getMessage();
    }
  }

  @Override
  void row(long lineNo, String line, ParseCollector out) {
    try {
      JsonNode node = Json.readStrict(line);
      String record = Json.textOrNull(node, "record");
      if ("point".equals(record)) {
        point(lineNo, node, out);
      } else if ("status".equals(record)) {
        status(node, out);
      } else {
        throw new Cells.BadCell("record", record, "\"point\" or \"status\" after the run record");
      }
      out.acceptRow(runId);
    } catch (JsonProcessingException e) {
      out.reject(lineNo, line, "not JSON: " + Json.problem(e));
    } catch (Cells.BadCell e) {
      out.reject(lineNo, line, e.getMessage());
    }
  }

  private void point(long lineNo, JsonNode node, ParseCollector out) {
    long step = Json.count(node, "step");
    String metric = Cells.text("metric", Json.textOrNull(node, "metric"));
    Double value = Json.finiteOrNull(node, "value");
    if (value == null) {
      throw new Cells.BadCell("value", null, "a finite number");
    }
    Double tokens = nonNegative(node, "tokens");
    Double flops = nonNegative(node, "flops");
    Double wallTime = nonNegative(node, "wall_time");
    String unit = node.hasNonNull("unit") ? Cells.text("unit", Json.textOrNull(node, "unit")) : PointRecord.NATS_PER_TOKEN;
    out.point(new PointRecord(runId, step, tokens, flops, metric, value, unit, wallTime, out.path()));
  }

  private void status(JsonNode node, ParseCollector out) {
    String status = Cells.text("status", Json.textOrNull(node, "status"));
    RunRecord run = out.run(runId).withConfig("status", status);
    String reason = Json.textOrNull(node, "reason");
    out.run(reason == null ? run : run.withConfig("status_reason", reason));
  }

  private static Double nonNegative(JsonNode node, String field) {
    Double value = Json.finiteOrNull(node, field);
    if (value != null && value < 0) {
      throw new Cells.BadCell(field, node.get(field).asText(), "a number >= 0");
    }
    return value;
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? "'" + line + "'" : "'" + line.substring(0, 77) + "...'";
  }
}
