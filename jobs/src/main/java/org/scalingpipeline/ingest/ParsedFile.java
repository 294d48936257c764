package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.util.List;

/** Everything one input file yielded: its identity, runs, accepted rows (with their points), rejects and the accounting. */
public record ParsedFile(FileIdentity file, LogFormat format, List<RunRecord> runs,
    List<AcceptedRow> rows, List<Reject> rejects, Accounting accounting) implements Serializable {

  public ParsedFile {
    runs = List.copyOf(runs);
    rows = List.copyOf(rows);
    rejects = List.copyOf(rejects);
  }

  /** The points of the accepted rows, in file order. */
  public List<PointRecord> points() {
    return rows.stream().flatMap(r -> r.points().stream()).toList();
  }

  /** A file that could not be read as data at all: one whole-file reject, nothing accepted. */
  public static ParsedFile rejected(FileIdentity file, LogFormat format, String reason) {
    return new ParsedFile(file, format, List.of(), List.of(),
        List.of(Reject.wholeFile(file.path(), reason)), new Accounting(1, 0, 1, 0, 0));
  }
}
