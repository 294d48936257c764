package org.scalingpipeline.report;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.scalingpipeline.core.Law;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * A one-variable fitted law from a {@code fits} row (law name and params map), built and evaluated
 * through the core's law registry so the report draws exactly what was fitted; sampled on a log-spaced
 * grid for plotting.
 */
public record FittedCurve(DoubleUnaryOperator law) {

  /** Points of a curve sampled on a grid. */
  public record Samples(double[] x, double[] y) {}

  /**
   * The curve of a fit of a one-variable law (one predictor and the response: power-law, loss-curve,
   * power-law-offset, isoflop or allocation); throws naming the law and its roles for any other.
   */
  public static FittedCurve of(String law, Map<String, Double> p) {
    Law entry = Laws.ALL.law(law);
    if (entry.columns().size() != 2) {
      throw new IllegalArgumentException("no one-variable curve for the law '" + law + "': its roles are "
          + entry.columns());
    }
    ScalingLaw fitted = entry.law(p);
    String predictor = entry.columns().get(0);
    return new FittedCurve(x -> entry.predict(fitted, Observations.of(predictor, new double[] {x}))[0]);
  }

  /** The curve at {@code points} log-spaced x values from {@code from} to {@code to}. */
  public Samples sample(double from, double to, int points) {
    double[] x = grid(from, to, points);
    double[] y = new double[points];
    for (int i = 0; i < points; i++) {
      y[i] = law.applyAsDouble(x[i]);
    }
    return new Samples(x, y);
  }

  /** {@code points} log-spaced values from {@code from} to {@code to}. */
  public static double[] grid(double from, double to, int points) {
    double[] x = new double[points];
    for (int i = 0; i < points; i++) {
      x[i] = from * Math.pow(to / from, i / (double) (points - 1));
    }
    return x;
  }
}
