package org.scalingpipeline.refit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.Accounting;
import org.scalingpipeline.warehouse.Schemas;
import org.scalingpipeline.warehouse.Warehouse;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The {@code refit_log} table: one row per unit of work, written as {@code started} before the unit
 * touches any table and as {@code finished} at its end. The started row fixes the unit's
 * {@code fit_version}, so a unit replayed after a crash writes its fits under the same version.
 */
final class RefitLog {

  static final String STARTED = "started";
  static final String FINISHED = "finished";

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final String checkpoint;

  RefitLog(SparkSession spark, Warehouse warehouse, String checkpoint) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.checkpoint = checkpoint;
  }

  /** The row of a unit, if it was started before. */
  Optional<UnitReport> find(String unit) {
    return warehouse.table("refit_log").where(col("checkpoint").equalTo(checkpoint).and(col("unit").equalTo(unit)))
        .collectAsList().stream().findFirst().map(RefitLog::report);
  }

  /** Started sweeps that never finished (the stream replays its own batches). */
  List<UnitReport> unfinishedSweeps() {
    return warehouse.table("refit_log").where(col("checkpoint").equalTo(checkpoint)
            .and(col("status").equalTo(STARTED)).and(col("batch_id").isNull()))
        .orderBy("started_at").collectAsList().stream().map(RefitLog::report).toList();
  }

  /** Records a new unit's started row; the caller found no row for it (and holds the warehouse lock). */
  void start(UnitReport report) {
    warehouse.append("refit_log", spark.createDataFrame(List.of(row(report)), Schemas.REFIT_LOG));
  }

  /** Replaces a unit's row with its finished one. */
  void finish(UnitReport report) {
    warehouse.merge("refit_log", List.of(row(report)));
  }

  /**
   * What {@code ingested_files} recorded for those of the files ingested at or after a time (by a unit
   * started then, whose replay finds them unchanged), by path.
   */
  static Map<String, Accounting> ingestedSince(Warehouse warehouse, List<String> files, Timestamp since) {
    Map<String, Accounting> recorded = new HashMap<>();
    for (Row r : warehouse.table("ingested_files").where(col("source_file").isin(files.toArray())
            .and(col("ingested_at").geq(lit(since))))
        .select("source_file", "rows_read", "rows_accepted", "rows_rejected", "empty_cells", "points").collectAsList()) {
      recorded.put(r.getString(0), new Accounting(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)));
    }
    return recorded;
  }

  private Row row(UnitReport r) {
    return RowFactory.create(checkpoint, r.unit(), r.batchId(), r.status(),
        CollectionConverters.asScala(r.files()).toSeq(), r.filesSeen(), r.filesNew(), r.filesUnchanged(),
        r.filesModified(), r.filesQuarantined(), r.rowsAccepted(), r.rowsRejected(), r.groupsRefit(),
        r.fitVersion(), r.durationSeconds(), r.startedAt(), r.finishedAt());
  }

  private static UnitReport report(Row row) {
    return new UnitReport(row.getAs("unit"), row.getAs("batch_id"), row.getAs("status"), row.getList(row.fieldIndex("files")),
        row.getAs("files_seen"), row.getAs("files_new"), row.getAs("files_unchanged"), row.getAs("files_modified"),
        row.getAs("files_quarantined"), row.getAs("rows_accepted"), row.getAs("rows_rejected"),
        row.getAs("groups_refit"), row.getAs("fit_version"), row.getAs("duration_s"), row.<Timestamp>getAs("started_at"),
        row.<Timestamp>getAs("finished_at"));
  }
}
