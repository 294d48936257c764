package org.scalingpipeline.refit;

import java.sql.Timestamp;
import java.util.List;

/**
 * What one unit of a refit did (a {@code refit_log} row): a landing batch ({@code batch-<id>}) or a
 * {@link LandingSweep} of files the stream does not deliver ({@code sweep-<hash>}).
 */
public record UnitReport(String unit, Long batchId, String status, List<String> files, long filesSeen, long filesNew,
    long filesUnchanged, long filesModified, long filesQuarantined, long rowsAccepted, long rowsRejected,
    long groupsRefit, long fitVersion, Double durationSeconds, Timestamp startedAt, Timestamp finishedAt) {

  public UnitReport {
    files = List.copyOf(files);
  }

  /** A unit about to start: nothing counted yet. */
  static UnitReport started(String unit, Long batchId, List<String> files, long fitVersion) {
    return new UnitReport(unit, batchId, RefitLog.STARTED, files, files.size(), 0, 0, 0, 0, 0, 0, 0, fitVersion, null,
        new Timestamp(System.currentTimeMillis()), null);
  }

  /** The line a refit prints for the unit. */
  public String line() {
    return String.format("%s: %d files (%d new, %d unchanged, %d modified, %d quarantined), rows accepted %,d"
        + " rejected %,d, %d groups refit as fit_version %d in %.1f s", unit, filesSeen, filesNew, filesUnchanged,
        filesModified, filesQuarantined, rowsAccepted, rowsRejected, groupsRefit, fitVersion,
        durationSeconds == null ? 0.0 : durationSeconds);
  }
}
