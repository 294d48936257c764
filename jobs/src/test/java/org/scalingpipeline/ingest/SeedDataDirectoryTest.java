package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A relative data directory means the same folder for the CLI and for the tests of every module: it is
 * relative to the repository root, not to the module folder a test runs in (README: the tests run as
 * {@code SCALING_DATA_DIR=../shared/data mvn -B verify} from the root).
 */
class SeedDataDirectoryTest {

  private static Path root() {
    String root = System.getProperty(SeedData.ROOT);
    assertNotNull(root, "the build passes the repository root as -D" + SeedData.ROOT + " (pom.xml, surefire)");
    return Path.of(root);
  }

  @Test
  void testsRunInTheModuleFolderBelowTheRoot() {
    assertEquals(root().resolve("jobs"), Path.of("").toAbsolutePath(),
        "surefire starts the tests in jobs/, so a path relative to the working directory would be wrong");
  }

  @Test
  void aRelativeDirectoryIsRelativeToTheRepositoryRoot() {
    assertEquals(root().getParent().resolve("shared").resolve("data"), SeedData.directory("../shared/data"));
    assertEquals(root().resolve("seed-data"), SeedData.directory("seed-data"));
  }

  @Test
  void anAbsoluteDirectoryStaysAsGiven() {
    assertEquals(Path.of("/srv/seed"), SeedData.directory("/srv/seed"));
  }
}
