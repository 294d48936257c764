package org.scalingpipeline.core.fit;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Variable projection (Golub and Pereyra 1973) for {@code y = E + A·x^(−α)} in linear space: for a given α the
 * law is linear in E and A, whose least-squares values under {@code E ≥ 0, A ≥ 0} have a closed form, so the sum of
 * squares is a function of α alone. Its minimum is found on a log-spaced grid of α, refined by Brent's method
 * between the grid neighbours of the best point. The point is the start from which {@link OffsetPowerLawFitter}'s
 * Levenberg–Marquardt polishes the three parameters together: one start near the global minimum instead of
 * several guesses, each of which LM had to walk from afar.
 */
final class OffsetPowerLawProjection {

    /** The grid of α: {@value #GRID} values log-spaced from {@value #ALPHA_MIN} to {@value #ALPHA_MAX}. */
    private static final int GRID = 32;
    private static final double ALPHA_MIN = 1e-3;
    private static final double ALPHA_MAX = 8;

    private final double[] logX;
    private final double[] y;
    private final double[] u;

    private OffsetPowerLawProjection(double[] x, double[] y) {
        this.logX = Fits.log(x);
        this.y = y;
        this.u = new double[x.length];
    }

    /** {E, A, α} minimising the sum of squares over the grid's range of α, with E and A at their optimum for it. */
    static double[] minimum(double[] x, double[] y) {
        OffsetPowerLawProjection projection = new OffsetPowerLawProjection(x, y);
        double step = Math.log(ALPHA_MAX / ALPHA_MIN) / (GRID - 1);
        int best = 0;
        double bestSquares = Double.POSITIVE_INFINITY;
        for (int k = 0; k < GRID; k++) {
            double squares = projection.sumOfSquares(ALPHA_MIN * Math.exp(k * step));
            if (squares < bestSquares) {
                bestSquares = squares;
                best = k;
            }
        }
        double low = ALPHA_MIN * Math.exp(Math.max(best - 1, 0) * step);
        double high = ALPHA_MIN * Math.exp(Math.min(best + 1, GRID - 1) * step);
        UnivariateFunction objective = projection::sumOfSquares;
        double alpha = new BrentOptimizer(1e-10, 1e-14).optimize(new MaxEval(200), GoalType.MINIMIZE,
                new UnivariateObjectiveFunction(objective), new SearchInterval(low, high)).getPoint();
        double[] linear = projection.linear(alpha);
        return new double[] {linear[0], linear[1], alpha};
    }

    private double sumOfSquares(double alpha) {
        return squares(linear(alpha));
    }

    /**
     * {E, A} of least squares for this α under {@code E ≥ 0, A ≥ 0}, leaving {@code u = x^(−α)} in {@link #u}: the
     * unconstrained line of y on u, else the best with A = 0 (E the mean) or with E = 0 (A through the origin).
     */
    private double[] linear(double alpha) {
        int n = y.length;
        double meanU = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            u[i] = Math.exp(-alpha * logX[i]);
            meanU += u[i] / n;
            meanY += y[i] / n;
        }
        double suy = 0;
        double suu = 0;
        double uy = 0;
        double uu = 0;
        for (int i = 0; i < n; i++) {
            suy += (u[i] - meanU) * (y[i] - meanY);
            suu += (u[i] - meanU) * (u[i] - meanU);
            uy += u[i] * y[i];
            uu += u[i] * u[i];
        }
        double a = suu > 0 ? suy / suu : 0;
        double e = meanY - a * meanU;
        if (a >= 0 && e >= 0) {
            return new double[] {e, a};
        }
        double[] flat = {Math.max(meanY, 0), 0};
        double[] throughOrigin = {0, uu > 0 ? Math.max(uy / uu, 0) : 0};
        return squares(flat) <= squares(throughOrigin) ? flat : throughOrigin;
    }

    /** The sum of squares of {E, A} at the α whose {@link #u} is current. */
    private double squares(double[] linear) {
        double squares = 0;
        for (int i = 0; i < y.length; i++) {
            double r = y[i] - linear[0] - linear[1] * u[i];
            squares += r * r;
        }
        return squares;
    }
}
