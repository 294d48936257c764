package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the training tests need, checked up front: DJL in offline mode (the CPU natives ship in the
 * test classpath, nothing may be downloaded) and, for the tests that train on real text, the Brown
 * corpus fetched by {@code bin/fetch-corpus}. A missing corpus skips the test with the fix.
 */
final class TestRequirements {

  private TestRequirements() {}

  /** Puts DJL in offline mode; call before the first engine use. */
  static void offlineEngine() {
    System.setProperty("ai.djl.offline", "true");
  }

  /** The default corpus, or skips the test saying how to fetch it. */
  static Path corpus() {
    Optional<Path> corpus = TextCorpus.defaultLocation();
    assumeTrue(corpus.isPresent(), "training corpus not found (SCALING_CORPUS, or corpus/brown.txt"
        + " under ${SCALING_CACHE:-~/.cache/scaling-pipeline}); run bin/fetch-corpus");
    return corpus.get();
  }
}
