package org.scalingpipeline.train;

import java.io.Serializable;

/**
 * How one training run went.
 *
 * @param status completed, diverged or failed
 * @param reason why a run stopped early, with what to try; null when completed
 * @param stepsDone optimiser steps that finished
 * @param finalValLoss last validation loss in nats/token, NaN if none was measured
 * @param tokensPerSecond training throughput (optimiser steps only, validation excluded)
 */
public record TrainingOutcome(
    RunStatus status, String reason, long stepsDone, double finalValLoss, double tokensPerSecond)
    implements Serializable {

  /** A run stopped by an error before or while training. */
  public static TrainingOutcome failed(String reason, long stepsDone) {
    return new TrainingOutcome(RunStatus.FAILED, reason, stepsDone, Double.NaN, Double.NaN);
  }
}
