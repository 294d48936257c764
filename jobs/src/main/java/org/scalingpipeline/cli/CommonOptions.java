package org.scalingpipeline.cli;

import java.nio.file.Path;
import org.scalingpipeline.ingest.SeedData;
import picocli.CommandLine.Option;

/** Options every subcommand takes: where the seed data and the warehouse are. */
public final class CommonOptions {

  /** Environment variable naming the warehouse. */
  public static final String WAREHOUSE_ENV = "SCALING_WAREHOUSE";

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder holding the seed data sets (default: $" + SeedData.ENV + ", else " + SeedData.DEFAULT_DIR + ").")
  String dataDir;

  @Option(names = "--warehouse", paramLabel = "DIR|URI",
      description = "Folder or URI of the Delta warehouse (default: $" + WAREHOUSE_ENV + ", else warehouse).")
  String warehouse;

  /** The data directory. */
  public Path dataDir() {
    return SeedData.directory(dataDir);
  }

  /** The warehouse location. */
  public String warehouse() {
    if (warehouse != null && !warehouse.isBlank()) {
      return warehouse;
    }
    String env = System.getenv(WAREHOUSE_ENV);
    return env != null && !env.isBlank() ? env : "warehouse";
  }
}
