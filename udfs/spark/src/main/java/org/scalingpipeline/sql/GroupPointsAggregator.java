package org.scalingpipeline.sql;

import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The part every per-group aggregate of the project shares: it buffers a group's points, one double per named
 * column, and hands them over complete to {@link #finish}, on the executor that holds the group. A row with a NULL in
 * any column is skipped. Subclasses say which columns they read and what they make of the points: a fit
 * ({@link FitAggregator}) or a backtest ({@link BacktestAggregator}).
 */
public abstract class GroupPointsAggregator extends Aggregator<Row, FitBuffer, Row> {

  private static final long serialVersionUID = 1L;

  /** The number of columns read, fixed when the aggregate is made: {@link #zero} runs once per group and partition. */
  private final int width;

  GroupPointsAggregator(int width) {
    this.width = width;
  }

  /** The columns read, in argument order. */
  public abstract List<String> columns();

  @Override
  public final FitBuffer zero() {
    return new FitBuffer(width);
  }

  @Override
  public final FitBuffer reduce(FitBuffer buffer, Row input) {
    double[] row = new double[input.length()];
    for (int i = 0; i < row.length; i++) {
      if (input.isNullAt(i)) {
        return buffer;
      }
      row[i] = input.getDouble(i);
    }
    buffer.add(row);
    return buffer;
  }

  @Override
  public final FitBuffer merge(FitBuffer left, FitBuffer right) {
    left.addAll(right);
    return left;
  }

  @Override
  public final Encoder<FitBuffer> bufferEncoder() {
    return Encoders.javaSerialization(FitBuffer.class);
  }
}
