package org.scalingpipeline.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.HoldoutBacktest;
import org.scalingpipeline.core.fit.HoldoutCut;

/**
 * Backtests one law on the points of a group ({@link GroupPointsAggregator}) with a cut in a column of the study
 * rather than of the law: the law's column roles and then the column {@link #CUT} (e.g. a run's compute), so that
 * every law of a leaderboard is fitted on the same points and scored on the same held-out ones, whatever its own
 * predictors ({@link HoldoutBacktest}). Returns a {@link BacktestOutput} struct; a fit that fails is a struct with
 * {@code converged = false} and the reason.
 */
public final class BacktestAggregator extends GroupPointsAggregator {

  private static final long serialVersionUID = 1L;

  /** The name of the cut column after the law's roles. */
  public static final String CUT = "cut";

  private final FitSpec spec;
  private final HoldoutCut cut;

  /** A backtest of the spec's law (which must have no holdout of its own) with a cut in the column {@link #CUT}. */
  public BacktestAggregator(FitSpec spec, HoldoutCut cut) {
    super(spec.fitter().columns().size() + 1);
    if (spec.holdout() != null || !CUT.equals(cut.column())) {
      throw new IllegalArgumentException("a backtest cuts the column '" + CUT + "' of a plain fit, got the fit's"
          + " holdout " + spec.holdout() + " and a cut in '" + cut.column() + "'");
    }
    this.spec = spec;
    this.cut = cut;
  }

  /** The law's column roles, then {@link #CUT}. */
  @Override
  public List<String> columns() {
    List<String> columns = new ArrayList<>(spec.fitter().columns());
    columns.add(CUT);
    return columns;
  }

  @Override
  public Row finish(FitBuffer buffer) {
    try {
      return BacktestOutput.of(spec.law(), HoldoutBacktest.of(spec.fitter(), cut).run(buffer.observations(columns())));
    } catch (RuntimeException e) {
      return BacktestOutput.failed(spec.law(), FitResult.failed(buffer.rows(), spec.law() + " backtest failed: " + e));
    }
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(BacktestOutput.SCHEMA);
  }
}
