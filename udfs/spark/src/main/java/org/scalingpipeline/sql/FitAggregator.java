package org.scalingpipeline.sql;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.CurveFitter;
import org.scalingpipeline.core.fit.FitResult;

/**
 * Fits one law to the points of a group: buffers the group's rows and fits in {@link #finish}, on
 * the executor that holds the group. A row with a NULL in any column is skipped; a fit that fails
 * comes back as a struct with {@code converged = false} and the reason, never as a failed task.
 */
public final class FitAggregator extends Aggregator<Row, FitBuffer, Row> {

  private static final long serialVersionUID = 1L;

  private final String law;
  private final Double fixedExponent;
  private final int width;

  /**
   * @param law a law name of {@link Laws#names()}
   * @param fixedExponent for {@code allocation}, the exponent held fixed; null to fit it
   */
  public FitAggregator(String law, Double fixedExponent) {
    this.law = law;
    this.fixedExponent = fixedExponent;
    this.width = fitter().columns().size();
  }

  /** The column roles, in argument order. */
  public java.util.List<String> columns() {
    return fitter().columns();
  }

  private CurveFitter fitter() {
    return fixedExponent == null ? Laws.fitterFor(law) : AllocationFitter.create().withExponent(fixedExponent);
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
    FitResult fit;
    try {
      CurveFitter fitter = fitter();
      fit = fitter.fit(buffer.observations(fitter.columns()));
    } catch (RuntimeException e) {
      fit = FitResult.failed(buffer.rows(), law + " fit failed: " + e);
    }
    return FitOutput.of(law, fit);
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
