package org.scalingpipeline.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A training corpus the tests generate themselves, with a loss a language model can reach and cannot beat:
 * a first-order Markov chain over the {@value #SYMBOLS} letters {@code a..h} in which letter {@code i} is
 * followed by letter {@code i+1} or {@code i+2} (mod {@value #SYMBOLS}), each with probability 1/2. Its
 * entropy rate is exactly {@code ln 2} nats per byte, so the validation loss of a byte-level model falls from
 * {@code ln 259} (uniform over the byte vocabulary, {@link ByteVocabulary}) through the letters' unigram
 * entropy {@code ln 8} (the letters are uniformly distributed: the transition matrix is doubly stochastic)
 * toward {@code ln 2}, and stays above it up to sampling noise. Because every transition that occurs has
 * probability 1/2, the best model's loss is {@code ln 2} on every single token, so even a few hundred
 * validation tokens estimate it with a small error.
 */
final class MarkovCorpus {

  /** Size of the alphabet. */
  static final int SYMBOLS = 8;
  /** Entropy rate of the chain in nats per byte: two equally likely successors after every letter. */
  static final double ENTROPY_RATE = Math.log(2);
  /** Cross-entropy of guessing the letters from their frequencies alone, ignoring the previous letter. */
  static final double UNIGRAM_ENTROPY = Math.log(SYMBOLS);
  /** 80 blocks of {@link TextCorpus#BLOCK_BYTES}: 76 to train on, 4 held out for validation. */
  private static final int BYTES = 80 * TextCorpus.BLOCK_BYTES;

  private MarkovCorpus() {}

  /** Writes the chain's text, drawn with a fixed seed, to {@code markov.txt} in {@code folder}. */
  static Path write(Path folder) throws IOException {
    Random random = new Random(20_240_601L);
    byte[] text = new byte[BYTES];
    int state = 0;
    for (int i = 0; i < text.length; i++) {
      state = (state + 1 + random.nextInt(2)) % SYMBOLS;
      text[i] = (byte) ('a' + state);
    }
    return Files.write(folder.resolve("markov.txt"), text);
  }
}
