package org.scalingpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.scalingpipeline.warehouse.Schemas;

/**
 * Turns the JSON run record of the generic log format ({@code data/log-format.md}) into a
 * {@link RunRecord}: known fields become typed attributes, everything else goes into {@code config}.
 */
final class RunHeaders {

  private static final Set<String> IDENTITY = Set.of("record", "run_name", "source", "family", "config", "metric");

  private RunHeaders() {}

  /** The run a header describes; throws {@link Cells.BadCell} naming the offending field. */
  static RunRecord fromJson(JsonNode header, String sourceFile, String defaultSource) {
    if (!header.isObject()) {
      throw new Cells.BadCell("record", header.toString(), "a JSON object");
    }
    String runName = Cells.text("run_name", Json.textOrNull(header, "run_name"));
    String source = header.hasNonNull("source") ? Cells.text("source", Json.textOrNull(header, "source")) : defaultSource;
    String family = header.hasNonNull("family") ? Cells.text("family", Json.textOrNull(header, "family")) : "unspecified";
    RunRecord run = RunRecord.of(source, runName, family, sourceFile);
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (IDENTITY.contains(name) || value.isNull()) {
        continue;
      }
      if (RunRecord.ATTRIBUTES.contains(name)) {
        run = run.with(name, typed(name, value));
      } else {
        run = run.withConfig(name, value.isTextual() ? value.asText() : value.toString());
      }
    }
    JsonNode config = header.get("config");
    if (config != null && !config.isNull()) {
      if (!config.isObject()) {
        throw new Cells.BadCell("config", config.toString(), "a JSON object of settings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode v = entry.getValue();
        run = run.withConfig(entry.getKey(), v.isTextual() ? v.asText() : v.toString());
      }
    }
    return run;
  }

  /** A JSON value as the typed run attribute {@code name} ({@code runs} column type); refused naming it. */
  static Object typed(String name, JsonNode value) {
    if (!isText(name) && !value.isNumber()) {
      throw new Cells.BadCell(name, value.toString(), "a number");
    }
    return attribute(name, Json.text(name, value));
  }

  /**
   * A run attribute ({@link RunRecord#ATTRIBUTES}) from its text, typed as its {@code runs} column: non-empty text,
   * a whole number of int range, or a number >= 0.
   */
  static Object attribute(String name, String text) {
    if (isText(name)) {
      return Cells.text(name, text);
    }
    if (Schemas.RUNS.apply(name).dataType().equals(DataTypes.IntegerType)) {
      return Cells.smallCount(name, text);
    }
    return Cells.nonNegative(name, text);
  }

  private static boolean isText(String name) {
    return Schemas.RUNS.apply(name).dataType().equals(DataTypes.StringType);
  }
}
