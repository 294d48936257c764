package org.scalingpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.testing.TestSpark;

/** The CLI's contract for a missing data directory: one clear line naming the file, its URL and the variable. */
class IngestCommandTest {

  @Test
  void aMissingSeedFileFailsWithOneClearLine(@TempDir Path empty) {
    TestSpark.session();
    CliRun run = CliRun.of("ingest", "--data-dir", empty.toString(), "--warehouse", TestSpark.newWarehouse());
    assertEquals(1, run.exitCode());
    String line = run.err().strip();
    assertTrue(line.startsWith("scaling ingest: missing seed file " + empty.resolve("routing/curves.csv.gz")), line);
    assertTrue(line.contains("https://raw.githubusercontent.com/google-deepmind/scaling_laws_for_routing/main/data/curves.csv.gz"), line);
    assertTrue(line.contains("SCALING_DATA_DIR") && !line.contains("\n"), line);
  }
}
