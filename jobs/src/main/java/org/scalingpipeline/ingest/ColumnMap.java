package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the columns of a CSV or TSV file mean, from the JSON sidecar {@code <file>.columns.json} beside it
 * ({@code data/log-format.md}, "Any CSV or TSV, by column map"): which columns name the run, which hold the step,
 * tokens, FLOPs and wall time, which hold metrics (and their units), which describe the run, and which says the
 * split a row's metrics were measured on. Every key is checked: an unknown key, a value of the wrong kind, no
 * metric, or neither a step nor a tokens column is a fault naming the sidecar and the key.
 *
 * @param delimiter the field delimiter: {@code ,} unless the sidecar says otherwise or the file is a TSV
 * @param run the columns whose cells, joined, name the run; none: the file is one run, named after the file
 * @param step the step column, or null: the step is then the tokens count
 * @param tokens the tokens-seen column, or null
 * @param flops the training-FLOPs column, or null
 * @param wallTime the wall-time column (seconds since 1970), or null
 * @param metrics metric name → column, in the sidecar's order
 * @param units metric name → unit, for the metrics that say theirs
 * @param runAttributes run attribute or config key → column
 * @param split the column whose cell is appended to each metric's name ({@code loss} → {@code loss_validation}), or null
 */
record ColumnMap(String sidecar, String source, String family, char delimiter, List<String> run, String step,
    String tokens, String flops, String wallTime, Map<String, String> metrics, Map<String, String> units,
    Map<String, String> runAttributes, String split) {

  /** Suffix of the column map beside a data file: {@code runs.csv.columns.json}. */
  static final String SUFFIX = LogFormat.COLUMN_MAP_SUFFIX;

  /** Source name of runs whose column map does not name one. */
  static final String DEFAULT_SOURCE = "csv";

  private static final Set<String> KEYS = Set.of("source", "family", "delimiter", "run", "step", "tokens", "flops",
      "wall_time", "metrics", "units", "run_attributes", "split");

  /** A fault of the column map: the whole file is rejected with it. */
  static final class Fault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fault(String sidecar, String problem) {
      super("column map " + sidecar + ": " + problem);
    }
  }

  /** The column map of the data file {@code dataFile}, read from its sidecar's JSON text. */
  static ColumnMap of(String sidecar, String dataFile, String json) {
    JsonNode map;
    try {
      map = Json.readStrict(json);
    } catch (JsonProcessingException e) {
      throw new Fault(sidecar, "not JSON (" + Json.problem(e) + ")");
    }
    if (!map.isObject()) {
      throw new Fault(sidecar, "found " + map.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", expected a JSON object");
    }
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new Fault(sidecar, "unknown key \"" + key + "\", expected some of " + new TreeSet<>(KEYS));
      }
    }
    String lower = dataFile.toLowerCase(Locale.ROOT);
    String tsv = lower.endsWith(".tsv") || lower.endsWith(".tsv.gz") ? "\t" : ",";
    String delimiter = text(sidecar, map, "delimiter", tsv);
    if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n") || delimiter.equals("\r")) {
      throw new Fault(sidecar, "\"delimiter\" is '" + delimiter + "', expected one character other than a double"
          + " quote or a line end");
    }
    Map<String, String> metrics = columns(sidecar, map, "metrics");
    if (metrics.isEmpty()) {
      throw new Fault(sidecar, "no \"metrics\": expected an object of metric name → column, at least one");
    }
    String step = text(sidecar, map, "step", null);
    String tokens = text(sidecar, map, "tokens", null);
    if (step == null && tokens == null) {
      throw new Fault(sidecar, "neither \"step\" nor \"tokens\" names a column, expected at least one of them");
    }
    Map<String, String> units = columns(sidecar, map, "units");
    for (String metric : units.keySet()) {
      if (!metrics.containsKey(metric)) {
        throw new Fault(sidecar, "\"units\" names \"" + metric + "\", which is not in \"metrics\" " + metrics.keySet());
      }
    }
    return new ColumnMap(sidecar, text(sidecar, map, "source", DEFAULT_SOURCE),
        text(sidecar, map, "family", "unspecified"), delimiter.charAt(0), runColumns(sidecar, map), step, tokens,
        text(sidecar, map, "flops", null), text(sidecar, map, "wall_time", null), metrics, units,
        columns(sidecar, map, "run_attributes"), text(sidecar, map, "split", null));
  }

  /** Every column the map names, each once, in the order: run, step, tokens, flops, wall time, metrics, attributes, split. */
  List<String> columns() {
    List<String> all = new ArrayList<>(run);
    for (String c : new String[] {step, tokens, flops, wallTime}) {
      if (c != null) {
        all.add(c);
      }
    }
    all.addAll(metrics.values());
    all.addAll(runAttributes.values());
    if (split != null) {
      all.add(split);
    }
    return all.stream().distinct().toList();
  }

  private static String text(String sidecar, JsonNode map, String key, String absent) {
    JsonNode value = map.get(key);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new Fault(sidecar, "\"" + key + "\" is " + value + ", expected a non-empty string (a column name) or null");
    }
    return value.asText();
  }

  private static List<String> runColumns(String sidecar, JsonNode map) {
    JsonNode run = map.get("run");
    if (run == null || run.isNull()) {
      return List.of();
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode column : run.isArray() ? run : List.of(run)) {
      if (!column.isTextual() || column.asText().isEmpty()) {
        throw new Fault(sidecar, "\"run\" holds " + column + ", expected column names (strings)");
      }
      columns.add(column.asText());
    }
    return List.copyOf(columns);
  }

  private static Map<String, String> columns(String sidecar, JsonNode map, String key) {
    JsonNode value = map.get(key);
    Map<String, String> columns = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return columns;
    }
    if (!value.isObject()) {
      throw new Fault(sidecar, "\"" + key + "\" is " + value + ", expected a JSON object of name → string");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().isEmpty() || !entry.getValue().isTextual() || entry.getValue().asText().isEmpty()) {
        throw new Fault(sidecar, "\"" + key + "\" maps \"" + entry.getKey() + "\" to " + entry.getValue()
            + ", expected a non-empty name → a non-empty string");
      }
      columns.put(entry.getKey(), entry.getValue().asText());
    }
    return columns;
  }
}
