package org.scalingpipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.jobs.FitPlanJob;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.Pipeline;
import org.scalingpipeline.jobs.SparkSessions;

/**
 * The Spark session of a test JVM (a real local Spark with Delta Lake, configured like the product's)
 * and a warehouse ingested and fitted from the seed data once per JVM, shared by the test classes
 * that only read.
 */
public final class TestSpark {

  /** Budgets of the seed warehouse's allocations: the Perceiver AR experiments' and Chinchilla's (FLOPs). */
  public static final List<Double> SEED_BUDGETS = List.of(1.98e17, 5.78e17, 1e21, 5.76e23);

  private static Path seedWarehouse;
  private static IngestSourcesJob.Result seedIngest;
  private static FitPlanJob.Result seedFit;

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

  /**
   * A warehouse holding the ingested seed data, the default fit plan's fits (fit version 1), its backtests and the
   * allocations for {@link #SEED_BUDGETS}, built on first use; read it, do not write it.
   */
  public static synchronized String seedWarehouse() {
    if (seedWarehouse == null) {
      Path dir = Path.of(newWarehouse());
      Pipeline.Result seed = Pipeline.run(session(),
          Pipeline.Options.seeds(TestData.seedDir(), dir.toString()).withBacktests().withBudgets(SEED_BUDGETS));
      seedIngest = seed.ingest();
      seedFit = seed.fit();
      seedWarehouse = dir;
    }
    return seedWarehouse.toString();
  }

  /** The result of the default fit plan behind {@link #seedWarehouse()}. */
  public static synchronized FitPlanJob.Result seedFit() {
    seedWarehouse();
    return seedFit;
  }

  /** The result of the seed ingest behind {@link #seedWarehouse()}. */
  public static synchronized IngestSourcesJob.Result seedIngest() {
    seedWarehouse();
    return seedIngest;
  }
}
