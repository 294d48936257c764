package org.scalingpipeline.train;

import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/**
 * The learning-rate schedule of every run: linear warmup from 0 to the peak, then cosine decay to
 * 10 % of the peak at the last step (the Chinchilla recipe, Hoffmann et al. 2022 §3 and Appendix B).
 */
public final class LearningRateSchedule {

  /** Learning rate at the end of the cosine, as a fraction of the peak. */
  public static final float FINAL_FRACTION = 0.1f;

  private LearningRateSchedule() {}

  /** DJL tracker for {@code totalSteps} updates, the first {@code warmupSteps} of them warming up. */
  public static Tracker warmupCosine(float peak, int warmupSteps, int totalSteps) {
    Tracker cosine = Tracker.cosine()
        .setBaseValue(peak)
        .optFinalValue(peak * FINAL_FRACTION)
        .setMaxUpdates(Math.max(1, totalSteps - warmupSteps))
        .build();
    return Tracker.warmUp()
        .setMainTracker(cosine)
        .optWarmUpSteps(warmupSteps)
        .optWarmUpBeginValue(0f)
        .optWarmUpMode(WarmUpTracker.Mode.LINEAR)
        .build();
  }
}
