package org.scalingpipeline.train;

/** How a training run ended; written to the run record's {@code config.status}. */
public enum RunStatus {
  /** Trained for all planned steps. */
  COMPLETED,
  /** Stopped by the divergence guard: a loss became NaN or infinite. */
  DIVERGED,
  /** Stopped by an error (corpus, engine, device, out of memory). */
  FAILED;

  /** Lower-case name as logged. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
