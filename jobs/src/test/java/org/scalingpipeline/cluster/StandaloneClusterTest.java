package org.scalingpipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.jobs.FitPlanJob;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The jobs on a real Spark standalone cluster (master and worker on 127.0.0.1, submitted with
 * {@code spark-submit}): the tables they build equal the local-mode result of {@link TestSpark},
 * also when the executor is killed in the middle of the fit.
 *
 * <p>The cluster ingests once, before the tests, into a warehouse the ingest test checks; the fit
 * test then fits three of the plan's entries on that warehouse on the cluster (which leaves the ingest tables alone),
 * and their fits equal local mode's fits of the same entries. Adding a job
 * is one more {@link StandaloneCluster#submit} of its main class with the arguments of its
 * subcommand, and a comparison of the tables it writes.
 */
@Tag("cluster")
class StandaloneClusterTest {

  /** Measured at load 12-14 on 2 shared cores: ingest 2.5 min, fit with the lost executor 4.3 min. */
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern TASK_START = Pattern.compile("Starting task ");
  private static final List<String> INGEST_TABLES = List.of("runs", "points", "rejects", "ingested_files",
      "reference_laws", "published_allocations");
  /**
   * The plan entries the cluster fits: per-run loss curves (223 groups over many tasks), the routed law's 100
   * seeded starts per router (the costliest seed entry) and a bootstrapped allocation law (200 resamples); the other
   * entries run the same aggregate.
   */
  private static final List<String> CLUSTER_ENTRIES = List.of("routed-loss-curve", "routed-unified-law",
      "chinchilla-allocation-n-free");
  /** Columns that say when a row was written: the only ones allowed to differ. */
  private static final List<String> WRITE_TIMES = List.of("ingested_at", "fitted_at", "computed_at");

  private static String localWarehouse;
  private static Path workDir;
  private static StandaloneCluster cluster;
  private static Application application;
  private static String clusterWarehouse;

  /** The local-mode result first (it also loads the classes the comparisons need), then the cluster and its ingest. */
  @BeforeAll
  static void startClusterAndIngest() throws IOException {
    localWarehouse = TestSpark.seedWarehouse();
    workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "standalone-cluster").toAbsolutePath();
    cluster = StandaloneCluster.start(workDir, 2, "2g");
    application = Application.locate(ClasspathEntry.ofThisJvm(), workDir);
    clusterWarehouse = workDir.resolve("warehouse").toString();
    assertSucceeded(cluster.submit("ingest", application, IngestSourcesJob.class.getName(),
        List.of("--data-dir", TestData.seedDir().toString(), "--warehouse", clusterWarehouse)));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void ingestOnTheClusterEqualsLocalMode() {
    assertSameTables(INGEST_TABLES, localWarehouse, clusterWarehouse);
  }

  /** The fit runs once, with the executor killed midway: it proves both equality and recovery. */
  @Test
  void fitOnTheClusterEqualsLocalModeEvenWhenItsExecutorIsKilled() {
    StandaloneCluster.Submission fit = cluster.submit("fit", application, FitPlanJob.class.getName(),
        List.of("--warehouse", clusterWarehouse, "--only", String.join(",", CLUSTER_ENTRIES)));
    cluster.await("the fit to run 20 tasks", JOB_TIMEOUT, () -> TASK_START.matcher(fit.output()).results().count() >= 20
        || !fit.process().isAlive());
    List<ProcessHandle> executors = cluster.executors();
    assertFalse(executors.isEmpty(), "an executor runs the fit's tasks:\n" + fit.logTail());
    executors.forEach(ProcessHandle::destroyForcibly);
    assertSucceeded(fit);
    assertTrue(fit.output().contains("Lost executor"), "the driver saw the executor die:\n" + fit.logTail());
    assertTrue(Pattern.compile("Starting task .*executor [1-9]").matcher(fit.output()).find(),
        "a new executor ran tasks:\n" + fit.logTail());
    assertSameTables(INGEST_TABLES, localWarehouse, clusterWarehouse);
    SparkSession spark = TestSpark.session();
    Dataset<Row> expected = spark.read().format("delta").load(localWarehouse + "/fits")
        .where(functions.col("fit_name").isin(CLUSTER_ENTRIES.toArray()));
    assertEquals(List.of(), differences("fits", expected, spark.read().format("delta").load(clusterWarehouse + "/fits")),
        "the cluster's fits differ from local mode's fits of the same entries");
  }

  private static void assertSucceeded(StandaloneCluster.Submission submission) {
    assertEquals(0, submission.await(JOB_TIMEOUT), "spark-submit exit code; log:\n" + submission.logTail());
  }

  /** The tables hold the same rows in both warehouses, ignoring when they were written. */
  private static void assertSameTables(List<String> tables, String expectedWarehouse, String actualWarehouse) {
    SparkSession spark = TestSpark.session();
    List<String> differences = new ArrayList<>();
    for (String table : tables) {
      differences.addAll(differences(table, spark.read().format("delta").load(expectedWarehouse + "/" + table),
          spark.read().format("delta").load(actualWarehouse + "/" + table)));
    }
    assertEquals(List.of(), differences, "cluster tables differ from local mode");
  }

  /** What differs between a table's expected and actual rows, ignoring write times: nothing, or one line. */
  private static List<String> differences(String table, Dataset<Row> expectedRows, Dataset<Row> actualRows) {
    Dataset<Row> expected = comparable(expectedRows);
    Dataset<Row> actual = comparable(actualRows);
    long missing = expected.exceptAll(actual).count();
    long extra = actual.exceptAll(expected).count();
    return missing + extra == 0 ? List.of()
        : List.of(table + ": " + expected.count() + " rows expected, " + missing + " missing, " + extra + " unexpected");
  }

  /** A table's rows without their write times, maps as sorted JSON (set operations cannot compare maps). */
  private static Dataset<Row> comparable(Dataset<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      if (!WRITE_TIMES.contains(f.name())) {
        columns.add(Warehouse.comparable(functions.col(f.name()), f.dataType()).as(f.name()));
      }
    }
    return rows.select(columns.toArray(Column[]::new));
  }
}
