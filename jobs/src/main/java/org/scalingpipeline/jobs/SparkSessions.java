package org.scalingpipeline.jobs;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fs.NioLocalFileSystem;

/**
 * Builds the Spark session every job runs in: Delta Lake's SQL extension and catalog, and a warehouse
 * folder; the project's SQL functions come with the jar ({@code org.scalingpipeline.sql.ScalingSessionExtensions},
 * a service every session loads), so naming them here would register each a second time. Under {@code spark-submit} the master and resources come
 * from the submit command; the local launcher and the tests get an embedded {@code local[*]} Spark.
 * Every file a job writes holds at most {@value #MAX_ROWS_PER_FILE} rows: a MERGE that updates a few
 * rows (a re-exported curve gives its points a new source file) rewrites the files holding them,
 * so the file size bounds the cost of a small update however large the table grows. Local files go through
 * {@link NioLocalFileSystem}, which sets permissions without starting a {@code chmod} per file.
 */
public final class SparkSessions {

  /** The most rows a written Parquet file holds. */
  public static final int MAX_ROWS_PER_FILE = 100_000;

  private SparkSessions() {}

  /**
   * Returns the active session configured for the project, creating one if needed. When no master is
   * configured (not launched by {@code spark-submit}), an embedded local Spark is started.
   */
  public static SparkSession getOrCreate(String appName) {
    SparkSession.Builder builder = SparkSession.builder()
        .appName(appName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.files.maxRecordsPerFile", String.valueOf(MAX_ROWS_PER_FILE))
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
    for (Map.Entry<String, String> setting : NioLocalFileSystem.SPARK_SETTINGS.entrySet()) {
      builder = builder.config(setting.getKey(), setting.getValue());
    }
    if (System.getProperty("spark.master") == null) {
      builder = builder.master("local[*]")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    return builder.getOrCreate();
  }
}
