package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.testing.TestData;

/**
 * Hugging Face {@code trainer_state.json}: the real Whisper fine-tuning state of {@code real-logs/hf-trainer/}
 * against its reference {@code *.scalars.csv} (one row per numeric key of each {@code log_history} entry), and
 * written states for the checkpoint layout, the model config, and damaged documents.
 */
class HfTrainerStateTest {

  private static final Path WHISPER = TestData.seedDir().resolve(
      "real-logs/hf-trainer/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json");

  @TempDir
  Path dir;

  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  private static List<String> points(ParsedFile parsed) {
    return parsed.points().stream().map(p -> p.loggedMetric() + "@" + p.step() + "=" + p.loggedValue()).toList();
  }

  @Test
  void pointsEqualTheReferenceRowsWithEpochOncePerStep() throws IOException {
    List<String> lines = Files.readAllLines(Path.of(WHISPER + ".scalars.csv"));
    assertEquals("tag,step,wall_time,value", lines.get(0));
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = Csv.fields(line);
      assertEquals("", f.get(2), "trainer_state.json has no wall times");
      String earlier = expected.putIfAbsent(f.get(0) + "@" + f.get(1), f.get(3));
      if (earlier != null) {
        assertEquals("epoch", f.get(0), "only epoch repeats, in the training and evaluation entries of a step");
        assertEquals(earlier, f.get(3), "a repeated epoch has the same value");
      }
    }
    ParsedFile parsed = logFiles.parse(WHISPER.toUri().toString());
    List<String> found = new ArrayList<>();
    for (PointRecord p : parsed.points()) {
      found.add(p.loggedMetric() + "@" + p.step());
      assertEquals(Double.parseDouble(expected.get(p.loggedMetric() + "@" + p.step())), p.loggedValue(), 0.0,
          p.toString());
      assertNull(p.wallTimeSeconds());
      assertEquals(MetricMap.defaults().resolve("hf-trainer", p.loggedMetric()).unit().stored().label(), p.unit());
    }
    assertEquals(new ArrayList<>(expected.keySet()), found);
    assertEquals(List.of(), parsed.rejects());
    assertEquals(206, parsed.accounting().accepted(), "200 training, 5 evaluation entries and the final summary");
    RunRecord run = parsed.runs().get(0);
    assertEquals("hf-trainer:P4P4N1CK__whisper-large-v2-japanese-5k-steps", run.runId());
    assertEquals("5000", run.config().get("global_step"));
  }

  @Test
  void aCheckpointsStateIsAFileOfTheOutputFoldersRunWithItsModelConfig() throws IOException {
    Path checkpoint = Files.createDirectories(dir.resolve("gpt2-small/checkpoint-500"));
    Files.writeString(checkpoint.resolve("trainer_state.json"), """
        {"global_step": 500, "log_history": [
          {"epoch": 0.5, "learning_rate": 5e-05, "loss": 3.25, "step": 250},
          {"epoch": 1.0, "learning_rate": 2.5e-05, "loss": 2.75, "step": 500},
          {"epoch": 1.0, "eval_loss": 2.875, "eval_runtime": 12.5, "step": 500}
        ], "max_steps": 1000}
        """);
    Files.writeString(dir.resolve("gpt2-small/config.json"), """
        {"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12, "n_inner": 3072,
         "vocab_size": 50257, "n_positions": 1024, "activation_function": "gelu_new"}
        """);
    logFiles.readsFrom(dir.toString());
    ParsedFile parsed = logFiles.parse(checkpoint.resolve("trainer_state.json").toUri().toString());
    assertEquals(List.of("epoch@250=0.5", "learning_rate@250=5.0E-5", "loss@250=3.25", "epoch@500=1.0",
        "learning_rate@500=2.5E-5", "loss@500=2.75", "eval_loss@500=2.875", "eval_runtime@500=12.5"), points(parsed));
    RunRecord run = parsed.runs().get(0);
    assertEquals("hf-trainer:gpt2-small", run.runId());
    assertEquals(Map.of("d_model", 768, "num_layers", 12, "num_heads", 12, "vocab_size", 50257, "seq_len", 1024,
        "params_non_embedding", 2.0 * 768 * 12 * (2 * 768 + 3072)), run.attributes());
    assertEquals("gpt2", run.config().get("model_type"));
    assertEquals("3072", run.config().get("n_inner"));
    assertEquals("1000", run.config().get("max_steps"));
  }

  @Test
  void aConflictingRepeatRejectsItsEntry() throws IOException {
    Path state = Files.createDirectories(dir.resolve("run")).resolve("trainer_state.json");
    Files.writeString(state, """
        {"log_history": [
          {"epoch": 1.0, "loss": 2.75, "step": 500},
          {"epoch": 1.5, "eval_loss": 2.875, "step": 500},
          {"loss": "n/a", "step": 600},
          {"loss": 1e999, "step": 700},
          {"loss": 2.5}
        ]}
        """);
    ParsedFile parsed = logFiles.parse(state.toUri().toString());
    assertEquals(List.of("epoch@500=1.0", "loss@500=2.75"), points(parsed));
    assertEquals(List.of(
        RepeatedPoints.REASON,
        "column 'loss': found '1E+999', expected a finite number (at most 1.7976931348623157E308)",
        "column 'step': found nothing, expected a whole number >= 0"),
        parsed.rejects().stream().map(Reject::reason).toList());
    assertEquals(5, parsed.accounting().read());
  }

  @Test
  void aCutDocumentKeepsTheEntriesBeforeTheCut() throws IOException {
    Path state = Files.createDirectories(dir.resolve("run")).resolve("trainer_state.json");
    Files.writeString(state, "{\"log_history\": [{\"loss\": 2.75, \"step\": 500}, {\"loss\": 2.5, \"st");
    ParsedFile parsed = logFiles.parse(state.toUri().toString());
    assertEquals(List.of("loss@500=2.75"), points(parsed));
    assertEquals(1, parsed.rejects().size());
    Reject cut = parsed.rejects().get(0);
    assertEquals(2, cut.line());
    assertTrue(cut.reason().startsWith("not JSON after log_history entry 1: "), cut.reason());
  }

  @Test
  void aDocumentWithoutHistoryIsRejected() throws IOException {
    Path state = Files.createDirectories(dir.resolve("run")).resolve("trainer_state.json");
    Files.writeString(state, "{\"global_step\": 3, \"global_step\": 4}");
    ParsedFile parsed = logFiles.parse(state.toUri().toString());
    assertEquals(1, parsed.rejects().size());
    assertTrue(parsed.rejects().get(0).reason().startsWith("not JSON after log_history entry 0: Duplicate field"
        + " 'global_step'"), parsed.rejects().get(0).reason());
    Files.writeString(state, "{\"global_step\": 3}");
    assertEquals(List.of("no \"log_history\", expected a Trainer state with a \"log_history\" array"),
        logFiles.parse(state.toUri().toString()).rejects().stream().map(Reject::reason).toList());
  }
}
