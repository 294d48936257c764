package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything one input file yielded: its identity, runs, accepted rows (with their points), rejects and the
 * accounting. A streamed parse ({@link StreamedParse}) sends its rows and rejects on as it finds them: its
 * {@code ParsedFile} is the summary, with empty {@code rows} and {@code rejects} and the rest complete.
 *
 * @param rowsPerRun how many accepted rows each run has
 * @param wholeFileRejected true when the file was rejected as a whole: whatever a streamed parse sent before
 *     it found that out does not count, only the whole-file reject (line 0)
 */
public record ParsedFile(FileIdentity file, LogFormat format, List<RunRecord> runs,
    List<AcceptedRow> rows, List<Reject> rejects, Accounting accounting, Map<String, Long> rowsPerRun,
    boolean wholeFileRejected) implements Serializable {

  public ParsedFile {
    runs = List.copyOf(runs);
    rows = List.copyOf(rows);
    rejects = List.copyOf(rejects);
    rowsPerRun = Map.copyOf(rowsPerRun);
  }

  /** The points of the accepted rows, in file order. */
  public List<PointRecord> points() {
    return rows.stream().flatMap(r -> r.points().stream()).toList();
  }

  /** The ids of the file's runs. */
  public List<String> runIds() {
    return runs.stream().map(RunRecord::runId).toList();
  }

  /** A file that could not be read as data at all: one whole-file reject, nothing accepted. */
  public static ParsedFile rejected(FileIdentity file, LogFormat format, String reason) {
    return new ParsedFile(file, format, List.of(), List.of(), List.of(Reject.wholeFile(file.path(), reason)),
        new Accounting(1, 0, 1, 0, 0), Map.of(), true);
  }
}
