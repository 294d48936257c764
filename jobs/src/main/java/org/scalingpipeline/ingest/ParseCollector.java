package org.scalingpipeline.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gathers what a parser finds in one file and keeps the row accounting. */
final class ParseCollector {

  private final InputFile file;
  private final LogFormat format;
  private final Map<String, RunRecord> runs = new LinkedHashMap<>();
  private final List<PointRecord> points = new ArrayList<>();
  private final List<Reject> rejects = new ArrayList<>();
  private long accepted;
  private long emptyCells;

  ParseCollector(InputFile file, LogFormat format) {
    this.file = file;
    this.format = format;
  }

  String path() {
    return file.path();
  }

  void acceptRow() {
    accepted++;
  }

  void emptyCell() {
    emptyCells++;
  }

  void reject(long line, String raw, String reason) {
    rejects.add(new Reject(path(), line, raw, reason));
  }

  void run(RunRecord run) {
    runs.put(run.runId(), run);
  }

  RunRecord run(String runId) {
    return runs.get(runId);
  }

  void point(PointRecord point) {
    points.add(point);
  }

  ParsedFile result() {
    Accounting accounting = new Accounting(accepted + rejects.size(), accepted, rejects.size(),
        emptyCells, points.size());
    return new ParsedFile(file.identity(), format, List.copyOf(runs.values()), points, rejects, accounting);
  }

  /** The result when the whole file is at fault: nothing gathered so far counts. */
  ParsedFile wholeFileRejected(String reason) {
    return ParsedFile.rejected(file.identity(), format, reason);
  }
}
