package org.scalingpipeline.sql;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.fit.FitResult;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The struct every fitting SQL function returns: the law, its parameters and standard errors by
 * name, the number of points, the RMSE of natural-log residuals (and of log10 residuals), r²,
 * optimiser iterations, whether it converged and, if not, why.
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
      createStructField("reason", StringType, true)});

  private FitOutput() {}

  /** The struct of a fit result. */
  public static Row of(String law, FitResult fit) {
    return RowFactory.create(law, map(fit.parameters()), map(fit.standardErrors()), fit.nPoints(),
        finiteOrNull(fit.rmseLog()), finiteOrNull(fit.rmseLog10()), finiteOrNull(fit.r2()), fit.iterations(),
        fit.converged(), fit.reason());
  }

  private static scala.collection.Map<String, Double> map(Map<String, Double> values) {
    return CollectionConverters.asScala(new LinkedHashMap<>(values));
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
