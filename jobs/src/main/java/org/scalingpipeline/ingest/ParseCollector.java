package org.scalingpipeline.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers what a parser finds in one file and keeps the row accounting. The parser says which row it reads
 * ({@link #at}), then accepts it for a run ({@link #acceptRow}) with the points it gave, or rejects it.
 */
final class ParseCollector {

  private final InputFile file;
  private final LogFormat format;
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final List<AcceptedRow> rows = new ArrayList<>();
  private final List<Reject> rejects = new ArrayList<>();
  private long points;
  private long emptyCells;
  private long line;
  private String raw;
  private String rowRun;
  private final List<PointRecord> rowPoints = new ArrayList<>();

  ParseCollector(InputFile file, LogFormat format) {
    this.file = file;
    this.format = format;
  }

  String path() {
    return file.path();
  }

  /** Starts the row at a line (1-based) with its text; the previous row is complete. */
  void at(long line, String raw) {
    endRow();
    this.line = line;
    this.raw = raw;
  }

  /** Accepts the current row as a row of a run. */
  void acceptRow(String runId) {
    rowRun = runId;
  }

  void emptyCell() {
    emptyCells++;
  }

  /** Rejects a row; a reject of the current row takes back its acceptance and points. */
  void reject(long line, String raw, String reason) {
    reject(line, raw, reason, null);
  }

  /** Rejects a row for a reason shared by many rows, with its particulars ({@link Reject#detail}). */
  void reject(long line, String raw, String reason, String detail) {
    if (line == this.line) {
      rowRun = null;
      rowPoints.clear();
    }
    rejects.add(new Reject(path(), line, raw, reason, detail));
  }

  void run(RunRecord run) {
    runs.put(run.runId(), run);
  }

  RunRecord run(String runId) {
    return runs.get(runId);
  }

  /** A point of the current row. */
  void point(PointRecord point) {
    rowPoints.add(point);
  }

  private void endRow() {
    if (rowRun != null) {
      rows.add(new AcceptedRow(line, raw, rowRun, rowPoints));
      points += rowPoints.size();
    } else if (!rowPoints.isEmpty()) {
      throw new IllegalStateException("line " + line + " of " + path() + " gave points but was not accepted");
    }
    rowRun = null;
    rowPoints.clear();
  }

  ParsedFile result() {
    endRow();
    Accounting accounting = new Accounting(rows.size() + rejects.size(), rows.size(), rejects.size(),
        emptyCells, points);
    return new ParsedFile(file.identity(), format, List.copyOf(runs.values()), rows, rejects, accounting);
  }

  /** The result when the whole file is at fault: nothing gathered so far counts. */
  ParsedFile wholeFileRejected(String reason) {
    return ParsedFile.rejected(file.identity(), format, reason);
  }
}
