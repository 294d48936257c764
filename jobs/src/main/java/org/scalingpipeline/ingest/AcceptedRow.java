package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * An input row a parser accepted: where it is, its text, the run it belongs to and the points it gave (none
 * for a run record, a status record or a row of empty cells). The ingest keeps the row so that it can still
 * turn it into a reject when it conflicts with another file ({@code data/log-format.md}, "One run in two
 * files").
 */
public record AcceptedRow(long line, String raw, String runId, List<PointRecord> points) implements Serializable {

  public AcceptedRow {
    points = List.copyOf(points);
  }
}
