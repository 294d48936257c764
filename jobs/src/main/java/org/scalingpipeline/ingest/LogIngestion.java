package org.scalingpipeline.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.scalingpipeline.warehouse.Schemas;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * Ingests log files into the warehouse: executors read and parse the files in parallel, and the
 * runs, points, rejects and file identities are merged into their Delta tables by key. A file whose
 * content (SHA-256) was ingested before is skipped; a file whose content changed since replaces
 * what it contributed. Running the same ingest twice therefore changes nothing.
 */
public final class LogIngestion {

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LogFiles logFiles;

  public LogIngestion(SparkSession spark, Warehouse warehouse, LogFiles logFiles) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.logFiles = logFiles;
  }

  /** What happened to a file: first seen, seen before with the same content, or changed since. */
  public enum FileStatus { NEW, UNCHANGED, MODIFIED }

  /** One file's outcome. */
  public record FileReport(String path, String format, FileStatus status, Accounting accounting,
      List<String> runIds) implements Serializable {}

  /** The outcome of one ingest: every file's report. */
  public record Report(List<FileReport> files) {

    /** The sum of the accountings of the files that were ingested (not skipped as unchanged). */
    public Accounting total() {
      return files.stream().filter(f -> f.status() != FileStatus.UNCHANGED).map(FileReport::accounting)
          .reduce(Accounting.ZERO, Accounting::plus);
    }

    /** The ids of runs that new or modified files contributed to. */
    public Set<String> touchedRuns() {
      return files.stream().filter(f -> f.status() != FileStatus.UNCHANGED)
          .flatMap(f -> f.runIds().stream()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** Summary of a parsed file sent back to the driver: all but its points and rejects. */
  private record Parsed(FileIdentity file, LogFormat format, Accounting accounting, List<RunRecord> runs,
      int rejectRows) implements Serializable {

    List<String> runIds() {
      return runs.stream().map(RunRecord::runId).toList();
    }
  }

  /** Reads, parses and merges the given files. */
  public Report ingest(List<String> paths) {
    if (paths.isEmpty()) {
      return new Report(List.of());
    }
    Map<String, String> known = knownHashes(paths);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LogFiles reader = logFiles;
    JavaRDD<ParsedFile> parsed = jsc.parallelize(paths, Math.max(1, Math.min(paths.size(), 64)))
        .map(reader::parse).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Parsed> summaries = parsed.map(p -> new Parsed(p.file(), p.format(), p.accounting(), p.runs(),
          p.rejects().size())).collect();
      List<FileReport> reports = new ArrayList<>();
      Set<String> toWrite = new HashSet<>();
      List<String> modified = new ArrayList<>();
      for (Parsed s : summaries) {
        String before = known.get(s.file().path());
        FileStatus status = before == null ? FileStatus.NEW
            : before.equals(s.file().sha256()) ? FileStatus.UNCHANGED : FileStatus.MODIFIED;
        reports.add(new FileReport(s.file().path(), s.format().label(), status, s.accounting(), s.runIds()));
        if (status != FileStatus.UNCHANGED) {
          toWrite.add(s.file().path());
        }
        if (status == FileStatus.MODIFIED) {
          modified.add(s.file().path());
        }
      }
      if (!toWrite.isEmpty()) {
        write(summaries.stream().filter(s -> toWrite.contains(s.file().path())).toList(),
            parsed.filter(p -> toWrite.contains(p.file().path())), modified);
      }
      return new Report(reports);
    } finally {
      parsed.unpersist(false);
    }
  }

  /** Writes the files' rows: runs and file identities from the summaries, points and rejects from the executors. */
  private void write(List<Parsed> files, JavaRDD<ParsedFile> parsed, List<String> modified) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    warehouse.delete("points", "source_file", modified);
    warehouse.delete("rejects", "source_file", modified);
    warehouse.merge("runs", files.stream().flatMap(f -> f.runs().stream()).map(r -> Rows.run(r, now)).toList());
    warehouse.merge("points", spark.createDataFrame(
        parsed.flatMap(p -> p.points().stream().map(pt -> Rows.point(pt, now)).iterator()), Schemas.POINTS));
    if (files.stream().anyMatch(f -> f.rejectRows() > 0)) {
      warehouse.merge("rejects", spark.createDataFrame(
          parsed.flatMap(p -> p.rejects().stream().map(r -> Rows.reject(r, now)).iterator()), Schemas.REJECTS));
    }
    warehouse.merge("ingested_files", files.stream()
        .map(f -> Rows.ingestedFile(f.file(), f.format().label(), f.accounting(), now)).toList());
  }

  /** The SHA-256 recorded for each of the paths that was ingested before. */
  private Map<String, String> knownHashes(List<String> paths) {
    Map<String, String> known = new HashMap<>();
    for (Row row : warehouse.table("ingested_files").where(col("source_file").isin(paths.toArray()))
        .select("source_file", "sha256").collectAsList()) {
      known.put(row.getString(0), row.getString(1));
    }
    return known;
  }
}
