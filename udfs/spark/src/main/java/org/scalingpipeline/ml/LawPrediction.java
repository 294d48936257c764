package org.scalingpipeline.ml;

import java.util.Map;
import org.apache.spark.sql.api.java.UDF3;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.laws.LawModel;
import org.scalingpipeline.core.laws.ScalingLaw;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a {@link ScalingLawModel} computes per row from a fit struct's {@code law} and {@code params}: the
 * law's response at the row's predictors ({@link LawModel#evaluation}, the formula the fitters minimise), and
 * the compute-optimal N and D for a budget. NULL in, or a fit without parameters (a failed fit), gives NULL; so
 * does a result that is not a finite number, or a budget at or below 0, as in the SQL functions.
 */
final class LawPrediction {

  private LawPrediction() {}

  /** The response at the predictors (an array, in the law's role order). */
  static final UDF3<String, scala.collection.Map<String, Object>, scala.collection.Seq<Object>, Double> RESPONSE =
      (law, params, predictors) -> {
        if (law == null || params == null || params.isEmpty() || predictors == null || predictors.contains(null)) {
          return null;
        }
        double[][] columns = new double[predictors.size()][];
        for (int i = 0; i < columns.length; i++) {
          columns[i] = new double[] {((Number) predictors.apply(i)).doubleValue()};
        }
        return finite(respond(Laws.ALL.law(law).model(), parameters(params), columns));
      };

  /** The compute-optimal parameter count for a budget. */
  static final UDF3<String, scala.collection.Map<String, Object>, Double, Double> N_OPT =
      (law, params, budget) -> optimum(law, params, budget, true);

  /** The compute-optimal token count for a budget. */
  static final UDF3<String, scala.collection.Map<String, Object>, Double, Double> D_OPT =
      (law, params, budget) -> optimum(law, params, budget, false);

  private static Double optimum(String law, scala.collection.Map<String, Object> params, Double budget, boolean n) {
    if (law == null || params == null || params.isEmpty() || budget == null || !(budget > 0)) {
      return null;
    }
    ScalingLaw fitted = Laws.ALL.law(law).law(parameters(params));
    var optimal = Laws.ALL.computeOptimal(n ? LawParams.N_OPT : LawParams.D_OPT, law, fitted);
    return finite(n ? optimal.nOpt(budget) : optimal.dOpt(budget));
  }

  private static <L extends ScalingLaw> double respond(LawModel<L> model, Map<String, Double> params,
      double[][] predictors) {
    return model.evaluation().at(model.law(params), predictors, 0);
  }

  private static Map<String, Double> parameters(scala.collection.Map<String, Object> params) {
    Map<String, Double> values = new java.util.LinkedHashMap<>();
    CollectionConverters.asJava(params).forEach((k, v) -> values.put(k, ((Number) v).doubleValue()));
    return values;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
