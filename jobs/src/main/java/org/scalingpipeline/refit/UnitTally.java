package org.scalingpipeline.refit;

import java.util.List;
import java.util.Map;
import org.scalingpipeline.ingest.Accounting;
import org.scalingpipeline.ingest.LogIngestion;
import org.scalingpipeline.ingest.LogIngestion.FileReport;
import org.scalingpipeline.ingest.LogIngestion.FileStatus;

/**
 * The counts of a unit's {@code refit_log} row: files new, unchanged, modified and quarantined, and
 * the rows of the files it ingested. A replay after a crash finds the files the interrupted attempt
 * ingested unchanged, and the ones it quarantined gone; {@link #replayed} counts those as the unit's
 * own, from what {@code ingested_files} recorded for them, so the row says what the unit did, as after
 * a clean run.
 */
record UnitTally(long fresh, long unchanged, long modified, long quarantined, Accounting rows) {

  /** The counts of one ingest, with the number of files quarantined. */
  static UnitTally of(LogIngestion.Report report, long quarantined) {
    return new UnitTally(count(report, FileStatus.NEW), count(report, FileStatus.UNCHANGED),
        count(report, FileStatus.MODIFIED), quarantined, report.total());
  }

  /**
   * These counts with the unit's own earlier work added: a file found unchanged whose ingest the unit
   * recorded ({@code own}, by path) counts as new with its rows; a file gone since the unit started
   * and recorded by it counts as new too, and as quarantined when it had no accepted row.
   */
  UnitTally replayed(LogIngestion.Report report, List<String> files, List<String> present,
      Map<String, Accounting> own) {
    long fresh = this.fresh;
    long unchanged = this.unchanged;
    long quarantined = this.quarantined;
    Accounting rows = this.rows;
    for (FileReport file : report.files()) {
      if (file.status() == FileStatus.UNCHANGED && own.containsKey(file.path())) {
        fresh++;
        unchanged--;
        rows = rows.plus(file.accounting());
      }
    }
    for (String file : files) {
      Accounting recorded = own.get(file);
      if (recorded != null && !present.contains(file)) {
        fresh++;
        rows = rows.plus(recorded);
        quarantined += recorded.accepted() == 0 && recorded.rejected() > 0 ? 1 : 0;
      }
    }
    return new UnitTally(fresh, unchanged, modified, quarantined, rows);
  }

  private static long count(LogIngestion.Report report, FileStatus status) {
    return report.files().stream().filter(f -> f.status() == status).count();
  }
}
