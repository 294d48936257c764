package org.scalingpipeline.core.fit;

import java.util.Arrays;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer.Optimum;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.util.Pair;

/**
 * The single Levenberg–Marquardt wrapper behind every least-squares fitter: Commons Math's
 * {@link LevenbergMarquardtOptimizer} on residuals in a chosen {@link FitSpace}, a central-difference
 * Jacobian (the laws are cheap to evaluate and have no shared analytic form), and standard errors
 * {@code sqrt(diag((JᵀJ)⁻¹)·SSR/(n−p))} as NIST StRD certifies them (NaN for a parameter the data do
 * not fix). Predictions that leave the domain (NaN, or non-positive in log space) become a large finite
 * residual, so LM rejects the step instead of propagating NaN.
 */
final class LeastSquares {

    /** Relative finite-difference step, about the cube root of machine epsilon. */
    private static final double STEP = 6.055e-6;
    /** Residual substitute for a prediction outside the law's domain. */
    private static final double OUT_OF_DOMAIN = -708;
    /**
     * Singular values of the unit-column Jacobian at most this share of the largest count as zero: far
     * above the central differences' relative error (about 10⁻¹⁰), so exactly trading parameters are
     * caught, and a condition number beyond 10⁸ would leave the errors meaningless anyway.
     */
    private static final double RANK_TOLERANCE = 1e-8;
    /** A parameter with more than this squared share of its unit vector in the null space is not identified. */
    private static final double NULL_SPACE_SHARE = 1e-6;

    private LeastSquares() {
    }

    /**
     * Minimiser of the sum of squared residuals in {@code space}.
     *
     * @param point parameters at the optimum
     * @param standardErrors standard errors of the parameters (NaN when not identifiable)
     * @param sumOfSquares sum of squared residuals at the optimum, in the fit space
     * @param iterations LM iterations
     * @param reason null when LM converged, else why it stopped
     */
    record Solution(double[] point, double[] standardErrors, double sumOfSquares, int iterations, String reason) {
    }

    static Solution fit(ParametricModel model, double[] y, FitSpace space, double[] start, int maxIterations) {
        return fit(model, y, space, start, maxIterations, null);
    }

    /**
     * Levenberg–Marquardt with each parameter kept at or above a lower bound (projected after every step,
     * as Commons Math's parameter validator does), for laws whose parameters have a physical floor.
     *
     * @param lower lower bounds, one per parameter, or null for none
     */
    static Solution fit(ParametricModel model, double[] y, FitSpace space, double[] start, int maxIterations,
            double[] lower) {
        LeastSquaresProblem problem = problem(model, y, space, start, maxIterations, lower);
        try {
            Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
            double[] point = optimum.getPoint().toArray();
            return new Solution(point, standardErrors(optimum.getJacobian(), optimum.getResiduals()),
                    optimum.getResiduals().dotProduct(optimum.getResiduals()), optimum.getIterations(), null);
        } catch (MathIllegalStateException e) {
            return new Solution(start.clone(), nans(start.length), Double.POSITIVE_INFINITY, maxIterations,
                    "Levenberg-Marquardt stopped: " + e.getMessage());
        }
    }

    /**
     * The exact least-squares solution of a model linear in its parameters, {@code y ≈ X·p}: the pseudo-inverse
     * of the design {@code X} (its singular value decomposition) applied to {@code y}, so a rank-deficient design
     * gives the minimum-norm point and NaN standard errors, as {@link #standardErrors} defines them.
     *
     * @param design one row per point, one column per parameter: the model's Jacobian, the same at every point
     */
    static Solution linear(double[][] design, double[] y) {
        RealMatrix x = new Array2DRowRealMatrix(design, false);
        RealVector target = new ArrayRealVector(y, false);
        UnitColumns columns = UnitColumns.of(x);
        double[] point = columns.svd().getSolver().solve(target).toArray();
        for (int j = 0; j < point.length; j++) {
            point[j] = columns.norms()[j] > 0 ? point[j] / columns.norms()[j] : 0;
        }
        RealVector residuals = target.subtract(x.operate(new ArrayRealVector(point, false)));
        double[] errors = x.getRowDimension() > point.length ? columns.errors(residuals) : nans(point.length);
        return new Solution(point, errors, residuals.dotProduct(residuals), 1, null);
    }

    /** Standard errors of a point found by another optimiser, from the least-squares Jacobian there. */
    static double[] standardErrors(ParametricModel model, double[] y, FitSpace space, double[] point) {
        LeastSquaresProblem.Evaluation evaluation = problem(model, y, space, point, 1, null)
                .evaluate(new ArrayRealVector(point));
        return standardErrors(evaluation.getJacobian(), evaluation.getResiduals());
    }

    private static LeastSquaresProblem problem(ParametricModel model, double[] y, FitSpace space, double[] start,
            int maxIterations, double[] lower) {
        double[] target = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            target[i] = space.transform(y[i]);
        }
        MultivariateJacobianFunction function = point -> valueAndJacobian(model, y.length, space, point.toArray());
        return new LeastSquaresBuilder()
                .model(function)
                .target(target)
                .start(start)
                .maxIterations(maxIterations)
                .maxEvaluations(10 * maxIterations + 10)
                .parameterValidator(lower == null ? null : point -> {
                    RealVector bounded = point.copy();
                    for (int j = 0; j < lower.length; j++) {
                        bounded.setEntry(j, Math.max(lower[j], point.getEntry(j)));
                    }
                    return bounded;
                })
                .build();
    }

    private static Pair<RealVector, RealMatrix> valueAndJacobian(ParametricModel model, int count, FitSpace space,
            double[] p) {
        double[] value = new double[count];
        double[][] jacobian = new double[count][p.length];
        double[] shifted = p.clone();
        for (int i = 0; i < count; i++) {
            value[i] = transformed(model, shifted, i, space);
        }
        for (int j = 0; j < p.length; j++) {
            double h = STEP * Math.max(Math.abs(p[j]), 1e-3);
            for (int i = 0; i < count; i++) {
                shifted[j] = p[j] + h;
                double up = transformed(model, shifted, i, space);
                shifted[j] = p[j] - h;
                double down = transformed(model, shifted, i, space);
                jacobian[i][j] = (up - down) / (2 * h);
            }
            shifted[j] = p[j];
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }

    private static double transformed(ParametricModel model, double[] p, int i, FitSpace space) {
        double v = space.transform(model.value(p, i));
        return Double.isFinite(v) ? v : OUT_OF_DOMAIN;
    }

    /**
     * {@code sqrt(diag((JᵀJ)⁻¹)·SSR/(n−p))}, computed from the singular value decomposition of the Jacobian
     * with its columns scaled to unit length ({@link UnitColumns}); NaN for every parameter when there are no
     * more points than parameters or the Jacobian is not finite.
     */
    private static double[] standardErrors(RealMatrix jacobian, RealVector residuals) {
        int p = jacobian.getColumnDimension();
        UnitColumns columns = jacobian.getRowDimension() > p ? UnitColumns.of(jacobian) : null;
        return columns == null ? nans(p) : columns.errors(residuals);
    }

    /**
     * A Jacobian with its columns scaled to unit length (so that the rank does not depend on the parameters'
     * units) and the singular value decomposition of the scaled matrix.
     *
     * @param jacobian the Jacobian, unscaled
     * @param norms the Euclidean length of each column
     * @param svd the decomposition of the scaled Jacobian
     */
    private record UnitColumns(RealMatrix jacobian, double[] norms, SingularValueDecomposition svd) {

        /** The scaled Jacobian, or null when a column is not finite. */
        static UnitColumns of(RealMatrix jacobian) {
            int p = jacobian.getColumnDimension();
            double[] norms = new double[p];
            RealMatrix scaled = jacobian.copy();
            for (int j = 0; j < p; j++) {
                norms[j] = jacobian.getColumnVector(j).getNorm();
                if (!Double.isFinite(norms[j])) {
                    return null;
                }
                if (norms[j] > 0) {
                    scaled.setColumnVector(j, jacobian.getColumnVector(j).mapDivide(norms[j]));
                }
            }
            return new UnitColumns(jacobian, norms, new SingularValueDecomposition(scaled));
        }

        /**
         * The standard errors for these residuals. A parameter whose column is zero, or that has a component in
         * the null space of the scaled Jacobian (singular values at most {@link #RANK_TOLERANCE} of the largest),
         * is not fixed by the data: its variance is infinite, and its standard error NaN. The others get theirs
         * from the pseudo-inverse, which for a parameter orthogonal to the null space is its exact variance.
         */
        double[] errors(RealVector residuals) {
            int n = jacobian.getRowDimension();
            int p = norms.length;
            double[] singular = svd.getSingularValues();
            RealMatrix v = svd.getV();
            double variance = residuals.dotProduct(residuals) / (n - p);
            double[] errors = new double[p];
            for (int j = 0; j < p; j++) {
                double inverse = 0;
                double inNullSpace = 0;
                for (int k = 0; k < singular.length; k++) {
                    double component = v.getEntry(j, k);
                    if (singular[k] > RANK_TOLERANCE * singular[0]) {
                        inverse += component * component / (singular[k] * singular[k]);
                    } else {
                        inNullSpace += component * component;
                    }
                }
                errors[j] = norms[j] > 0 && inNullSpace <= NULL_SPACE_SHARE
                        ? Math.sqrt(inverse * variance) / norms[j] : Double.NaN;
            }
            return errors;
        }
    }

    private static double[] nans(int p) {
        double[] out = new double[p];
        Arrays.fill(out, Double.NaN);
        return out;
    }
}
