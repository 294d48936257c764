package org.scalingpipeline.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers what a parser finds in one file and keeps the row accounting. The parser says which row it reads
 * ({@link #at}), then accepts it for a run ({@link #acceptRow}) with the points it gave, or rejects it. When
 * the file is streamed ({@link InputFile#sink()}), rows and rejects go on to the sink as they are found and
 * only counts and runs are kept. A (run, metric, step) the file gives twice follows {@link RepeatedPoints}, for every
 * reader alike.
 */
final class ParseCollector {

  private final InputFile file;
  private final LogFormat format;
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final List<AcceptedRow> rows = new ArrayList<>();
  private final List<Reject> rejects = new ArrayList<>();
  private final Map<String, Long> rowsPerRun = new HashMap<>();
  private final ParseSink sink;
  private final RepeatedPoints repeats = new RepeatedPoints();
  private long accepted;
  private long rejected;
  private long points;
  private long emptyCells;
  private long line;
  private String raw;
  private String rowRun;
  private boolean rowRefused;
  private final List<PointRecord> rowPoints = new ArrayList<>();

  ParseCollector(InputFile file, LogFormat format) {
    this.file = file;
    this.format = format;
    this.sink = file.sink();
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

  /** Accepts the current row as a row of a run, unless it was rejected. */
  void acceptRow(String runId) {
    if (!rowRefused) {
      rowRun = runId;
    }
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
      rowRefused = true;
      rowPoints.clear();
    }
    emit(new Reject(path(), line, raw, reason, detail));
  }

  private void emit(Reject reject) {
    rejected++;
    if (sink != null) {
      sink.reject(reject);
    } else {
      rejects.add(reject);
    }
  }

  /** Declares a run as its log describes it; the run manifest's rows for it apply over that. */
  void run(RunRecord run) {
    runs.put(run.runId(), file.conventions().runManifest().apply(run));
  }

  RunRecord run(String runId) {
    return runs.get(runId);
  }

  /**
   * A point of the current row, its name and unit made canonical ({@link PointRecord#canonical}), its tokens and
   * FLOPs from its run's per-step figures where the log gives none; a unit outside the vocabulary, a value with no
   * meaning in its unit or a figure that overflows rejects the row.
   */
  void point(PointRecord point) {
    if (rowRefused) {
      return;
    }
    RunRecord run = runs.get(point.runId());
    try {
      rowPoints.add(point.canonical(file.conventions().metricMap(), run == null ? "" : run.source())
          .withPerStepFigures(run));
    } catch (Cells.BadCell e) {
      reject(line, raw, point.metric() + ": " + e.getMessage());
    }
  }

  /**
   * Ends the current row: an accepted row keeps the points that are new to the file, an exact repeat of an earlier
   * row's point left out; a point that repeats an earlier one with other figures rejects the row
   * ({@link RepeatedPoints}).
   */
  private void endRow() {
    List<PointRecord> kept = null;
    if (rowRun != null) {
      try {
        kept = repeats.claim(rowPoints, line);
      } catch (RepeatedPoints.Conflict conflict) {
        rowRun = null;
        rowPoints.clear();
        emit(new Reject(path(), line, raw, RepeatedPoints.REASON, conflict.getMessage()));
      }
    }
    if (rowRun != null) {
      AcceptedRow row = new AcceptedRow(line, raw, rowRun, kept);
      accepted++;
      rowsPerRun.merge(rowRun, 1L, Long::sum);
      points += kept.size();
      if (sink != null) {
        sink.row(row);
      } else {
        rows.add(row);
      }
    } else if (!rowPoints.isEmpty()) {
      throw new IllegalStateException("line " + line + " of " + path() + " gave points but was not accepted");
    }
    rowRun = null;
    rowRefused = false;
    rowPoints.clear();
  }

  ParsedFile result() {
    endRow();
    Accounting accounting = new Accounting(accepted + rejected, accepted, rejected, emptyCells, points);
    return new ParsedFile(file.identity(), format, List.copyOf(runs.values()), rows, rejects, accounting,
        rowsPerRun, false);
  }

  /** The result when the whole file is at fault: nothing gathered (or streamed) so far counts. */
  ParsedFile wholeFileRejected(String reason) {
    return ParsedFile.rejected(file.identity(), format, reason);
  }
}
