package org.scalingpipeline.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Cuts a {@link TextCorpus} into next-token batches {@code (inputs, labels)}, both
 * {@code (batch, contextLength)} INT64 token ids, labels shifted by one byte. Training windows start
 * at seeded random offsets; validation windows are fixed and spread evenly over the held-out bytes,
 * so every run of a sweep is scored on the same text.
 */
public final class TokenBatches {

  private final TextCorpus corpus;
  private final int batchSize;
  private final int contextLength;
  private final Random random;

  public TokenBatches(TextCorpus corpus, int batchSize, int contextLength, long seed) {
    requireLongEnough("training", corpus.train().length, contextLength);
    requireLongEnough("validation", corpus.validation().length, contextLength);
    this.corpus = corpus;
    this.batchSize = batchSize;
    this.contextLength = contextLength;
    this.random = new Random(seed);
  }

  private static void requireLongEnough(String part, int bytes, int contextLength) {
    if (bytes < contextLength + 1) {
      throw new IllegalArgumentException("the corpus's " + part + " part has " + bytes
          + " bytes, fewer than one window of " + (contextLength + 1)
          + "; use a larger corpus (about 100 windows at least) or a shorter context");
    }
  }

  /** The next random training batch, allocated on {@code manager}. */
  public NDList nextTrainBatch(NDManager manager) {
    byte[] text = corpus.train();
    int[] offsets = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      offsets[i] = random.nextInt(text.length - contextLength);
    }
    return batch(manager, text, offsets);
  }

  /** Validation batch {@code index} of {@code count}: together they cover the held-out bytes evenly. */
  NDList validationBatch(NDManager manager, int index, int count) {
    byte[] text = corpus.validation();
    long windows = (long) count * batchSize;
    long stride = (text.length - contextLength - 1) / windows;
    int[] offsets = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      offsets[i] = (int) (((long) index * batchSize + i) * stride);
    }
    return batch(manager, text, offsets);
  }

  private NDList batch(NDManager manager, byte[] text, int[] offsets) {
    long[] inputs = new long[batchSize * contextLength];
    long[] labels = new long[inputs.length];
    for (int row = 0; row < batchSize; row++) {
      for (int t = 0; t < contextLength; t++) {
        inputs[row * contextLength + t] = ByteVocabulary.id(text[offsets[row] + t]);
        labels[row * contextLength + t] = ByteVocabulary.id(text[offsets[row] + t + 1]);
      }
    }
    Shape shape = new Shape(batchSize, contextLength);
    return new NDList(manager.create(inputs, shape), manager.create(labels, shape));
  }
}
