package org.scalingpipeline.synthetic;

import java.util.Optional;
import org.scalingpipeline.core.laws.OffsetPowerLaw;
import org.scalingpipeline.ingest.RunRecord;

/**
 * One generated training run: a dense model of {@code paramsDense} parameters trained on
 * {@code tokensPerStep} tokens per step, whose loss at step {@code s} before noise is its study's law
 * at {@code (N, D = tokensPerStep·s)} ({@link SyntheticCurves#truth}); under Chinchilla's law that is
 * {@code curve.loss(s)}.
 *
 * @param index position among the generated runs (its random streams derive from it)
 * @param runName file and run name; the run id is {@code synthetic:<runName>}
 * @param paramsDense N, parameters
 * @param tokensPerStep tokens per optimiser step
 * @param maxStep last step logged
 * @param points values logged, at evenly spaced steps up to {@code maxStep}
 * @param curve the loss-vs-step law {@code E + A·step^(−α)} where the study's law gives one in closed
 *     form (Chinchilla's, {@link GeneratingLaw#runCurve}); empty otherwise
 */
public record SyntheticRun(int index, String runName, double paramsDense, long tokensPerStep, long maxStep, int points,
    Optional<OffsetPowerLaw> curve) {

  /** {@code source} of every generated run. */
  public static final String SOURCE = "synthetic";
  /** The metric every generated point is logged as: the canonical validation loss the default fit plan reads. */
  public static final String METRIC = "loss_validation";

  /** The run id the ingest gives this run. */
  public String runId() {
    return RunRecord.runId(SOURCE, runName);
  }

  /** Training FLOPs per step, {@code 6·N·tokens_per_step}. */
  public double flopsPerStep() {
    return 6.0 * paramsDense * tokensPerStep;
  }

  /** The step of the {@code i}-th point (0-based): evenly spaced, strictly increasing, the last at {@code maxStep}. */
  public long step(int i) {
    return Math.round((double) maxStep * (i + 1) / points);
  }
}
