package org.scalingpipeline.train;

/** Receives the curve points of a training run as they are measured (the run log, a progress line). */
@FunctionalInterface
public interface CurveListener {

  /** Called once per logged metric value, in step order. */
  void onPoint(CurvePoint point);
}
