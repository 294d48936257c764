package org.scalingpipeline.sql;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.HoldoutBacktest;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The struct every fitting SQL function returns: the law, its parameters and standard errors by
 * name, the number of points, the RMSE of natural-log residuals (and of log10 residuals), r²,
 * optimiser iterations, whether it converged and, if not, why, the parameters left on a bound, and the
 * parameters of each bootstrap resample (empty unless bootstrapped).
 */
public final class FitOutput {

  /** The struct's fields. */
  public static final StructType SCHEMA = new StructType(new org.apache.spark.sql.types.StructField[] {
      createStructField("law", StringType, false),
      createStructField("params", createMapType(StringType, DoubleType), false),
      createStructField("stderr", createMapType(StringType, DoubleType), false),
      createStructField("n_points", IntegerType, false),
      createStructField("rmse", DoubleType, true),
      createStructField("rmse_log10", DoubleType, true),
      createStructField("r2", DoubleType, true),
      createStructField("iterations", IntegerType, false),
      createStructField("converged", BooleanType, false),
      createStructField("reason", StringType, true),
      createStructField("ci_lower", createMapType(StringType, DoubleType), false),
      createStructField("ci_upper", createMapType(StringType, DoubleType), false),
      createStructField("holdout_points", IntegerType, true),
      createStructField("holdout_rmse", DoubleType, true),
      createStructField("holdout_max_rel_error", DoubleType, true),
      createStructField("at_bound", createArrayType(StringType, false), false),
      createStructField("bootstrap_draws", createArrayType(createMapType(StringType, DoubleType, false), false),
          false)});

  private FitOutput() {}

  /** The struct of a fit result. */
  public static Row of(String law, FitResult fit) {
    return row(law, fit, fit.reason(), null, Double.NaN, Double.NaN);
  }

  /**
   * The struct of a holdout backtest: the fit below the cut and its prediction error above it; the
   * reason says why the backtest could not be scored (e.g. no point above the cut).
   */
  public static Row of(String law, HoldoutBacktest.Result backtest) {
    FitResult fit = backtest.fit() != null ? backtest.fit() : FitResult.failed(backtest.trainPoints(), backtest.reason());
    return row(law, fit, fit.reason() != null ? fit.reason() : backtest.reason(), backtest.testPoints(),
        backtest.rmseLog(), backtest.maxRelativeError());
  }

  private static Row row(String law, FitResult fit, String reason, Integer holdoutPoints, double holdoutRmse, double holdoutMaxError) {
    Map<String, Double> lower = new LinkedHashMap<>();
    Map<String, Double> upper = new LinkedHashMap<>();
    fit.intervals().forEach((name, interval) -> {
      lower.put(name, interval.lower());
      upper.put(name, interval.upper());
    });
    return RowFactory.create(law, map(fit.parameters()), map(fit.standardErrors()), fit.nPoints(),
        finiteOrNull(fit.rmseLog()), finiteOrNull(fit.rmseLog10()), finiteOrNull(fit.r2()), fit.iterations(),
        fit.converged(), reason, map(lower), map(upper), holdoutPoints, finiteOrNull(holdoutRmse),
        finiteOrNull(holdoutMaxError), CollectionConverters.asScala(fit.atBound()).toSeq(),
        CollectionConverters.asScala(fit.draws().stream().map(FitOutput::map).toList()).toSeq());
  }

  private static scala.collection.Map<String, Double> map(Map<String, Double> values) {
    return CollectionConverters.asScala(new LinkedHashMap<>(values));
  }

  /** A finite value, or null for SQL's NULL. */
  static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
