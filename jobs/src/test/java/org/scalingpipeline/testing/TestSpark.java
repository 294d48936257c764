package org.scalingpipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.SparkSessions;

/**
 * The Spark session of a test JVM (a real local Spark with Delta Lake, configured like the product's)
 * and a warehouse ingested from the seed data once per JVM, shared by the test classes that only read.
 */
public final class TestSpark {

  private static Path seedWarehouse;
  private static IngestSourcesJob.Result seedIngest;

  private TestSpark() {}

  /** The session. */
  public static SparkSession session() {
    return SparkSessions.getOrCreate("scaling-tests");
  }

  /** A fresh, empty warehouse folder. */
  public static String newWarehouse() {
    try {
      return Files.createTempDirectory("warehouse").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A warehouse holding the ingested seed data (ingested on first use); read it, do not write it. */
  public static synchronized String seedWarehouse() {
    if (seedWarehouse == null) {
      Path dir = Path.of(newWarehouse());
      seedIngest = IngestSourcesJob.run(session(), IngestSourcesJob.Options.seeds(TestData.seedDir(), dir.toString()));
      seedWarehouse = dir;
    }
    return seedWarehouse.toString();
  }

  /** The result of the seed ingest behind {@link #seedWarehouse()}. */
  public static synchronized IngestSourcesJob.Result seedIngest() {
    seedWarehouse();
    return seedIngest;
  }
}
