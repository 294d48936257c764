package org.scalingpipeline.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * The checkpoint-averaging option of a sweep ({@code training.checkpoint_average}, data/sweeps/README.md): take
 * {@code snapshots} copies of the weights at evenly spaced steps over the last {@code lastFraction} of training,
 * the last one at the last step, and evaluate their element-wise mean ({@link CheckpointAverage}) beside the last
 * checkpoint. This is the equal-weight average of stochastic weight averaging (Izmailov et al. 2018, "Averaging
 * Weights Leads to Wider Optima and Better Generalization", §3.2, Algorithm 1) restricted to the latest
 * checkpoints, as in LAWA (Kaddour 2022, "Stop Wasting My Time! Saving Days of ImageNet and BERT Training with
 * Latest Weight Averaging", §2).
 *
 * @param snapshots K, the number of snapshots averaged, at least 2
 * @param lastFraction f, the share of the run's steps the snapshots are spread over, in (0, 1]
 */
public record CheckpointAveraging(int snapshots, double lastFraction) implements Serializable {

  /** Checks K and f. */
  public CheckpointAveraging {
    if (snapshots < 2) {
      throw new IllegalArgumentException("snapshots must be an integer >= 2 (the average of one snapshot is the"
          + " last checkpoint), got " + snapshots);
    }
    if (!(lastFraction > 0 && lastFraction <= 1)) {
      throw new IllegalArgumentException("last_fraction must be a number in (0, 1], got " + lastFraction);
    }
  }

  /**
   * The steps after which a snapshot is taken, ascending: {@code s_k = steps - round((K - 1 - k) f steps / K)}
   * for {@code k = 0 .. K-1}, so the snapshots are {@code f steps / K} apart and the last is the last step (for
   * K = 4, f = 0.2 and 100 steps: 85, 90, 95, 100).
   *
   * @throws IllegalArgumentException when the last fraction of the run is too short for K distinct steps
   */
  public int[] snapshotSteps(int steps) {
    double spacing = lastFraction * steps / snapshots;
    int[] at = new int[snapshots];
    for (int k = 0; k < snapshots; k++) {
      at[k] = (int) (steps - Math.round((snapshots - 1 - k) * spacing));
    }
    boolean distinct = at[0] >= 1;
    for (int k = 1; k < snapshots; k++) {
      distinct &= at[k] > at[k - 1];
    }
    if (!distinct) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "checkpoint_average needs %d distinct steps"
          + " in the last %s of the run's %d steps, got steps %s; average fewer snapshots or a larger"
          + " last_fraction", snapshots, lastFraction, steps, Arrays.toString(at)));
    }
    return at;
  }
}
