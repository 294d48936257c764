package org.scalingpipeline.report;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.scalingpipeline.core.laws.AllocationLaw;
import org.scalingpipeline.core.laws.IsoFlopParabola;
import org.scalingpipeline.core.laws.OffsetPowerLaw;
import org.scalingpipeline.core.laws.PowerLaw;

/**
 * A one-variable fitted law from a {@code fits} row (law name and params map), evaluated by the core's
 * law classes so the report draws exactly what was fitted; sampled on a log-spaced grid for plotting.
 */
public record FittedCurve(DoubleUnaryOperator law) {

  /** Points of a curve sampled on a grid. */
  public record Samples(double[] x, double[] y) {}

  /** The curve of a fit of a one-variable law: power-law, loss-curve, power-law-offset, isoflop or allocation. */
  public static FittedCurve of(String law, Map<String, Double> p) {
    return new FittedCurve(switch (law) {
      case "power-law" -> new PowerLaw(p.get("k"), p.get("m"))::value;
      case "loss-curve", "power-law-offset" -> new OffsetPowerLaw(p.get("E"), p.get("A"), p.get("alpha"))::loss;
      case "isoflop" -> new IsoFlopParabola(p.get("a"), p.get("b"), p.get("c"))::loss;
      case "allocation" -> new AllocationLaw(p.get("k"), p.get("exponent"))::optimum;
      default -> throw new IllegalArgumentException("no one-variable curve for the law '" + law + "'");
    });
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
