package org.scalingpipeline.train;

/**
 * What the training tests need, set up front: DJL in offline mode (the CPU natives ship in the test
 * classpath, nothing may be downloaded). Their corpus they generate themselves ({@link MarkovCorpus}).
 */
final class TestRequirements {

  private TestRequirements() {}

  /** Puts DJL in offline mode; call before the first engine use. */
  static void offlineEngine() {
    System.setProperty("ai.djl.offline", "true");
  }
}
