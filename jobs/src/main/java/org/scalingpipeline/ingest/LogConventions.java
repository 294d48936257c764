package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * What the ingest assumes of logs beyond what they hold: the metric map that names and gives units to metrics
 * taken as logged ({@link MetricMap}) and the run manifest that gives runs what their loggers do not record
 * ({@link RunManifest}). Set in the Hadoop configuration ({@link #METRIC_MAP}, {@link #RUN_MANIFEST}: local
 * files, read once on the driver), as {@code scaling ingest} and {@code scaling refit} do for
 * {@code --metric-map} and {@code --run-manifest}.
 */
public record LogConventions(MetricMap metricMap, RunManifest runManifest) implements Serializable {

  /** Hadoop configuration key: a JSON file of metric names and units over the defaults. */
  public static final String METRIC_MAP = "scaling.ingest.metric-map";
  /** Hadoop configuration key: a run manifest CSV. */
  public static final String RUN_MANIFEST = "scaling.ingest.run-manifest";

  /** The bundled metric map and no run manifest. */
  public static LogConventions defaults() {
    return Defaults.DEFAULTS;
  }

  /** The conventions a Hadoop configuration sets, the defaults where it sets none. */
  public static LogConventions from(Configuration conf) {
    String map = conf.get(METRIC_MAP);
    String manifest = conf.get(RUN_MANIFEST);
    return new LogConventions(map == null ? MetricMap.defaults() : MetricMap.defaults().overriddenBy(Path.of(map)),
        manifest == null ? RunManifest.none() : RunManifest.fromFile(Path.of(manifest)));
  }

  /** The defaults, made once. */
  private static final class Defaults {
    static final LogConventions DEFAULTS = new LogConventions(MetricMap.defaults(), RunManifest.none());
  }
}
