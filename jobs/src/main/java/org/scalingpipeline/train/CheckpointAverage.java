package org.scalingpipeline.train;

/**
 * The element-wise mean of weight snapshots, {@code w_avg = (1/K) sum_k w_k} per parameter element (Izmailov et
 * al. 2018, §3.2, Algorithm 1, with equal weights): the model {@link CheckpointAveraging} evaluates. A snapshot
 * is one {@code float[]} per parameter, in the block's parameter order, as {@link ModelWeights} reads them.
 *
 * <p>Memory: the snapshots are summed as they come, in doubles, so whatever K it holds 8 bytes per parameter,
 * never K copies of the weights. The sum in doubles makes the mean of K identical float snapshots exactly the
 * snapshot (K x w is exact in a double for K < 2^29, and so is its quotient by K).
 */
final class CheckpointAverage {

  private double[][] sum;
  private int count;

  /** Adds one snapshot; it must have the shape of the first. The snapshot is read, not kept. */
  void add(float[][] snapshot) {
    if (sum == null) {
      sum = new double[snapshot.length][];
      for (int p = 0; p < snapshot.length; p++) {
        sum[p] = new double[snapshot[p].length];
      }
    }
    if (snapshot.length != sum.length) {
      throw new IllegalArgumentException("snapshot " + (count + 1) + " has " + snapshot.length
          + " parameters, the first had " + sum.length);
    }
    for (int p = 0; p < sum.length; p++) {
      if (snapshot[p].length != sum[p].length) {
        throw new IllegalArgumentException("parameter " + p + " of snapshot " + (count + 1) + " has "
            + snapshot[p].length + " elements, in the first snapshot " + sum[p].length);
      }
      for (int i = 0; i < sum[p].length; i++) {
        sum[p][i] += snapshot[p][i];
      }
    }
    count++;
  }

  /** Snapshots added so far. */
  int count() {
    return count;
  }

  /** The element-wise mean of the snapshots added, rounded to float once. */
  float[][] mean() {
    if (count == 0) {
      throw new IllegalStateException("no snapshot to average; add one first");
    }
    float[][] mean = new float[sum.length][];
    for (int p = 0; p < sum.length; p++) {
      mean[p] = new float[sum[p].length];
      for (int i = 0; i < sum[p].length; i++) {
        mean[p][i] = (float) (sum[p][i] / count);
      }
    }
    return mean;
  }
}
