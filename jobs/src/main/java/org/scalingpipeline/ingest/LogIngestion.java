package org.scalingpipeline.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
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

  /** Summary of a parsed file sent back to the driver: all but its rows and rejects. */
  private record Parsed(FileIdentity file, LogFormat format, Accounting accounting, List<RunRecord> runs,
      Map<String, Long> rowsPerRun) implements Serializable {

    static Parsed of(ParsedFile p) {
      return new Parsed(p.file(), p.format(), p.accounting(), p.runs(), p.rows().stream()
          .collect(Collectors.groupingBy(AcceptedRow::runId, Collectors.counting())));
    }

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
      List<Parsed> summaries = parsed.map(Parsed::of).collect();
      Map<String, FileStatus> statuses = new HashMap<>();
      for (Parsed s : summaries) {
        String before = known.get(s.file().path());
        statuses.put(s.file().path(), before == null ? FileStatus.NEW
            : before.equals(s.file().sha256()) ? FileStatus.UNCHANGED : FileStatus.MODIFIED);
      }
      List<Parsed> toWrite = summaries.stream().filter(s -> statuses.get(s.file().path()) != FileStatus.UNCHANGED)
          .toList();
      Set<String> written = toWrite.stream().map(s -> s.file().path()).collect(Collectors.toSet());
      Map<String, Accounting> stored = toWrite.isEmpty() ? Map.of()
          : write(toWrite, parsed.filter(p -> written.contains(p.file().path())), statuses);
      return new Report(summaries.stream().map(s -> new FileReport(s.file().path(), s.format().label(),
          statuses.get(s.file().path()), stored.getOrDefault(s.file().path(), s.accounting()), s.runIds())).toList());
    } finally {
      parsed.unpersist(false);
    }
  }

  /**
   * Writes the files' rows, the files in order: a modified file's earlier points and rejects are deleted
   * first; a run or point another file gave first is a duplicate (nothing written) or a conflict (the row a
   * reject), by {@link RunClaims} and {@link PointClaims}. Returns each file's accounting as stored.
   */
  private Map<String, Accounting> write(List<Parsed> files, JavaRDD<ParsedFile> parsed,
      Map<String, FileStatus> statuses) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<String> modified = files.stream().map(f -> f.file().path())
        .filter(p -> statuses.get(p) == FileStatus.MODIFIED).toList();
    warehouse.delete("points", "source_file", modified);
    warehouse.delete("rejects", "source_file", modified);
    List<String> order = files.stream().map(f -> f.file().path()).toList();
    List<Object> runIds = files.stream().flatMap(f -> f.runIds().stream()).distinct().collect(Collectors.toList());
    RunClaims.Resolution runs = RunClaims.resolve(storedRuns(runIds, order),
        files.stream().flatMap(f -> f.runs().stream()).toList());
    Map<RunClaims.FileRun, String> refused = runs.refused();
    // the points as of now, pinned to this version: the claims must not see the points they write
    Dataset<Row> storedPoints = warehouse.table("points", warehouse.version("points"))
        .where(col("run_id").isin(runIds.toArray()));
    PointClaims.Outcome points = PointClaims.resolve(storedPoints,
        spark.createDataFrame(parsed.flatMap(p -> claims(p, order.indexOf(p.file().path()), refused, now)),
            PointClaims.CLAIMS), now);
    Dataset<Row> newPoints = points.points().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> conflicts = points.rejects().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> pointsByFile = countByFile(newPoints);
      Map<String, Long> conflictsByFile = countByFile(conflicts);
      warehouse.merge("runs", runs.toWrite().stream().map(r -> Rows.run(r, now)).toList());
      warehouse.merge("points", newPoints);
      if (!refused.isEmpty() || !conflictsByFile.isEmpty() || files.stream().anyMatch(f -> f.accounting().rejected() > 0)) {
        warehouse.merge("rejects", spark.createDataFrame(parsed.flatMap(p -> rejects(p, refused, now)), Schemas.REJECTS)
            .unionByName(conflicts));
      }
      Map<String, Accounting> stored = new HashMap<>();
      for (Parsed f : files) {
        String path = f.file().path();
        long refusedRows = conflictsByFile.getOrDefault(path, 0L) + f.rowsPerRun().entrySet().stream()
            .filter(e -> refused.containsKey(new RunClaims.FileRun(path, e.getKey()))).mapToLong(Map.Entry::getValue).sum();
        Accounting a = f.accounting();
        stored.put(path, new Accounting(a.read(), a.accepted() - refusedRows, a.rejected() + refusedRows,
            a.emptyCells(), pointsByFile.getOrDefault(path, 0L)));
      }
      warehouse.merge("ingested_files", files.stream()
          .map(f -> Rows.ingestedFile(f.file(), f.format().label(), stored.get(f.file().path()), now)).toList());
      return stored;
    } finally {
      newPoints.unpersist(false);
      conflicts.unpersist(false);
    }
  }

  /** A file's points as {@link PointClaims#CLAIMS} rows, leaving out the rows of its refused runs. */
  private static Iterator<Row> claims(ParsedFile p, int fileOrder, Map<RunClaims.FileRun, String> refused,
      Timestamp now) {
    String path = p.file().path();
    return p.rows().stream().filter(r -> !refused.containsKey(new RunClaims.FileRun(path, r.runId())))
        .flatMap(r -> r.points().stream().map(pt -> Rows.claim(pt, r, fileOrder, now))).iterator();
  }

  /** A file's rejects: those of its parse, then every accepted row of a run refused to it. */
  private static Iterator<Row> rejects(ParsedFile p, Map<RunClaims.FileRun, String> refused, Timestamp now) {
    String path = p.file().path();
    List<Row> rows = new ArrayList<>();
    p.rejects().forEach(r -> rows.add(Rows.reject(r, now)));
    for (AcceptedRow r : p.rows()) {
      String reason = refused.get(new RunClaims.FileRun(path, r.runId()));
      if (reason != null) {
        rows.add(Rows.reject(new Reject(path, r.line(), r.raw(), reason), now));
      }
    }
    return rows.iterator();
  }

  private static Map<String, Long> countByFile(Dataset<Row> rows) {
    Map<String, Long> counts = new HashMap<>();
    for (Row row : rows.groupBy("source_file").count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  /** The {@code runs} rows of these ids that a file outside this ingest described, by id. */
  private Map<String, Row> storedRuns(List<Object> runIds, List<String> files) {
    Map<String, Row> stored = new HashMap<>();
    for (Row row : warehouse.table("runs").where(col("run_id").isin(runIds.toArray())
        .and(not(col("source_file").isin(files.toArray())))).collectAsList()) {
      stored.put(row.getAs("run_id"), row);
    }
    return stored;
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
