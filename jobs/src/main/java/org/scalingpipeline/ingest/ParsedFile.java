package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.util.List;

/** Everything one input file yielded: its identity, runs, points, rejects and the accounting. */
public record ParsedFile(FileIdentity file, LogFormat format, List<RunRecord> runs,
    List<PointRecord> points, List<Reject> rejects, Accounting accounting) implements Serializable {

  public ParsedFile {
    runs = List.copyOf(runs);
    points = List.copyOf(points);
    rejects = List.copyOf(rejects);
  }

  /** A file that could not be read as data at all: one whole-file reject, nothing accepted. */
  public static ParsedFile rejected(FileIdentity file, LogFormat format, String reason) {
    return new ParsedFile(file, format, List.of(), List.of(),
        List.of(Reject.wholeFile(file.path(), reason)), new Accounting(1, 0, 1, 0, 0));
  }
}
