package org.scalingpipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads any CSV or TSV file of training curves by the {@link ColumnMap} beside it: a header, then one row per
 * (run, step) with one cell per metric, as a W&amp;B runs export or a paper's table holds them — one file may
 * hold many runs, named by their run columns. Fields follow RFC 4180 ({@link Csv}: quoted fields may hold the
 * delimiter, newlines and doubled quotes). Each data row is accepted with its points or rejected: a cell that is
 * not the number its column expects rejects the row naming the column, the value and what was expected; an
 * empty metric cell is an empty cell, not a reject. A run on many rows must be described alike on each; a
 * repeated (run, metric, step) follows {@link RepeatedPoints}.
 */
final class MappedCsvParser extends LineParser {

  private final ColumnMap map;
  private final String fault;
  private final String fileRunName;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Long> runLines = new HashMap<>();
  private int fields;

  private MappedCsvParser(ColumnMap map, String fault, String fileRunName) {
    super(LogFormat.MAPPED_CSV, true);
    this.map = map;
    this.fault = fault;
    this.fileRunName = fileRunName;
  }

  /**
   * The reader of one data file, by the column map beside it; a column map that cannot be read or is
   * incomplete rejects the whole file with its fault.
   */
  static MappedCsvParser of(LogFiles files, String dataFile) {
    String sidecar = dataFile + ColumnMap.SUFFIX;
    String runName = files.runName(dataFile);
    try {
      return new MappedCsvParser(ColumnMap.of(sidecar, dataFile, files.open(sidecar).text()), null, runName);
    } catch (ColumnMap.Fault e) {
      return new MappedCsvParser(null, e.getMessage(), runName);
    } catch (IOException | UncheckedIOException e) {
      return new MappedCsvParser(null, "column map " + sidecar + " is not readable: " + e.getMessage(), runName);
    }
  }

  @Override
  String expectedFirstLine() {
    return map == null ? "a header line" : "a header with the columns " + map.columns() + " of " + map.sidecar();
  }

  @Override
  String firstLine(String line, ParseCollector out) {
    if (fault != null) {
      return fault;
    }
    List<String> header = Csv.fields(line, map.delimiter());
    fields = header.size();
    for (int i = 0; i < header.size(); i++) {
      if (index.putIfAbsent(header.get(i), i) != null && map.columns().contains(header.get(i))) {
        return "column '" + header.get(i) + "' appears twice in the header, so " + map.sidecar()
            + " cannot say which one it maps";
      }
    }
    for (String column : map.columns()) {
      if (!index.containsKey(column)) {
        return "the header has no column '" + column + "' that " + map.sidecar() + " maps; found the header "
            + header;
      }
    }
    return null;
  }

  @Override
  void row(long lineNo, String line, ParseCollector out) {
    List<String> cells = Csv.fields(line, map.delimiter());
    if (cells.size() != fields) {
      out.reject(lineNo, line, "found " + cells.size() + " fields, expected " + fields + " as in the header");
      return;
    }
    RunRecord run = run(cells, out.path());
    Long described = runLines.get(run.runId());
    if (described != null && !run.equals(out.run(run.runId()))) {
      out.reject(lineNo, line, "run " + run.runId() + " is described otherwise on line " + described + ": "
          + differences(out.run(run.runId()), run) + "; expected one description of a run in all its rows");
      return;
    }
    String tokensCell = cell(cells, map.tokens());
    long step = map.step() != null ? Cells.count(map.step(), cell(cells, map.step()))
        : Cells.count(map.tokens(), tokensCell);
    Double tokens = optional(map.tokens(), tokensCell, false);
    Double flops = optional(map.flops(), cell(cells, map.flops()), false);
    Double wallTime = optional(map.wallTime(), cell(cells, map.wallTime()), true);
    String split = map.split() == null ? "" : "_" + Cells.text(map.split(), cell(cells, map.split()));
    List<PointRecord> points = new ArrayList<>();
    int empty = 0;
    for (Map.Entry<String, String> metric : map.metrics().entrySet()) {
      String cell = cell(cells, metric.getValue());
      if (cell.isBlank()) {
        empty++;
        continue;
      }
      points.add(new PointRecord(run.runId(), step,
          tokens, flops, metric.getKey() + split, Cells.finite(metric.getValue(), cell),
          map.units().getOrDefault(metric.getKey(), PointRecord.AS_LOGGED), wallTime, out.path()));
    }
    runLines.putIfAbsent(run.runId(), lineNo);
    out.run(run);
    out.acceptRow(run.runId());
    points.forEach(out::point);
    for (int i = 0; i < empty; i++) {
      out.emptyCell();
    }
  }

  /** The row's run: its name from the run columns, its attributes and config from the attribute columns. */
  private RunRecord run(List<String> cells, String path) {
    RunRecord run = RunRecord.of(map.source(), runName(cells), map.family(), path);
    for (Map.Entry<String, String> attribute : map.runAttributes().entrySet()) {
      String cell = cell(cells, attribute.getValue());
      if (cell.isBlank()) {
        continue;
      }
      String name = attribute.getKey();
      run = RunRecord.ATTRIBUTES.contains(name) ? run.with(name, RunHeaders.attribute(name, cell))
          : run.withConfig(name, cell);
    }
    return run;
  }

  /**
   * The run columns' cells joined with {@code /}, each with {@code %} and {@code /} percent-encoded, so two
   * different tuples of cells never give one name; the file's own name when the map names no run column.
   */
  private String runName(List<String> cells) {
    if (map.run().isEmpty()) {
      return fileRunName;
    }
    List<String> parts = new ArrayList<>();
    for (String column : map.run()) {
      parts.add(Cells.text(column, cell(cells, column)).replace("%", "%25").replace("/", "%2F"));
    }
    return String.join("/", parts);
  }

  private String cell(List<String> cells, String column) {
    return column == null ? "" : cells.get(index.get(column));
  }

  /** A number >= 0 (> 0 for a wall time), or null when the column is not mapped or its cell is empty. */
  private static Double optional(String column, String cell, boolean positive) {
    if (column == null || cell.isBlank()) {
      return null;
    }
    return positive ? Cells.positive(column, cell) : Cells.nonNegative(column, cell);
  }

  /** The attributes and config entries two descriptions of a run give differently: {@code seed 1 there, 2 here}. */
  private static String differences(RunRecord there, RunRecord here) {
    Map<String, Object> a = new LinkedHashMap<>(there.attributes());
    a.putAll(there.config());
    Map<String, Object> b = new LinkedHashMap<>(here.attributes());
    b.putAll(here.config());
    List<String> text = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String name : names) {
      if (!Objects.equals(a.get(name), b.get(name))) {
        text.add(name + " " + a.get(name) + " there, " + b.get(name) + " here");
      }
    }
    return String.join("; ", text);
  }
}
