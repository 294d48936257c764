package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scalingpipeline.core.flops.DecoderLmConfig;

class DecoderLanguageModelTest {

  @BeforeAll
  static void offline() {
    TestRequirements.offlineEngine();
  }

  private static RunSpec spec(DecoderLmConfig model, int batchSize, int steps, float lr) {
    return new RunSpec("unit", model, batchSize, steps, lr, 0, 0f, steps, 1, 7L, "grid", null, null);
  }

  @ParameterizedTest(name = "d_model={0} n_layer={1} heads={2} n_ctx={3}")
  @CsvSource({"32, 1, 2, 32", "48, 2, 4, 64", "64, 3, 1, 16"})
  void parameterCountEqualsTheFormula(int dModel, int layers, int heads, int context) {
    DecoderLmConfig config = DecoderLmConfig.of(dModel, layers, heads, context, ByteVocabulary.SIZE);
    RunSpec spec = spec(config, 2, 1, 1e-3f);
    try (Model model = LanguageModelTraining.newModel(spec, Device.cpu());
         Trainer trainer = LanguageModelTraining.newTrainer(model, spec, Device.cpu())) {
      long counted = 0;
      long embedding = 0;
      for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
        long size = p.getValue().getArray().size();
        counted += size;
        if (p.getKey().endsWith("_embedding")) {
          embedding += size;
        }
      }
      assertEquals(config.parameters(), counted, "trainable parameters of the DJL model");
      assertEquals(config.embeddingParameters(), embedding, "token + position tables");
    }
  }

  @Test
  void logitsHaveOneRowPerPositionAndVocabularyEntry() {
    DecoderLmConfig config = DecoderLmConfig.of(32, 1, 2, 16, ByteVocabulary.SIZE);
    RunSpec spec = spec(config, 3, 1, 1e-3f);
    try (Model model = LanguageModelTraining.newModel(spec, Device.cpu());
         Trainer trainer = LanguageModelTraining.newTrainer(model, spec, Device.cpu());
         NDManager scope = trainer.getManager().newSubManager()) {
      NDList logits = trainer.evaluate(new NDList(scope.zeros(new Shape(3, 16), DataType.INT64)));
      assertArrayEquals(new long[] {3, 16, ByteVocabulary.SIZE}, logits.singletonOrThrow().getShape().getShape());
    }
  }

  @Test
  void aPositionDoesNotSeeTheFuture() {
    DecoderLmConfig config = DecoderLmConfig.of(32, 2, 2, 16, ByteVocabulary.SIZE);
    RunSpec spec = spec(config, 1, 1, 1e-3f);
    try (Model model = LanguageModelTraining.newModel(spec, Device.cpu());
         Trainer trainer = LanguageModelTraining.newTrainer(model, spec, Device.cpu());
         NDManager scope = trainer.getManager().newSubManager()) {
      long[] tokens = new long[16];
      for (int t = 0; t < 16; t++) {
        tokens[t] = 'a' + t;
      }
      NDArray before = trainer.evaluate(new NDList(scope.create(tokens, new Shape(1, 16)))).singletonOrThrow();
      tokens[10] = 'z';
      NDArray after = trainer.evaluate(new NDList(scope.create(tokens, new Shape(1, 16)))).singletonOrThrow();
      NDIndex past = new NDIndex(":, :10, :");
      NDIndex present = new NDIndex(":, 10:, :");
      assertTrue(before.get(past).allClose(after.get(past)), "positions 0..9 ignore token 10");
      assertFalse(before.get(present).allClose(after.get(present)), "positions 10.. see token 10");
    }
  }

  @Test
  void aFewStepsOnOneFixedBatchLowerTheLoss() {
    DecoderLmConfig config = DecoderLmConfig.of(32, 1, 2, 32, ByteVocabulary.SIZE);
    RunSpec spec = spec(config, 2, 10, 3e-3f);
    byte[] text = ("It was the best of times, it was the worst of times, it was the age of wisdom,"
        + " it was the age of foolishness.").getBytes(StandardCharsets.UTF_8);
    TokenBatches batches = new TokenBatches(TextCorpus.split("dickens", repeat(text, 800)), 2, 32, 1L);
    try (Model model = LanguageModelTraining.newModel(spec, Device.cpu());
         Trainer trainer = LanguageModelTraining.newTrainer(model, spec, Device.cpu());
         NDManager scope = trainer.getManager().newSubManager()) {
      NDList fixedBatch = batches.nextTrainBatch(scope);
      float first = LanguageModelTraining.trainStep(trainer, fixedBatch);
      float last = first;
      for (int i = 1; i < spec.steps(); i++) {
        last = LanguageModelTraining.trainStep(trainer, fixedBatch);
      }
      // An untrained model is near uniform over 259 tokens: ln 259 = 5.56 nats.
      assertEquals(Math.log(ByteVocabulary.SIZE), first, 0.3);
      assertTrue(last < first - 0.5, "loss after 10 steps " + last + " should be well below " + first);
    }
  }

  private static byte[] repeat(byte[] text, int times) {
    byte[] all = new byte[text.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(text, 0, all, i * text.length, text.length);
    }
    return all;
  }
}
