package org.scalingpipeline.cli;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.LogConventions;
import picocli.CommandLine.Option;

/**
 * The options of the commands that read users' logs ({@code ingest}, {@code refit}): a metric map and a run
 * manifest ({@code data/log-format.md}), handed to the readers through the session's Hadoop configuration
 * ({@link LogConventions}).
 */
final class ConventionOptions {

  @Option(names = "--metric-map", paramLabel = "FILE",
      description = "Metric names and units over the bundled data/metric-map.json (same shape).")
  Path metricMap;

  @Option(names = "--run-manifest", paramLabel = "FILE",
      description = "Run manifest CSV: a 'run' glob column and config columns (parameters, tokens per step, ...).")
  Path runManifest;

  /** The session, its readers set to these files; each file is checked now, so a bad one fails before any read. */
  SparkSession apply(SparkSession spark) {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (metricMap != null) {
      conf.set(LogConventions.METRIC_MAP, metricMap.toAbsolutePath().toString());
    }
    if (runManifest != null) {
      conf.set(LogConventions.RUN_MANIFEST, runManifest.toAbsolutePath().toString());
    }
    LogConventions.from(conf);
    return spark;
  }
}
