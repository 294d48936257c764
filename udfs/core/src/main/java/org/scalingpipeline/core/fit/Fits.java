package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.scalingpipeline.core.laws.ScalingLaw;

/** Steps every fitter shares: the no-exception guard and multi-start least squares with best-of selection. */
final class Fits {

    private Fits() {
    }

    /** Runs a fit, turning any unexpected exception into a failed result so none escapes a Spark task. */
    static FitResult guarded(int nPoints, Supplier<FitResult> fit) {
        try {
            return fit.get();
        } catch (RuntimeException e) {
            return FitResult.failed(nPoints, "fit failed: " + e);
        }
    }

    /**
     * Levenberg–Marquardt from each start, each parameter kept at or above {@code lower} (null:
     * unbounded); the lowest sum of squares wins. Iterations are summed.
     *
     * @param law builds the law from a parameter vector
     */
    static FitResult leastSquares(ParametricModel model, double[] y, FitSpace space, List<double[]> starts,
            int maxIterations, double[] lower, Function<double[], ScalingLaw> law) {
        LeastSquares.Solution best = null;
        int iterations = 0;
        for (double[] start : starts) {
            LeastSquares.Solution solution = LeastSquares.fit(model, y, space, start, maxIterations, lower);
            iterations += solution.iterations();
            if (best == null || solution.sumOfSquares() < best.sumOfSquares()) {
                best = solution;
            }
        }
        return result(model, y, space, best, iterations, law, lower);
    }

    /**
     * The fit result of a least-squares solution.
     *
     * @param lower the lower bounds the solution was kept at or above (null: none); a parameter equal to its
     *     bound is named in {@link FitResult#atBound()}
     */
    static FitResult result(ParametricModel model, double[] y, FitSpace space, LeastSquares.Solution solution,
            int iterations, Function<double[], ScalingLaw> law, double[] lower) {
        double[] point = solution.point();
        ScalingLaw fitted = law.apply(point);
        List<String> atBound = new ArrayList<>();
        for (int j = 0; lower != null && j < lower.length; j++) {
            if (point[j] <= lower[j]) {
                atBound.add(fitted.parameterNames().get(j));
            }
        }
        double[] predicted = model.values(point, y.length);
        return FitResult.of(fitted, y, predicted, space, solution.standardErrors(), iterations, solution.reason(),
                atBound);
    }

    /**
     * Starts at {@code base} with its parameters {@code first} and {@code second} (two exponents) each scaled by
     * every factor of {@code scales}: a grid of {@code scales.length²} starts around a paper's constants.
     */
    static List<double[]> scaledGrid(double[] base, int first, int second, double... scales) {
        List<double[]> starts = new ArrayList<>();
        for (double scaleFirst : scales) {
            for (double scaleSecond : scales) {
                double[] start = base.clone();
                start[first] *= scaleFirst;
                start[second] *= scaleSecond;
                starts.add(start);
            }
        }
        return starts;
    }

    /** Ordinary least squares of {@code v} on {@code u}: {intercept, slope}. */
    static double[] line(double[] u, double[] v) {
        double meanU = 0;
        double meanV = 0;
        for (int i = 0; i < u.length; i++) {
            meanU += u[i] / u.length;
            meanV += v[i] / u.length;
        }
        double suv = 0;
        double suu = 0;
        for (int i = 0; i < u.length; i++) {
            suv += (u[i] - meanU) * (v[i] - meanV);
            suu += (u[i] - meanU) * (u[i] - meanU);
        }
        double slope = suu == 0 ? 0 : suv / suu;
        return new double[] {meanV - slope * meanU, slope};
    }

    /**
     * The start {k, m} of {@code y = k·x^m} from the least-squares line of {@code ln y} on {@code ln x};
     * a non-positive y (possible in linear space) is read as 1 so that it is left out of the line.
     */
    static double[] logLogLine(double[] x, double[] y) {
        double[] logY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            logY[i] = y[i] > 0 ? Math.log(y[i]) : 0;
        }
        double[] line = line(log(x), logY);
        return new double[] {Math.exp(line[0]), line[1]};
    }

    /** The shares of the least y at which a fit of a floor starts its floor ({@link #offsetStarts}). */
    private static final double[] OFFSET_SHARES = {0, 0.5, 0.9};

    /**
     * Starts of a floor under y (a loss curve's E, M2's ε_∞): 0, ½ and 0.9 of the least y, each 0 when the least y
     * is not positive.
     */
    static List<Double> offsetStarts(double[] y) {
        double minY = Arrays.stream(y).min().orElse(0);
        List<Double> offsets = new ArrayList<>();
        for (double share : OFFSET_SHARES) {
            offsets.add(minY > 0 ? share * minY : 0);
        }
        return offsets;
    }

    /**
     * The start {k, m} of {@code y − offset = k·x^m} from the least-squares line of {@code ln(y − offset)} on
     * {@code ln x}; an excess at or below zero is read as 10⁻¹² so that the line stays finite.
     */
    static double[] excessLine(double[] x, double[] y, double offset) {
        double[] logExcess = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            logExcess[i] = Math.log(Math.max(y[i] - offset, 1e-12));
        }
        double[] line = line(log(x), logExcess);
        return new double[] {Math.exp(line[0]), line[1]};
    }

    static double[] log(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.log(values[i]);
        }
        return out;
    }
}
