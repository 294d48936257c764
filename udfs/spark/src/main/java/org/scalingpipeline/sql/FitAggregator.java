package org.scalingpipeline.sql;

import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.core.fit.CurveFitter;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.HoldoutBacktest;
import org.scalingpipeline.core.fit.Observations;

/**
 * Fits one law to the points of a group ({@link GroupPointsAggregator}): a fit that fails comes back as a struct with
 * {@code converged = false} and the reason, never as a failed task.
 */
public final class FitAggregator extends GroupPointsAggregator {

  private static final long serialVersionUID = 1L;

  private final FitSpec spec;

  public FitAggregator(FitSpec spec) {
    super(spec.fitter().columns().size());
    this.spec = spec;
  }

  /** The column roles, in argument order. */
  @Override
  public List<String> columns() {
    return spec.fitter().columns();
  }

  @Override
  public Row finish(FitBuffer buffer) {
    try {
      CurveFitter fitter = spec.fitter();
      Observations observations = buffer.observations(fitter.columns());
      if (spec.holdout() != null) {
        return FitOutput.of(spec.law(), HoldoutBacktest.of(fitter, spec.holdout()).run(observations));
      }
      return FitOutput.of(spec.law(), fitter.fit(observations));
    } catch (RuntimeException e) {
      return FitOutput.of(spec.law(), FitResult.failed(buffer.rows(), spec.law() + " fit failed: " + e));
    }
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(FitOutput.SCHEMA);
  }
}
