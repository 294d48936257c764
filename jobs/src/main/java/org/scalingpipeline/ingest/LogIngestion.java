package org.scalingpipeline.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.not;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
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

  /**
   * What happened to a file: first seen, seen before with the same content, changed since, or unchanged but read
   * again because another file of one of its runs changed (what the changed file gave is replaced, and a point
   * both files gave must then come from this one).
   */
  public enum FileStatus { NEW, UNCHANGED, MODIFIED, REREAD }

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

  /**
   * Reads, parses and merges the given files. The parses are streamed ({@link LogFiles#stream}): the tasks keep
   * their rows in the block store, spilling to disk, and only the files' summaries reach the driver, so no file needs to
   * fit in memory.
   */
  public Report ingest(List<String> paths) {
    if (paths.isEmpty()) {
      return new Report(List.of());
    }
    Map<String, String> known = knownHashes(paths);
    JavaRDD<ParseItem> items = parse(paths);
    List<JavaRDD<ParseItem>> parses = new ArrayList<>(List.of(items));
    try {
      List<ParsedFile> summaries = new ArrayList<>(summaries(items));
      Map<String, FileStatus> statuses = new HashMap<>();
      for (ParsedFile s : summaries) {
        String before = known.get(s.file().path());
        statuses.put(s.file().path(), before == null ? FileStatus.NEW
            : before.equals(s.file().sha256()) ? FileStatus.UNCHANGED : FileStatus.MODIFIED);
      }
      List<ParsedFile> modified = summaries.stream()
          .filter(s -> statuses.get(s.file().path()) == FileStatus.MODIFIED).toList();
      Set<String> modifiedRuns = modified.stream().flatMap(f -> f.runIds().stream()).collect(Collectors.toSet());
      for (ParsedFile s : summaries) {
        if (statuses.get(s.file().path()) == FileStatus.UNCHANGED && s.runIds().stream().anyMatch(modifiedRuns::contains)) {
          statuses.put(s.file().path(), FileStatus.REREAD);
        }
      }
      List<String> reread = filesSharingRuns(modified, paths);
      if (!reread.isEmpty()) {
        JavaRDD<ParseItem> more = parse(reread);
        parses.add(more);
        items = items.union(more);
        for (ParsedFile s : summaries(more)) {
          summaries.add(s);
          statuses.put(s.file().path(), FileStatus.REREAD);
        }
      }
      List<ParsedFile> toWrite = summaries.stream()
          .filter(s -> statuses.get(s.file().path()) != FileStatus.UNCHANGED).toList();
      Set<String> written = toWrite.stream().filter(s -> !s.wholeFileRejected()).map(s -> s.file().path())
          .collect(Collectors.toSet());
      Map<String, Accounting> stored = toWrite.isEmpty() ? Map.of()
          : write(toWrite, items.filter(i -> !i.isSummary() && written.contains(i.path())), statuses);
      return new Report(summaries.stream().map(s -> new FileReport(s.file().path(), s.format().label(),
          statuses.get(s.file().path()), stored.getOrDefault(s.file().path(), s.accounting()), s.runIds())).toList());
    } finally {
      parses.forEach(p -> p.unpersist(false));
    }
  }

  /** The files' parses, streamed, kept by the tasks (spilling to disk) until the ingest is done. */
  private JavaRDD<ParseItem> parse(List<String> paths) {
    LogFiles reader = logFiles;
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(paths, Math.max(1, Math.min(paths.size(), 64)))
        .flatMap(reader::stream).persist(StorageLevel.MEMORY_AND_DISK_SER());
  }

  private static List<ParsedFile> summaries(JavaRDD<ParseItem> items) {
    return items.filter(ParseItem::isSummary).map(ParseItem::summary).collect();
  }

  /**
   * The files outside this ingest that gave rows to a run of the changed files (the runs they give now and those
   * {@code ingested_files} recorded for them): they are read again, so a point that a changed file no longer
   * gives, but another file gave too, is kept from that file.
   */
  private List<String> filesSharingRuns(List<ParsedFile> changed, List<String> paths) {
    if (changed.isEmpty()) {
      return List.of();
    }
    List<String> changedPaths = changed.stream().map(f -> f.file().path()).toList();
    Set<String> runIds = changed.stream().flatMap(f -> f.runIds().stream()).collect(Collectors.toSet());
    warehouse.table("ingested_files").where(col("source_file").isin(changedPaths.toArray()).and(col("run_ids").isNotNull()))
        .select(explode(col("run_ids"))).as(Encoders.STRING()).collectAsList().forEach(runIds::add);
    if (runIds.isEmpty()) {
      return List.of();
    }
    return warehouse.table("ingested_files")
        .where(arrays_overlap(col("run_ids"), array(runIds.stream().map(functions::lit).toArray(Column[]::new)))
            .and(not(col("source_file").isin(paths.toArray()))))
        .select("source_file").as(Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  /**
   * Writes the files' rows, the files in order: a modified file's earlier points and rejects are deleted
   * first; a run or point another file gave first is a duplicate (nothing written) or a conflict (the row a
   * reject), by {@link RunClaims} and {@link PointClaims}. Returns each file's accounting as stored.
   *
   * @param items the rows and rejects of the files that are not rejected whole
   */
  private Map<String, Accounting> write(List<ParsedFile> files, JavaRDD<ParseItem> items,
      Map<String, FileStatus> statuses) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<String> modified = files.stream().map(f -> f.file().path())
        .filter(p -> statuses.get(p) == FileStatus.MODIFIED || statuses.get(p) == FileStatus.REREAD).toList();
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
        spark.createDataFrame(items.flatMap(i -> claims(i, order.indexOf(i.path()), refused, now)),
            PointClaims.CLAIMS), now);
    Dataset<Row> newPoints = points.points().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> conflicts = points.rejects().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> pointsByFile = countByFile(newPoints);
      Map<String, Long> conflictsByFile = countByFile(conflicts);
      warehouse.merge("runs", runs.toWrite().stream().map(r -> Rows.run(r, now)).toList());
      warehouse.merge("points", newPoints);
      List<Row> wholeFileRejects = files.stream().filter(ParsedFile::wholeFileRejected)
          .flatMap(f -> f.rejects().stream()).map(r -> Rows.reject(r, now)).toList();
      if (!refused.isEmpty() || !conflictsByFile.isEmpty() || files.stream().anyMatch(f -> f.accounting().rejected() > 0)) {
        warehouse.merge("rejects", spark.createDataFrame(items.flatMap(i -> rejects(i, refused, now)), Schemas.REJECTS)
            .unionByName(spark.createDataFrame(wholeFileRejects, Schemas.REJECTS)).unionByName(conflicts));
      }
      Map<String, Accounting> stored = new HashMap<>();
      for (ParsedFile f : files) {
        String path = f.file().path();
        long refusedRows = conflictsByFile.getOrDefault(path, 0L) + f.rowsPerRun().entrySet().stream()
            .filter(e -> refused.containsKey(new RunClaims.FileRun(path, e.getKey()))).mapToLong(Map.Entry::getValue).sum();
        Accounting a = f.accounting();
        stored.put(path, new Accounting(a.read(), a.accepted() - refusedRows, a.rejected() + refusedRows,
            a.emptyCells(), pointsByFile.getOrDefault(path, 0L)));
      }
      warehouse.merge("ingested_files", files.stream()
          .map(f -> Rows.ingestedFile(f.file(), f.format().label(), stored.get(f.file().path()), f.runIds(), now))
          .toList());
      return stored;
    } finally {
      newPoints.unpersist(false);
      conflicts.unpersist(false);
    }
  }

  /** The accepted rows' points as {@link PointClaims#CLAIMS} rows, none for a row of a refused run. */
  private static Iterator<Row> claims(ParseItem item, int fileOrder, Map<RunClaims.FileRun, String> refused,
      Timestamp now) {
    return item.rows().stream()
        .filter(r -> !refused.containsKey(new RunClaims.FileRun(item.path(), r.runId())))
        .flatMap(r -> r.points().stream().map(pt -> Rows.claim(pt, r, fileOrder, now))).iterator();
  }

  /** The rejects of the parse, and the accepted rows of a run refused to its file as rejects. */
  private static Iterator<Row> rejects(ParseItem item, Map<RunClaims.FileRun, String> refused, Timestamp now) {
    Stream<Row> found = item.rejects().stream().map(r -> Rows.reject(r, now));
    Stream<Row> ofRefusedRuns = refused.isEmpty() ? Stream.empty() : item.rows().stream()
        .filter(r -> refused.containsKey(new RunClaims.FileRun(item.path(), r.runId())))
        .map(r -> Rows.reject(new Reject(item.path(), r.line(), r.raw(),
            refused.get(new RunClaims.FileRun(item.path(), r.runId()))), now));
    return Stream.concat(found, ofRefusedRuns).iterator();
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
