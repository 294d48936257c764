package org.scalingpipeline.train;

import java.io.Serializable;
import org.scalingpipeline.core.flops.DecoderLmConfig;

/**
 * One training run of a sweep: the model, the optimisation budget and where it came from. Runs are
 * shipped to Spark tasks, hence {@link Serializable}. Sequences are {@code model.contextLength()}
 * tokens long.
 *
 * @param runName unique name; the log lands as {@code <runName>.jsonl} and the run id is
 *     {@code djl-train:<runName>}
 * @param model decoder shape
 * @param batchSize sequences per optimiser step
 * @param steps optimiser steps
 * @param peakLearningRate AdamW learning rate reached after warmup
 * @param warmupSteps linear warmup steps from 0; cosine decay to 10 % follows
 * @param weightDecay AdamW decoupled weight decay
 * @param evalEvery steps between validation evaluations (the last step is always evaluated)
 * @param evalBatches validation batches per evaluation
 * @param seed data-order and initialisation seed
 * @param plan how the sweep declared this run: {@code grid}, {@code isoflop} or {@code reference}
 * @param computeBudget planned compute {@code C} in FLOPs for IsoFLOP and reference runs, else null
 * @param checkpointAveraging the weight snapshots to average and evaluate at the end, null when off
 */
public record RunSpec(
    String runName,
    DecoderLmConfig model,
    int batchSize,
    int steps,
    float peakLearningRate,
    int warmupSteps,
    float weightDecay,
    int evalEvery,
    int evalBatches,
    long seed,
    String plan,
    Double computeBudget,
    CheckpointAveraging checkpointAveraging)
    implements Serializable {

  /** Checks the budget values. */
  public RunSpec {
    if (runName == null || !runName.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("run name must be letters, digits, '.', '_' or '-' and not"
          + " start with '.' or '_' (those names are hidden from the readers), got '" + runName + "'");
    }
    if (batchSize <= 0 || steps <= 0 || evalEvery <= 0 || evalBatches <= 0 || warmupSteps < 0) {
      throw new IllegalArgumentException("run " + runName + ": batch_size, steps, eval_every and"
          + " eval_batches must be positive and warmup_steps >= 0, got batch_size=" + batchSize
          + ", steps=" + steps + ", eval_every=" + evalEvery + ", eval_batches=" + evalBatches
          + ", warmup_steps=" + warmupSteps);
    }
    if (!(peakLearningRate > 0) || !Float.isFinite(peakLearningRate)) {
      throw new IllegalArgumentException("run " + runName + ": lr must be a positive number, got "
          + peakLearningRate);
    }
    if (checkpointAveraging != null) {
      try {
        checkpointAveraging.snapshotSteps(steps);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("run " + runName + ": " + e.getMessage(), e);
      }
    }
  }

  /** The steps after which a weight snapshot is taken, ascending; none when averaging is off. */
  public int[] snapshotSteps() {
    return checkpointAveraging == null ? new int[0] : checkpointAveraging.snapshotSteps(steps);
  }

  /** Tokens consumed by one optimiser step, {@code batchSize x contextLength}. */
  public long tokensPerStep() {
    return (long) batchSize * model.contextLength();
  }

  /** Training FLOPs of one step, {@code tokensPerStep x model.trainingFlopsPerToken()}. */
  public double flopsPerStep() {
    return tokensPerStep() * model.trainingFlopsPerToken();
  }
}
