package org.scalingpipeline.refit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.fit.FitPlanRunner;
import org.scalingpipeline.ingest.LogIngestion;
import org.scalingpipeline.ingest.LogIngestion.FileReport;
import org.scalingpipeline.ingest.LogIngestion.FileStatus;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * One unit of a refit, start to end: ingest the unit's files through {@link LogIngestion} (MERGE by
 * run and point identity, so a replay changes nothing), quarantine the malformed ones, then refit
 * the groups of every run-based plan entry that hold a touched run, over each group's full history,
 * under the unit's own {@code fit_version}. The unit's {@code refit_log} row is written as started
 * before anything else and as finished at the end; a unit found started is a replay after a crash,
 * which reuses the recorded fit version and files, refits every run its files contribute to, and
 * counts what its files contributed ({@link UnitTally#replayed}). A landed file that is not a regular
 * file is quarantined without being opened.
 */
final class LandingRefit {

  /** The quarantine reason of a file that is not a regular file. */
  private static final String NOT_REGULAR = "(not a regular file: a FIFO, device or socket; never opened)";

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final LogIngestion ingestion;
  private final FitPlan plan;
  private final RefitLog log;
  private final Quarantine quarantine;
  private final RefitHook hook;

  LandingRefit(SparkSession spark, Warehouse warehouse, LogIngestion ingestion, FitPlan plan, RefitLog log,
      Quarantine quarantine, RefitHook hook) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.ingestion = ingestion;
    this.plan = plan;
    this.log = log;
    this.quarantine = quarantine;
    this.hook = hook;
  }

  /** Runs a unit, or does nothing when it finished before; returns its report. */
  UnitReport run(String unit, Long batchId, List<String> offered) {
    long start = System.nanoTime();
    Optional<UnitReport> prior = log.find(unit);
    if (prior.isPresent() && prior.get().status().equals(RefitLog.FINISHED)) {
      System.out.println("[refit] " + unit + " finished before; nothing to do");
      return prior.get();
    }
    UnitReport started = prior.orElseGet(() -> UnitReport.started(unit, batchId, offered, warehouse.nextFitVersion()));
    if (prior.isEmpty()) {
      log.start(started);
    } else {
      System.out.println("[refit] " + unit + " was interrupted; replaying it under fit_version " + started.fitVersion());
    }
    // a replay works on the files the unit started with (Spark's replayed batch leaves out the quarantined)
    List<String> files = started.files();
    Map<String, Long> before = FitInputs.versions(warehouse);
    List<String> present = existing(files);
    List<String> irregular = present.stream().filter(f -> !regular(f)).toList();
    irregular.forEach(f -> quarantine.move(f, unit, NOT_REGULAR));
    LogIngestion.Report report = ingestion.ingest(present.stream().filter(f -> !irregular.contains(f)).toList());
    hook.afterIngest(unit);
    report.files().stream().filter(f -> f.status() == FileStatus.MODIFIED)
        .forEach(f -> System.out.println("[refit] modified after it was ingested (replaced): " + f.path()));
    List<FileReport> malformed = report.files().stream().filter(Quarantine::malformed).toList();
    malformed.forEach(f -> quarantine.move(f, unit));
    Set<String> touched = prior.isPresent() ? allRuns(report) : report.touchedRuns();
    long groups = refit(touched, before, started.fitVersion());
    UnitTally tally = UnitTally.of(report, irregular.size() + malformed.size());
    if (prior.isPresent()) {
      tally = tally.replayed(report, files, present, RefitLog.ingestedSince(warehouse, files, started.startedAt()));
    }
    UnitReport finished = new UnitReport(unit, batchId, RefitLog.FINISHED, files, files.size(), tally.fresh(),
        tally.unchanged(), tally.modified(), tally.quarantined(), tally.rows().accepted(), tally.rows().rejected(),
        groups, started.fitVersion(), (System.nanoTime() - start) / 1e9, started.startedAt(),
        new Timestamp(System.currentTimeMillis()));
    log.finish(finished);
    System.out.println("[refit] " + finished.line());
    return finished;
  }

  /**
   * Refits the groups holding a touched run, as of before the ingest (a run that existed may have
   * left a group) and after it, then the entries that fit those fits (whole: they are small); returns the number
   * of fits rows written.
   */
  private long refit(Set<String> touched, Map<String, Long> before, long fitVersion) {
    if (touched.isEmpty()) {
      return 0;
    }
    List<FitPlan.Entry> entries = plan.fits().stream().filter(AffectedGroups::refittable).toList();
    Map<String, Long> after = FitInputs.register(spark, warehouse);
    Map<FitPlan.Entry, Set<List<String>>> keys = AffectedGroups.of(warehouse, entries, touched,
        List.of(before, after));
    FitPlanRunner runner = new FitPlanRunner(spark, after, fitVersion, new Timestamp(System.currentTimeMillis()));
    Dataset<Row> fits = null;
    for (FitPlan.Entry entry : entries) {
      Optional<Column> filter = AffectedGroups.filter(entry, keys.get(entry));
      if (filter.isPresent()) {
        Dataset<Row> rows = runner.fitted(entry, filter.get());
        fits = fits == null ? rows : fits.unionByName(rows);
      }
    }
    if (fits == null) {
      return 0;
    }
    List<Row> rows = fits.collectAsList();
    warehouse.merge("fits", rows);
    List<FitPlan.Entry> ofFits = plan.fits().stream().filter(FitPlan.Entry::readsFits).toList();
    List<Row> derived = ofFits.isEmpty() ? List.of() : runner.rows(ofFits, null).rows().collectAsList();
    warehouse.merge("fits", derived);
    return rows.size() + derived.size();
  }

  /** The files still present: a replayed unit's quarantined files are gone already. */
  private List<String> existing(List<String> files) {
    List<String> present = new ArrayList<>();
    for (String file : files) {
      Path path = new Path(file);
      try {
        if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
          present.add(file);
        } else {
          System.out.println("[refit] gone since the unit started (quarantined or deleted): " + file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot check " + file + ": " + e.getMessage(), e);
      }
    }
    return present;
  }

  private static Set<String> allRuns(LogIngestion.Report report) {
    Set<String> runs = new TreeSet<>();
    report.files().forEach(f -> runs.addAll(f.runIds()));
    return runs;
  }

  /**
   * Whether a file may be opened: a FIFO, device or socket blocks or never ends on read, so on a
   * local file system only regular files are (symbolic links followed); other file systems hold files.
   */
  private boolean regular(String file) {
    Path path = new Path(file);
    try {
      if (path.toUri().getScheme() == null || path.toUri().getScheme().equals("file")) {
        return Files.isRegularFile(java.nio.file.Path.of(path.toUri().getPath()));
      }
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(path).isFile();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + file + ": " + e.getMessage(), e);
    }
  }
}
