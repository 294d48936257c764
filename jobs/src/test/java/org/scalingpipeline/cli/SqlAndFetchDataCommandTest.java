package org.scalingpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.WarehouseLock;

/** {@code scaling sql} over the seed warehouse and {@code scaling fetch-data --verify} over the seed data. */
class SqlAndFetchDataCommandTest {

  @Test
  void sqlPrintsCsvAndJson() {
    String warehouse = TestSpark.seedWarehouse();
    CliRun csv = CliRun.of("sql", "--warehouse", warehouse, "--format", "csv",
        "SELECT router_type, count(*) AS runs FROM runs WHERE source = 'routing' GROUP BY router_type ORDER BY router_type");
    assertEquals(0, csv.exitCode(), csv.err());
    assertEquals(List.of("router_type,runs", "Dense,13", "Hash,69", "RL-R,54", "S-Base,87"), csv.out().strip().lines().toList());
    CliRun json = CliRun.of("sql", "--warehouse", warehouse, "--format", "json", "SELECT round(n_opt(5.76e23) / 1e10, 3) AS n");
    assertEquals("{\"n\":3.219}", json.out().strip());
  }

  @Test
  void aBadQueryIsOneLineAndExitCode1() {
    CliRun run = CliRun.of("sql", "--warehouse", TestSpark.seedWarehouse(), "SELECT fit_power_law(1)");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("fit_power_law(x DOUBLE, y DOUBLE) takes 2 arguments, got 1"), run.err());
  }

  @Test
  void aComputeOptimalSizeOfARoutedFitIsOneLineNamingTheLaw() {
    CliRun run = CliRun.of("sql", "--warehouse", TestSpark.seedWarehouse(),
        "SELECT n_opt(1e21, params) FROM fits_latest WHERE fit_name = 'routed-unified-law'");
    assertEquals(1, run.exitCode());
    assertEquals(List.of("scaling sql: n_opt: the law 'routed' has no compute-optimal size; laws with one:"
        + " allocation, chinchilla, isoflop, kaplan (or the published chinchilla-approach-3)"),
        run.err().lines().filter(l -> l.startsWith("scaling sql: ")).toList());
  }

  @Test
  void sqlWritesOnlyWithWriteAndUnderTheWarehouseLock(@TempDir Path warehouse) {
    String root = warehouse.toString();
    CliRun reads = CliRun.of("sql", "--warehouse", root, "--format", "csv", "DESCRIBE HISTORY rejects");
    assertEquals(0, reads.exitCode(), reads.err());
    CliRun refused = CliRun.of("sql", "--warehouse", root, "DELETE FROM rejects");
    assertEquals(1, refused.exitCode());
    assertEquals("scaling sql: this statement may write to the warehouse; sql only reads unless given --write, which"
        + " runs it holding the warehouse lock", refused.err().strip());
    try (WarehouseLock fit = WarehouseLock.acquire(root, "fit")) {
      CliRun locked = CliRun.of("sql", "--warehouse", root, "--write", "DELETE FROM rejects");
      assertEquals(1, locked.exitCode());
      assertTrue(locked.err().contains("another job holds the warehouse lock") && locked.err().contains("(fit)"),
          locked.err());
    }
    CliRun deleted = CliRun.of("sql", "--warehouse", root, "--write", "DELETE FROM rejects");
    assertEquals(0, deleted.exitCode(), deleted.err());
  }

  @Test
  void fetchDataVerifiesTheSeedFiles(@TempDir Path empty) {
    CliRun ok = CliRun.of("fetch-data", "--verify", "--data-dir", TestData.seedDir().toString());
    assertEquals(0, ok.exitCode(), ok.out() + ok.err());
    assertEquals(13, ok.out().lines().filter(l -> l.contains("present, sha256 ok")).count(), ok.out());
    CliRun missing = CliRun.of("fetch-data", "--verify", "--data-dir", empty.toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.out().contains("routing/curves.csv.gz") && missing.out().contains("MISSING"), missing.out());
  }
}
