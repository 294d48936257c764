package org.scalingpipeline.jobs;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.Accounting;
import org.scalingpipeline.ingest.InputFile;
import org.scalingpipeline.ingest.LogFiles;
import org.scalingpipeline.ingest.LogIngestion;
import org.scalingpipeline.ingest.LogIngestion.FileReport;
import org.scalingpipeline.ingest.LogIngestion.FileStatus;
import org.scalingpipeline.ingest.PerceiverArManifest;
import org.scalingpipeline.ingest.PublishedTables;
import org.scalingpipeline.ingest.Reject;
import org.scalingpipeline.ingest.Rows;
import org.scalingpipeline.ingest.SeedData;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * Ingests every source into the warehouse: the routed-LM curves, the Perceiver AR exports joined
 * to their experiment manifest, the published Chinchilla estimates and reference laws, and any
 * folders of generic training logs. Prints one accounting line per source,
 * {@code read = accepted + rejected (+ empty cells)}.
 */
public final class IngestSourcesJob {

  private IngestSourcesJob() {}

  /**
   * What to ingest.
   *
   * @param dataDir the data directory holding the seed files
   * @param warehouse the warehouse folder or URI
   * @param seeds whether to ingest the seed sources of the data directory
   * @param logs further files or folders of training logs
   * @param manifest a Perceiver AR manifest replacing the bundled one, or null
   */
  public record Options(Path dataDir, String warehouse, boolean seeds, List<String> logs, Path manifest) {

    /** The seed sources of a data directory into a warehouse. */
    public static Options seeds(Path dataDir, String warehouse) {
      return new Options(dataDir, warehouse, true, List.of(), null);
    }
  }

  /** Per-source accounting and the files' reports. */
  public record Result(List<FileReport> files, List<Source> sources) {

    /** The accounting of one source (a format, or a published table). */
    public record Source(String name, Accounting accounting) {}

    /** The accounting of the source with the given name. */
    public Accounting source(String name) {
      return sources.stream().filter(s -> s.name().equals(name)).map(Source::accounting).findFirst()
          .orElse(Accounting.ZERO);
    }
  }

  /** Entry point for {@code spark-submit}: the arguments of {@code scaling ingest}. */
  public static void main(String[] args) {
    Launcher.exitWith("ingest", args);
  }

  /** Runs the ingest. */
  public static Result run(SparkSession spark, Options options) {
    try (WarehouseLock lock = WarehouseLock.acquire(options.warehouse(), "ingest")) {
      return run(spark, options, Warehouse.open(spark, options.warehouse()));
    }
  }

  private static Result run(SparkSession spark, Options options, Warehouse warehouse) {
    PerceiverArManifest manifest = options.manifest() == null ? PerceiverArManifest.bundled()
        : PerceiverArManifest.fromFile(options.manifest());
    LogFiles logFiles = new LogFiles(spark.sparkContext().hadoopConfiguration(), manifest);
    List<String> files = new ArrayList<>();
    List<Result.Source> published = new ArrayList<>();
    if (options.seeds()) {
      files.addAll(logFiles.list(SeedData.require(options.dataDir(), "routing/curves.csv.gz").toAbsolutePath().toString()));
      files.addAll(logFiles.list(SeedData.requireDirectory(options.dataDir(), "perceiver-ar/validation")
          .toAbsolutePath().toString()));
      published.add(ingestPublished(warehouse, logFiles, options.dataDir()));
    }
    for (String location : options.logs()) {
      files.addAll(logFiles.list(location));
    }
    LogIngestion.Report report = new LogIngestion(spark, warehouse, logFiles).ingest(files);
    List<Result.Source> sources = new ArrayList<>();
    report.files().stream().map(FileReport::format).distinct().sorted().forEach(format ->
        sources.add(new Result.Source(format, report.files().stream()
            .filter(f -> f.format().equals(format) && f.status() != FileStatus.UNCHANGED)
            .map(FileReport::accounting).reduce(Accounting.ZERO, Accounting::plus))));
    sources.addAll(published);
    for (FileReport f : report.files()) {
      System.out.println((f.status() == FileStatus.UNCHANGED ? "unchanged, skipped: " + f.path()
          : f.accounting().line(f.path() + switch (f.status()) {
            case MODIFIED -> " (modified since last ingest)";
            case REREAD -> " (read again: another file of its runs changed)";
            default -> "";
          })));
    }
    sources.forEach(s -> System.out.println(s.accounting().line("source " + s.name())));
    return new Result(report.files(), sources);
  }

  /** The Chinchilla estimate tables and the reference laws, read on the driver (a few rows each). */
  private static Result.Source ingestPublished(Warehouse warehouse, LogFiles logFiles, Path dataDir) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    warehouse.merge("reference_laws", PublishedTables.referenceLaws());
    List<Row> rows = new ArrayList<>();
    List<Row> rejects = new ArrayList<>();
    List<Row> files = new ArrayList<>();
    Accounting accounting = Accounting.ZERO;
    String paper = "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models";
    for (String[] table : List.of(new String[] {"1", "Table 3"}, new String[] {"2", "Table A3"})) {
      Path path = SeedData.require(dataDir, "chinchilla/approach_" + table[0] + ".csv");
      InputFile file = logFiles.open(logFiles.list(path.toAbsolutePath().toString()).get(0));
      PublishedTables.Allocations allocations = PublishedTables.allocations(file,
          "chinchilla-approach-" + table[0], paper + ", " + table[1]);
      rows.addAll(allocations.rows());
      for (Reject r : allocations.rejects()) {
        rejects.add(Rows.reject(r, now));
      }
      accounting = accounting.plus(allocations.accounting());
      files.add(Rows.ingestedFile(file.identity(), "chinchilla-estimates", allocations.accounting(), List.of(), now));
      System.out.println(allocations.accounting().line(file.identity().path()));
    }
    warehouse.merge("published_allocations", rows);
    warehouse.merge("rejects", rejects);
    warehouse.merge("ingested_files", files);
    return new Result.Source("chinchilla-estimates", accounting);
  }
}
