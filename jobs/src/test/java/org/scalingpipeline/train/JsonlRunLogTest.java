package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.flops.DecoderLmConfig;

class JsonlRunLogTest {

  private static final RunSpec SPEC = new RunSpec("tiny-grid-d32-l1-h2-n32-t1e4-s1",
      DecoderLmConfig.of(32, 1, 2, 32, ByteVocabulary.SIZE), 8, 40, 3e-3f, 4, 0.1f, 20, 2, 1L,
      "grid", null, null);

  @Test
  void landedLogParsesAsTheGenericFormat(@TempDir Path landing) throws IOException {
    JsonlRunLog log = new JsonlRunLog(SPEC, "brown");
    for (long step : new long[] {20, 40}) {
      log.onPoint(point(step, "train_loss", 3.0 - step / 100.0, "nats/token"));
      log.onPoint(point(step, "val_loss", 3.1 - step / 100.0, "nats/token"));
      log.onPoint(point(step, "val_bpb", (3.1 - step / 100.0) / Math.log(2), "bits/byte"));
    }
    Path landed = log.land(landing, new TrainingOutcome(RunStatus.COMPLETED, null, 40, 2.7, 1234.5), "cpu()");

    assertEquals(landing.resolve(SPEC.runName() + ".jsonl"), landed);
    LogFormatCheck.assertNoTemporaryFiles(landing);
    LogFormatCheck.ParsedLog parsed = LogFormatCheck.parse(landed);
    JsonNode run = parsed.run();
    assertEquals("djl-train", run.get("source").asText());
    assertEquals(SPEC.model().parameters(), run.get("params_total").asLong());
    assertEquals(SPEC.model().nonEmbeddingParameters(), run.get("params_non_embedding").asLong());
    assertEquals(256, run.get("tokens_per_step").asLong());
    assertEquals(256 * SPEC.model().trainingFlopsPerToken(), run.get("flops_per_step").asDouble(), 1e-6);
    assertEquals("utf-8-bytes", run.get("tokenizer").asText());
    assertEquals(259, run.get("vocab_size").asInt());
    assertEquals("completed", run.get("config").get("status").asText());
    assertEquals(6, parsed.points().size());
    assertEquals(List.of(2.9, 2.7), parsed.values("val_loss"));
    assertEquals("bits/byte", parsed.points().get(2).get("unit").asText());
  }

  @Test
  void divergedRunRecordsWhy(@TempDir Path landing) throws IOException {
    JsonlRunLog log = new JsonlRunLog(SPEC, "brown");
    String reason = "training loss became NaN at step 12 of 40 (peak lr 3.0, 4 warmup steps);"
        + " try a lower learning rate or a longer warmup";
    Path landed = log.land(landing, new TrainingOutcome(RunStatus.DIVERGED, reason, 11, Double.NaN, 99), "cpu()");
    JsonNode config = LogFormatCheck.parse(landed).run().get("config");
    assertEquals("diverged", config.get("status").asText());
    assertEquals(reason, config.get("stop_reason").asText());
  }

  @Test
  void refusesToOverwriteALandedLog(@TempDir Path landing) {
    TrainingOutcome done = new TrainingOutcome(RunStatus.COMPLETED, null, 40, 2.7, 1.0);
    new JsonlRunLog(SPEC, "brown").land(landing, done, "cpu()");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new JsonlRunLog(SPEC, "brown").land(landing, done, "cpu()"));
    assertTrue(e.getMessage().startsWith("log already landed: "), e.getMessage());
  }

  private static CurvePoint point(long step, String metric, double value, String unit) {
    return new CurvePoint(step, step * SPEC.tokensPerStep(), step * SPEC.flopsPerStep(), metric,
        value, unit, 1_763_900_000.25);
  }
}
