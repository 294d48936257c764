package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.testing.TestData;

/**
 * The seed sources as their publications describe them, read without Spark: Clark et al. 2022's
 * curves (5,799 rows, 223 runs) and the Perceiver AR article's 10 validation exports (274 points).
 */
class SeedSourcesParsingTest {

  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  @Test
  void routedCurvesHave223RunsAnd34731Points() {
    ParsedFile curves = logFiles.parse(TestData.seedDir().resolve("routing/curves.csv.gz").toString());
    assertEquals(new Accounting(5_799, 5_799, 0, 63, 34_731), curves.accounting(),
        "5,799 rows x 6 losses - 63 empty cells");
    Map<Object, Long> runsPerRouter = curves.runs().stream().collect(Collectors.groupingBy(
        r -> r.attributes().get("router_type"), TreeMap::new, Collectors.counting()));
    assertEquals(Map.of("Dense", 13L, "S-Base", 87L, "Hash", 69L, "RL-R", 54L), runsPerRouter);
  }

  @Test
  void routedTrainingFlopsAreThreeTimesTheForwardEstimate() {
    ParsedFile curves = logFiles.parse(TestData.seedDir().resolve("routing/curves.csv.gz").toString());
    RunRecord dense370m = curves.runs().stream().filter(r -> r.runId().equals("routing:0")).findFirst().orElseThrow();
    assertEquals(3 * 556775937933312.0, dense370m.number("flops_per_step"), 1.0);
    PointRecord at10k = curves.points().stream()
        .filter(p -> p.runId().equals("routing:0") && p.step() == 10_000 && p.metric().equals("loss_validation"))
        .findFirst().orElseThrow();
    assertEquals(10_000 * 3 * 556775937933312.0, at10k.flops(), 1e6);
    assertEquals(2.8755049167659514, at10k.value(), 0.0, "first rows of curves.csv.gz");
    assertEquals(null, at10k.tokens(), "the file gives no tokens per step");
  }

  @Test
  void perceiverArExportsJoinTheManifest() {
    ParsedFile v0 = logFiles.parse(TestData.seedDir()
        .resolve("perceiver-ar/validation/run-logs-0.8.0_scaling-1_version_0-tag-val_loss.csv").toString());
    assertEquals(51, v0.accounting().accepted());
    RunRecord run = v0.runs().get(0);
    assertEquals("perceiver-ar:scaling-1/version_0", run.runId());
    assertEquals(512, run.attributes().get("d_model"));
    assertEquals(45_796_096.0, run.number("params_total"), 0.0, "article: N for (512, 9), vocab 32,000, S 2048");
    assertEquals(80 * 512.0, run.number("tokens_per_step"), 0.0, "batch 80 x 512 latents");
    assertEquals((282_335_232.0 + 7_096_320.0) * 80 * 512, run.number("flops_per_step"), 1.0,
        "article: self 282,335,232 + cross 7,096,320 FLOPs per latent token");
    PointRecord first = v0.points().get(0);
    assertEquals(999, first.step());
    assertEquals(4.477860450744629, first.value(), 0.0);
  }
}
