package org.scalingpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.DataType;
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
    DataType type = Schemas.RUNS.apply(name).dataType();
    if (type.equals(DataTypes.StringType)) {
      return Cells.text(name, Json.text(name, value));
    }
    if (!value.isNumber()) {
      throw new Cells.BadCell(name, value.toString(), "a number");
    }
    if (type.equals(DataTypes.IntegerType)) {
      return Cells.smallCount(name, value.asText());
    }
    return Cells.nonNegative(name, value.asText());
  }
}
