package org.scalingpipeline.refit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.WarehouseLock;

/**
 * Hostile landings: file names with a space, {@code "}, {@code %}, {@code %20} or {@code :} in a
 * landing path with a space are ingested under their exact paths; two malformed files of one name in
 * different folders are both quarantined under their relative paths, and a name the quarantine holds
 * already gets a numbered suffix instead of being overwritten; a FIFO and a socket are quarantined
 * without being opened; a link out of the landing folder is not followed (its target is neither read nor
 * moved), a link loop lists nothing twice, and a gzip bomb is cut at its limit: all in one landing, beside the
 * good files. Reruns find nothing new and move nothing. Overlapping landing, warehouse,
 * checkpoint and quarantine folders are refused before anything is read or moved.
 */
class RefitHostileFilesTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = ThreadMode.SEPARATE_THREAD)
  void everyHostileKindTogetherLeavesTheGoodFilesRefitAndTheRestQuarantinedWithReasons(@TempDir Path dir)
      throws Exception {
    Landing landing = new Landing(dir.resolve("land ing"));
    Map<String, String> good = new TreeMap<>(Map.of("ok.jsonl", "ok", "l_a b.jsonl", "space", "q\"x.jsonl", "quote",
        "p%x.jsonl", "percent", "l_a%20b.jsonl", "encoded", "land:x.jsonl", "colon", "sub dir/s.jsonl", "subdir"));
    double params = 1e6;
    for (Map.Entry<String, String> file : good.entrySet()) {
      landing.jsonlRun(file.getKey(), file.getValue(), "d1", params, 2.0, 4.0);
      params *= 2;
    }
    String malformed = "this is not JSON\n";
    landing.land("team-a/bad.jsonl", malformed);
    landing.land("team-b/bad.jsonl", malformed);
    landing.land("bad:x.jsonl", malformed);
    landing.fifo("team-c/pipe.jsonl");
    landing.socket("team-c/sock.jsonl");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    new Landing(outside).jsonlRun("secret", "d1", 3e9, 2.0, 4.0);
    String secret = Files.readString(outside.resolve("secret.jsonl"));
    Files.createSymbolicLink(landing.folder().resolve("link-out.jsonl"), outside.resolve("secret.jsonl"));
    Files.createSymbolicLink(landing.folder().resolve("team-d"), outside);
    Files.createSymbolicLink(landing.folder().resolve("loop"), landing.folder());
    landing.gzipBomb("bomb.jsonl.gz", 200 << 20);
    Path quarantine = landing.folder().resolve("_quarantine");
    Path earlier = Files.createDirectories(quarantine.resolve("batch-0/team-a")).resolve("bad.jsonl");
    Files.writeString(earlier, "quarantined by another landing folder\n");
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.Options options = RefitLandingJob.Options.of(landing.folder().toString(), warehouse)
        .withPlan(Landing.PLAN);

    List<UnitReport> first = RefitLandingJob.run(spark, options).units();
    assertEquals("batch-0", first.get(0).unit(), first.toString());
    assertEquals(good.size() + 5, first.get(0).filesSeen(), "the good files, three malformed ones, the link out and"
        + " the bomb; nothing through the linked folders team-d and loop: " + first.get(0).line());
    assertEquals(5, first.get(0).filesQuarantined(), first.get(0).line());
    assertEquals(good.size() + 5, first.get(0).filesNew(), "malformed files are ingested (their rejects) too");
    assertEquals(2, first.size(), "the FIFO and the socket (length 0) go to the sweep: " + first);
    String sweep = first.get(1).unit();
    assertEquals(2, first.get(1).filesQuarantined(), first.get(1).line());

    Set<String> expectedSources = new TreeSet<>();
    good.keySet().forEach(name -> expectedSources.add(hadoopPath(landing.folder().resolve(name))));
    Set<String> sources = spark.sql("SELECT source_file FROM ingested_files WHERE rows_accepted > 0")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expectedSources, sources, "every good file under its exact path");
    Set<String> runs = spark.sql("SELECT run_id FROM runs").collectAsList().stream().map(r -> r.getString(0))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(good.values().stream().map(n -> Landing.SOURCE + ":" + n).collect(Collectors.toCollection(TreeSet::new)),
        runs);

    assertEquals("quarantined by another landing folder\n", Files.readString(earlier), "never overwritten");
    Path teamA = quarantine.resolve("batch-0/team-a/bad.1.jsonl");
    assertTrue(Files.exists(teamA), "team-a's file next to the earlier one, numbered: " + tree(quarantine));
    assertTrue(Files.readString(teamA.resolveSibling("bad.1.jsonl.reason.txt")).contains("already holds"),
        "the reason says why it was renamed");
    for (String kept : List.of("batch-0/team-b/bad.jsonl", "batch-0/bad:x.jsonl", sweep + "/team-c/pipe.jsonl",
        sweep + "/team-c/sock.jsonl")) {
      assertTrue(Files.exists(quarantine.resolve(kept), java.nio.file.LinkOption.NOFOLLOW_LINKS),
          kept + " is in quarantine: " + tree(quarantine));
      assertFalse(Files.readString(quarantine.resolve(kept + ".reason.txt")).isBlank(), kept + " has a reason");
    }
    assertTrue(Files.readString(quarantine.resolve(sweep + "/team-c/pipe.jsonl.reason.txt"))
        .contains("not a regular file"), "the FIFO's reason");
    assertTrue(Files.isSymbolicLink(quarantine.resolve("batch-0/link-out.jsonl")), "the link itself is quarantined");
    assertTrue(Files.readString(quarantine.resolve("batch-0/link-out.jsonl.reason.txt")).contains("outside the folder"),
        "the link's reason");
    assertTrue(Files.readString(quarantine.resolve("batch-0/bomb.jsonl.gz.reason.txt")).contains("limit"),
        "the bomb's reason names the limit");
    assertEquals(secret, Files.readString(outside.resolve("secret.jsonl")), "the outside file is neither moved nor changed");
    assertEquals(0, spark.sql("SELECT count(*) FROM runs WHERE run_id LIKE '%secret%'").first().getLong(0),
        "nothing outside the landing folder is read");
    Set<String> landed = tree(landing.folder());
    assertEquals(Set.of(), landed.stream().filter(p -> !p.startsWith("_quarantine") && !good.containsKey(p)
            && !Files.isDirectory(landing.folder().resolve(p)))
        .collect(Collectors.toSet()), "only the good files are left in the landing folder");

    WarehouseSnapshot afterFirst = WarehouseSnapshot.of(spark, warehouse);
    afterFirst.assertSameAs(WarehouseSnapshot.fromScratch(spark, landing));
    for (int rerun = 1; rerun <= 2; rerun++) {
      assertEquals(List.of(), RefitLandingJob.run(spark, options).units(), "rerun " + rerun + ": no new unit");
      assertEquals(landed, tree(landing.folder()), "rerun " + rerun + " moved nothing");
      WarehouseSnapshot.of(spark, warehouse).assertSameAs(afterFirst);
    }
  }

  @Test
  void overlappingFoldersAreRefusedBeforeAnythingIsReadOrMoved(@TempDir Path dir) throws Exception {
    Path warehouse = Files.createDirectories(dir.resolve("warehouse"));
    Path points = Files.createDirectories(warehouse.resolve("points"));
    Files.writeString(points.resolve("part-0.parquet"), "a Delta data file");
    Path landing = Files.createDirectories(dir.resolve("landing"));
    new Landing(landing).jsonlRun("a1", "d1", 1e6, 2.0, 4.0);
    Files.createSymbolicLink(dir.resolve("alias"), warehouse);
    Set<String> before = tree(dir);

    record Case(String landing, String warehouse, String checkpoint, String quarantine, String says) {}
    for (Case c : List.of(
        new Case(warehouse.toString(), warehouse.toString(), null, null, "is the warehouse"),
        new Case(points.toString(), warehouse.toString(), null, null, "is inside the warehouse"),
        new Case(landing.toString(), landing.resolve("wh").toString(), null, null, "contains the warehouse"),
        new Case(dir.resolve("alias").toString(), warehouse.toString(), null, null, "is the warehouse"),
        new Case(landing.toString(), warehouse.toString(), landing.resolve("ckpt").toString(), null, "checkpoint"),
        new Case(landing.toString(), warehouse.toString(), null, warehouse.toString(), "quarantine"),
        new Case(landing.toString(), warehouse.toString(), null, landing.resolve("bad").toString(), "quarantine"))) {
      RefitLandingJob.Options options = new RefitLandingJob.Options(c.landing(), c.warehouse(), c.checkpoint(),
          c.quarantine(), Landing.PLAN, null);
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> RefitLandingJob.run(spark, options), c.toString());
      assertTrue(refused.getMessage().contains(c.says()) && refused.getMessage().contains("refusing"),
          c + ": " + refused.getMessage());
      assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
      assertEquals(before, tree(dir), c + ": nothing read, moved or created");
    }
    assertFalse(Files.exists(warehouse.resolve(WarehouseLock.FILE_NAME)));
  }

  /** A local file's path as Hadoop prints it (what the ingest records). */
  private static String hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toUri()).toString();
  }

  /** Every file and folder below a folder, as relative paths. */
  private static Set<String> tree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
