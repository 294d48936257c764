package org.scalingpipeline.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.scalingpipeline.core.flops.DecoderLmConfig;
import org.scalingpipeline.train.ByteVocabulary;
import org.scalingpipeline.train.DjlEngines;
import org.scalingpipeline.train.LanguageModelTraining;
import org.scalingpipeline.train.RunSpec;
import org.scalingpipeline.train.TextCorpus;
import org.scalingpipeline.train.TokenBatches;

/**
 * Measures training throughput (tokens/s) and model FLOPs utilisation (MFU) per model size on this
 * machine's CPU, against a ceiling measured in the same run: the best float32 GFLOP/s of a plain
 * square {@code NDArray.matMul} through the same engine. Model FLOPs are
 * {@link DecoderLmConfig#trainingFlopsPerToken()} (Kaplan 2020 Table 1), so MFU is the share of the
 * matmul ceiling the training step turns into useful model arithmetic.
 *
 * <p>Usage: {@code TrainingThroughputBenchmark [steps]} (default 20 timed steps per size, after 3
 * warmup steps), with {@code -Dai.djl.offline=true}; needs the corpus of {@code bin/fetch-corpus}.
 */
public final class TrainingThroughputBenchmark {

  private static final int BATCH = 16;
  private static final int CONTEXT = 64;
  private static final int WARMUP_STEPS = 3;
  private static final List<DecoderLmConfig> SIZES = List.of(
      DecoderLmConfig.of(32, 2, 2, CONTEXT, ByteVocabulary.SIZE),
      DecoderLmConfig.of(64, 2, 2, CONTEXT, ByteVocabulary.SIZE),
      DecoderLmConfig.of(128, 2, 4, CONTEXT, ByteVocabulary.SIZE),
      DecoderLmConfig.of(192, 3, 4, CONTEXT, ByteVocabulary.SIZE),
      DecoderLmConfig.of(256, 4, 4, CONTEXT, ByteVocabulary.SIZE));

  private TrainingThroughputBenchmark() {}

  /** Prints the matmul ceiling, then one table row per model size. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path corpusPath = TextCorpus.defaultLocation().orElseThrow(() -> new IllegalStateException(
        "corpus not found; run bin/fetch-corpus or set SCALING_CORPUS"));
    TextCorpus corpus = TextCorpus.load(corpusPath);
    Engine engine = DjlEngines.pytorch();
    double ceiling = matMulGflops();
    System.out.printf(Locale.ROOT, "libtorch %s, %d cores, matmul ceiling %.1f GFLOP/s (float32)%n",
        engine.getVersion(), Runtime.getRuntime().availableProcessors(), ceiling);
    System.out.printf(Locale.ROOT, "%-22s %10s %12s %10s %10s %8s%n",
        "model", "params", "FLOPs/token", "tokens/s", "GFLOP/s", "MFU");
    for (DecoderLmConfig config : SIZES) {
      double tokensPerSecond = tokensPerSecond(config, corpus, steps);
      double gflops = tokensPerSecond * config.trainingFlopsPerToken() / 1e9;
      System.out.printf(Locale.ROOT, "d%-4d l%-2d h%-2d n_ctx %-4d %10d %12.3g %10.0f %10.2f %7.1f%%%n",
          config.dModel(), config.numLayers(), config.numHeads(), config.contextLength(),
          config.parameters(), config.trainingFlopsPerToken(), tokensPerSecond, gflops,
          100 * gflops / ceiling);
    }
  }

  /** Best GFLOP/s of {@code n x n} float32 matmuls, n in 256, 512, 1024. */
  static double matMulGflops() {
    double best = 0;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      for (int n : new int[] {256, 512, 1024}) {
        NDArray a = manager.randomNormal(new Shape(n, n));
        NDArray b = manager.randomNormal(new Shape(n, n));
        a.matMul(b).close();
        int reps = Math.max(2, (int) (2e10 / (2.0 * n * n * n)));
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          a.matMul(b).close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        best = Math.max(best, reps * 2.0 * n * n * n / seconds / 1e9);
      }
    }
    return best;
  }

  /** Training tokens per second of {@code config} over {@code steps} timed optimiser steps. */
  static double tokensPerSecond(DecoderLmConfig config, TextCorpus corpus, int steps) {
    RunSpec spec = new RunSpec("benchmark", config, BATCH, WARMUP_STEPS + steps, 1e-3f, 0, 0.1f,
        WARMUP_STEPS + steps, 1, 1L, "grid", null, null);
    TokenBatches batches = new TokenBatches(corpus, BATCH, CONTEXT, spec.seed());
    try (Model model = LanguageModelTraining.newModel(spec, Device.cpu());
         Trainer trainer = LanguageModelTraining.newTrainer(model, spec, Device.cpu())) {
      long start = 0;
      for (int step = 0; step < WARMUP_STEPS + steps; step++) {
        if (step == WARMUP_STEPS) {
          start = System.nanoTime();
        }
        try (NDManager scope = trainer.getManager().newSubManager()) {
          LanguageModelTraining.trainStep(trainer, batches.nextTrainBatch(scope));
        }
      }
      return steps * spec.tokensPerStep() / ((System.nanoTime() - start) / 1e9);
    }
  }
}
