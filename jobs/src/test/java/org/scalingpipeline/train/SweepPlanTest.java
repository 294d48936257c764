package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

  private static SweepPlan parse(String json) throws Exception {
    return SweepPlan.parse(new ObjectMapper().readTree(json), "test sweep");
  }

  @Test
  void isoFlopRunsSpendTheirBudgetAtSixN() throws Exception {
    SweepPlan plan = parse("""
        {"name": "iso", "training": {"batch_size": 4, "seq_len": 32, "warmup_fraction": 0.1},
         "isoflop": {"compute_budgets": [1e10],
                     "models": [{"d_model": 32, "num_layers": 1, "num_heads": 2},
                                {"d_model": 64, "num_layers": 2, "num_heads": 4, "seq_len": 16}]}}""");
    assertEquals(2, plan.runs().size());
    RunSpec small = plan.runs().get(0);
    assertEquals("iso-isoflop-c1e10-d32-l1-h2-n32-s1", small.runName());
    // N = 12*32^2 + 13*32 + 2*32 = 12768; D = 1e10 / (6 N) = 130534 tokens = 1020 steps of 128
    assertEquals(12_768, small.model().nonEmbeddingParameters());
    assertEquals(Math.round(1e10 / (6.0 * 12_768) / 128), small.steps());
    assertEquals(102, small.warmupSteps());
    assertEquals(1e10, small.computeBudget());
    assertEquals(16, plan.runs().get(1).model().contextLength());
  }

  @Test
  void gridIsTheCartesianProduct() throws Exception {
    SweepPlan plan = parse("""
        {"name": "g", "grid": {"d_model": [32, 64], "num_layers": [1, 2], "num_heads": [2],
                               "seq_len": [32], "tokens": [1e5, 2e5]}}""");
    assertEquals(8, plan.runs().size());
    RunSpec first = plan.runs().get(0);
    assertEquals("g-grid-d32-l1-h2-n32-t1e5-s1", first.runName());
    assertEquals(Math.round(1e5 / (16 * 32)), first.steps());
    assertNull(first.computeBudget());
  }

  @Test
  void defaultCpuSweepHasAReferenceAndFiveIsoFlopSizes() {
    Path file = Paths.get("..", "data", "sweeps", "cpu-isoflop.json");
    SweepPlan plan = SweepPlan.read(file);
    List<String> plans = plan.runs().stream().map(RunSpec::plan).toList();
    assertEquals(List.of("reference", "isoflop", "isoflop", "isoflop", "isoflop", "isoflop"), plans);
    double tokens = plan.runs().stream().mapToDouble(r -> (double) r.steps() * r.tokensPerStep()).sum();
    assertTrue(tokens < 3e6, "a few minutes on 2 cores: " + tokens + " tokens");
  }

  @Test
  void unknownKeysAndBadValuesAreNamed() {
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
        () -> parse("{\"name\": \"x\", \"grid\": {\"d_modle\": [32]}}"));
    assertEquals("test sweep grid has unknown key 'd_modle'; expected one of"
        + " [d_model, num_heads, num_layers, seq_len, tokens]", typo.getMessage());
    IllegalArgumentException heads = assertThrows(IllegalArgumentException.class, () -> parse(
        "{\"name\": \"x\", \"grid\": {\"d_model\": [30], \"num_layers\": [1], \"num_heads\": [4], \"tokens\": [1e4]}}"));
    assertTrue(heads.getMessage().startsWith("numHeads must divide dModel, got dModel=30"), heads.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> parse("{\"name\": \"x\"}"));
    assertEquals("test sweep declares no run; add a reference, isoflop or grid section", empty.getMessage());
  }

  @Test
  void zeroWeightDecayAndZeroWarmupAreSettingsNotMissingValues() throws Exception {
    SweepPlan plan = parse("{\"name\": \"x\", \"training\": {\"weight_decay\": 0, \"warmup_fraction\": 0},"
        + " \"grid\": {\"d_model\": [32], \"num_layers\": [1], \"num_heads\": [4], \"tokens\": [1e5]}}");
    assertEquals(0f, plan.runs().get(0).weightDecay());
    assertEquals(0, plan.runs().get(0).warmupSteps());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> parse(
        "{\"name\": \"x\", \"training\": {\"weight_decay\": -0.1}, \"grid\": {\"d_model\": [32]}}"));
    assertEquals("test sweep training weight_decay must be a number >= 0, got -0.1", negative.getMessage());
  }

  @Test
  void checkpointAveragingIsOffUnlessTheTrainingSectionAsksForIt() throws Exception {
    String grid = "\"grid\": {\"d_model\": [32], \"num_layers\": [1], \"num_heads\": [2], \"tokens\": [51200]}";
    assertNull(parse("{\"name\": \"x\", " + grid + "}").runs().get(0).checkpointAveraging());
    RunSpec run = parse("{\"name\": \"x\", \"training\": {\"batch_size\": 8, \"seq_len\": 64,"
        + " \"checkpoint_average\": {\"snapshots\": 4, \"last_fraction\": 0.2}}, " + grid + "}").runs().get(0);
    assertEquals(new CheckpointAveraging(4, 0.2), run.checkpointAveraging());
    assertArrayEquals(new int[] {85, 90, 95, 100}, run.snapshotSteps(), "51200 tokens / (8 x 64) = 100 steps");
    assertEquals(new CheckpointAveraging(4, 0.2),
        SweepPlan.read(Paths.get("..", "data", "sweeps", "cpu-isoflop.json")).runs().get(0).checkpointAveraging(),
        "the default CPU sweep measures the averaged checkpoints");
  }

  @Test
  void badCheckpointAveragingOptionsAreNamedWithTheValueFound() {
    String grid = ", \"grid\": {\"d_model\": [32], \"num_layers\": [1], \"num_heads\": [2], \"tokens\": [5120]}}";
    assertEquals("test sweep training checkpoint_average snapshots must be an integer >= 2 (the average of one"
        + " snapshot is the last checkpoint), got 1", assertThrows(IllegalArgumentException.class, () -> parse(
            "{\"name\": \"x\", \"training\": {\"checkpoint_average\": {\"snapshots\": 1, \"last_fraction\": 0.2}}"
            + grid)).getMessage());
    assertEquals("test sweep training checkpoint_average last_fraction must be a positive number, got 0",
        assertThrows(IllegalArgumentException.class, () -> parse(
            "{\"name\": \"x\", \"training\": {\"checkpoint_average\": {\"snapshots\": 4, \"last_fraction\": 0}}"
            + grid)).getMessage());
    assertEquals("test sweep training checkpoint_average has unknown key 'fraction'; expected one of"
        + " [last_fraction, snapshots]", assertThrows(IllegalArgumentException.class, () -> parse(
            "{\"name\": \"x\", \"training\": {\"checkpoint_average\": {\"snapshots\": 4, \"fraction\": 0.2}}"
            + grid)).getMessage());
    // 5120 tokens / (16 x 64) = 5 steps: the last 20 % is one step, too short for 4 snapshots
    assertEquals("run x-grid-d32-l1-h2-n64-t5.12e3-s1: checkpoint_average needs 4 distinct steps in the last 0.2 of"
        + " the run's 5 steps, got steps [4, 4, 5, 5]; average fewer snapshots or a larger last_fraction",
        assertThrows(IllegalArgumentException.class, () -> parse(
            "{\"name\": \"x\", \"training\": {\"checkpoint_average\": {\"snapshots\": 4, \"last_fraction\": 0.2}}"
            + grid)).getMessage());
  }

  @Test
  void aWrongTypeNamesTheFieldAndTheValue() {
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> parse(
        "{\"name\": \"x\", \"training\": {\"batch_size\": \"16\"}, \"grid\": {\"d_model\": [32]}}"));
    assertEquals("test sweep training batch_size must be an integer, got \"16\"", text.getMessage());
    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class, () -> parse(
        "{\"name\": \"x\", \"training\": {\"lr\": true}, \"grid\": {\"d_model\": [32]}}"));
    assertEquals("test sweep training lr must be a positive number, got true", lr.getMessage());
  }
}
