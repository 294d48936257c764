package org.scalingpipeline.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scalingpipeline.ingest.SeedData;

/** Where tests find the seed data sets and their own resources. */
public final class TestData {

  /** The seed data directory of the tests when {@code SCALING_DATA_DIR} is unset (README). */
  private static final String DEFAULT_DIR = "../shared/data";

  private TestData() {}

  /**
   * The seed data directory named by {@code SCALING_DATA_DIR}, else {@value #DEFAULT_DIR}, relative to
   * the repository root like the CLI's ({@link SeedData#directory}); fails clearly when it is not set up.
   */
  public static Path seedDir() {
    String env = System.getenv(SeedData.ENV);
    Path dir = SeedData.directory(env == null || env.isBlank() ? DEFAULT_DIR : env);
    if (!Files.isDirectory(dir.resolve("routing"))) {
      throw new IllegalStateException("seed data not found at " + dir + ": set " + SeedData.ENV
          + " to the folder with routing/, perceiver-ar/ and chinchilla/, absolute or relative to the"
          + " repository root (see README)");
    }
    return dir;
  }

  /** A folder or file under the test resources. */
  public static Path resource(String name) {
    URL url = TestData.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " is missing");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
