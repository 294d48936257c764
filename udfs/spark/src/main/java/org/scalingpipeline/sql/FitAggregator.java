package org.scalingpipeline.sql;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.core.fit.CurveFitter;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.HoldoutBacktest;
import org.scalingpipeline.core.fit.Observations;

/**
 * Fits one law to the points of a group: buffers the group's rows and fits in {@link #finish}, on
 * the executor that holds the group. A row with a NULL in any column is skipped; a fit that fails
 * comes back as a struct with {@code converged = false} and the reason, never as a failed task.
 */
public final class FitAggregator extends Aggregator<Row, FitBuffer, Row> {

  private static final long serialVersionUID = 1L;

  private final FitSpec spec;
  private final int width;

  public FitAggregator(FitSpec spec) {
    this.spec = spec;
    this.width = spec.fitter().columns().size();
  }

  /** The column roles, in argument order. */
  public java.util.List<String> columns() {
    return spec.fitter().columns();
  }

  @Override
  public FitBuffer zero() {
    return new FitBuffer(width);
  }

  @Override
  public FitBuffer reduce(FitBuffer buffer, Row input) {
    double[] row = new double[width];
    for (int i = 0; i < width; i++) {
      if (input.isNullAt(i)) {
        return buffer;
      }
      row[i] = input.getDouble(i);
    }
    buffer.add(row);
    return buffer;
  }

  @Override
  public FitBuffer merge(FitBuffer left, FitBuffer right) {
    left.addAll(right);
    return left;
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
  public Encoder<FitBuffer> bufferEncoder() {
    return Encoders.javaSerialization(FitBuffer.class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(FitOutput.SCHEMA);
  }
}
