package org.scalingpipeline.refit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.testing.TestSpark;

/**
 * Malformed, empty, unknown, duplicate and late-modified files: the bad ones are quarantined with
 * their reason without holding up the good ones of their batch, a duplicate adds nothing, and a
 * landed file rewritten after its ingest is reported as modified, replaces what it contributed and
 * refits its groups, including a group its run left.
 */
class RefitBadFilesTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void badFilesAreQuarantinedAndModifiedFilesReplaced(@TempDir Path dir) throws Exception {
    Landing landing = new Landing(dir.resolve("landing"));
    landing.jsonlRun("a1", "d1", 1e6, 2.0, 4.0);
    Path a2 = landing.jsonlRun("a2", "d1", 4e6, 1.8, 4.0);
    landing.land("copies/a2-again.jsonl", Files.readString(a2));
    landing.land("bad.jsonl", "this is not JSON\n{\"record\":\"point\",\"step\":-1}\n");
    landing.land("empty.jsonl", "");
    landing.land("notes.txt", "not a log\n");
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.Options options = RefitLandingJob.Options.of(landing.folder().toString(), warehouse)
        .withPlan(Landing.PLAN);

    List<UnitReport> first = RefitLandingJob.run(spark, options).units();
    assertEquals(List.of("batch-0", "sweep-"), first.stream().map(u -> u.unit().replaceAll("sweep-.*", "sweep-")).toList(),
        "an empty file yields no row to the stream: the sweep finds it");
    assertEquals(5, first.get(0).filesSeen(), first.get(0).line());
    assertEquals(2, first.get(0).filesQuarantined(), "bad.jsonl and notes.txt: " + first.get(0).line());
    assertEquals(List.of(landing.folder().toUri().toString().replace("file:///", "file:/") + "empty.jsonl"),
        first.get(1).files());
    assertEquals(1, first.get(1).filesQuarantined(), first.get(1).line());
    Path sweepQuarantine = landing.folder().resolve("_quarantine").resolve(first.get(1).unit());
    for (String bad : List.of("bad.jsonl", "empty.jsonl", "notes.txt")) {
      Path quarantined = bad.startsWith("empty") ? sweepQuarantine : landing.folder().resolve("_quarantine/batch-0");
      assertFalse(Files.exists(landing.folder().resolve(bad)), bad + " left the landing folder");
      assertTrue(Files.exists(quarantined.resolve(bad)), bad + " is in quarantine");
      assertFalse(Files.readString(quarantined.resolve(bad + ".reason.txt")).isBlank(), bad + " has a reason");
    }
    WarehouseSnapshot afterFirst = WarehouseSnapshot.of(spark, warehouse);
    assertEquals(2, afterFirst.runs().size(), "the duplicate is the same run");
    assertEquals(24, afterFirst.points().size(), "the duplicate's points are the same points");

    Thread.sleep(1100);
    landing.jsonlRun("a1", "d1", 1e6, 2.5, 4.0);
    RefitLandingJob.Result second = RefitLandingJob.run(spark, options);
    assertEquals(1, second.units().size(), second.units().toString());
    UnitReport modified = second.units().get(0);
    assertTrue(modified.unit().startsWith("sweep-"), modified.unit());
    assertEquals(1, modified.filesModified(), modified.line());
    assertEquals(2, modified.groupsRefit(), "a1's curve and its data set d1: " + modified.line());
    WarehouseSnapshot afterSecond = WarehouseSnapshot.of(spark, warehouse);
    afterSecond.assertSameAs(WarehouseSnapshot.fromScratch(spark, landing));
    assertEquals(afterFirst.versions().get("test-loss-curve / run_id=refit-test:a2"),
        afterSecond.versions().get("test-loss-curve / run_id=refit-test:a2"), "a2's curve was not refit");

    assertEquals(List.of(), RefitLandingJob.run(spark, options).units(), "the change is handled once");

    Thread.sleep(1100);
    landing.jsonlRun("a1", "d2", 1e6, 2.5, 4.0);
    UnitReport moved = RefitLandingJob.run(spark, options).units().get(0);
    assertEquals(3, moved.groupsRefit(), "a1's curve, the data set d1 it left and d2 it joined: " + moved.line());
    WarehouseSnapshot afterMove = WarehouseSnapshot.of(spark, warehouse);
    afterMove.assertSameAs(WarehouseSnapshot.fromScratch(spark, landing));
    assertEquals(moved.fitVersion(), afterMove.versions().get("test-loss-vs-params / dataset=d1"),
        "d1 is refit without a1");
  }
}
