package org.scalingpipeline.sql;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.util.LinkedHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.HoldoutBacktest;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The struct a {@link BacktestAggregator} returns per group: the law fitted below the cut, and how well it predicted
 * the points at or above it ({@link HoldoutBacktest.Result}): points fitted and held out, the cut-off, the ln-space RMSE
 * and largest relative error of the prediction, and how many decades of the cut column it reached past the data.
 */
public final class BacktestOutput {

  public static final StructType SCHEMA = new StructType(new StructField[] {
      createStructField("law", StringType, false),
      createStructField("params", createMapType(StringType, DoubleType), false),
      createStructField("n_fit", IntegerType, false),
      createStructField("n_heldout", IntegerType, false),
      createStructField("cutoff", DoubleType, true),
      createStructField("rmse_log", DoubleType, true),
      createStructField("max_rel_error", DoubleType, true),
      createStructField("extrapolation_decades", DoubleType, true),
      createStructField("converged", BooleanType, false),
      createStructField("reason", StringType, true)});

  private BacktestOutput() {}

  /** The struct of a backtest: scored when its fit converged and a point was held out, else the reason. */
  public static Row of(String law, HoldoutBacktest.Result backtest) {
    FitResult fit = backtest.fit() != null ? backtest.fit() : FitResult.failed(backtest.trainPoints(), backtest.reason());
    return RowFactory.create(law, CollectionConverters.asScala(new LinkedHashMap<>(fit.parameters())),
        backtest.trainPoints(), backtest.testPoints(), FitOutput.finiteOrNull(backtest.cutoff()), FitOutput.finiteOrNull(backtest.rmseLog()),
        FitOutput.finiteOrNull(backtest.maxRelativeError()), FitOutput.finiteOrNull(backtest.extrapolationDecades()),
        fit.converged() && backtest.reason() == null, fit.reason() != null ? fit.reason() : backtest.reason());
  }

  /** The struct of a backtest that could not run. */
  static Row failed(String law, FitResult fit) {
    return RowFactory.create(law, CollectionConverters.asScala(new LinkedHashMap<String, Double>()), fit.nPoints(), 0,
        null, null, null, null, false, fit.reason());
  }
}
