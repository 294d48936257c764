package org.scalingpipeline.core.fit;

/**
 * Quasi-Newton (BFGS) minimiser with an Armijo backtracking line search, for smooth objectives that are
 * not sums of squares (the Huber objective of Hoffmann et al. 2022). Commons Math 3 has no L-BFGS; with
 * five parameters a dense inverse-Hessian BFGS is what L-BFGS reduces to when its memory exceeds the
 * dimension, so it reproduces the paper's optimiser without a new dependency.
 */
final class Bfgs {

    /** A smooth objective that writes its gradient into {@code gradient} and returns its value. */
    @FunctionalInterface
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /**
     * Stopping rule: converged when {@code max|∇f| ≤ gradient} or when one iteration decreases f by at
     * most {@code decrease·max(|f|, 1)} (scipy L-BFGS-B's {@code pgtol} and {@code factr·eps}).
     */
    record Tolerance(double gradient, double decrease) {
        /** scipy L-BFGS-B defaults: pgtol 1e-5, factr·eps = 1e7·2.2e-16. */
        static final Tolerance SCIPY_DEFAULT = new Tolerance(1e-5, 2.220446049250313e-9);
        /** For polishing a best start: stop only on a vanishing gradient. */
        static final Tolerance TIGHT = new Tolerance(1e-12, 0);
    }

    /** Gradient size below which a failed line search means the minimum is reached to rounding. */
    private static final double ROUNDING_GRADIENT = 1e-8;

    /**
     * @param point minimiser found
     * @param value objective there
     * @param iterations BFGS iterations
     * @param converged whether the gradient or relative-decrease criterion was met
     */
    record Minimum(double[] point, double value, int iterations, boolean converged) {
    }

    private Bfgs() {
    }

    static Minimum minimize(Objective f, double[] start, int maxIterations, Tolerance tolerance) {
        int k = start.length;
        double[] x = start.clone();
        double[] g = new double[k];
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx)) {
            return new Minimum(x, Double.POSITIVE_INFINITY, 0, false);
        }
        double[][] h = identity(k);
        double[] xNew = new double[k];
        double[] gNew = new double[k];
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (maxAbs(g) <= tolerance.gradient()) {
                return new Minimum(x, fx, iteration - 1, true);
            }
            double[] direction = times(h, g, -1);
            double slope = dot(direction, g);
            if (slope >= 0) {
                h = identity(k);
                direction = times(h, g, -1);
                slope = dot(direction, g);
            }
            double step = 1;
            double fNew = Double.NaN;
            for (int tries = 0; tries < 60; tries++) {
                for (int i = 0; i < k; i++) {
                    xNew[i] = x[i] + step * direction[i];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    break;
                }
                step *= 0.5;
            }
            if (!(Double.isFinite(fNew) && fNew <= fx)) {
                return new Minimum(x, fx, iteration, maxAbs(g) <= ROUNDING_GRADIENT);
            }
            double[] s = new double[k];
            double[] yDiff = new double[k];
            for (int i = 0; i < k; i++) {
                s[i] = xNew[i] - x[i];
                yDiff[i] = gNew[i] - g[i];
            }
            boolean stalled = fx - fNew <= tolerance.decrease() * Math.max(Math.max(Math.abs(fx), Math.abs(fNew)), 1);
            System.arraycopy(xNew, 0, x, 0, k);
            System.arraycopy(gNew, 0, g, 0, k);
            fx = fNew;
            double sy = dot(s, yDiff);
            if (sy > 1e-300) {
                update(h, s, yDiff, sy);
            }
            if (stalled) {
                return new Minimum(x, fx, iteration, true);
            }
        }
        return new Minimum(x, fx, maxIterations, maxAbs(g) <= tolerance.gradient());
    }

    /** Inverse-Hessian update H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ. */
    private static void update(double[][] h, double[] s, double[] y, double sy) {
        int k = s.length;
        double rho = 1 / sy;
        double[] hy = times(h, y, 1);
        double yhy = dot(y, hy);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }

    private static double[][] identity(int k) {
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[] times(double[][] m, double[] v, double scale) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double sum = 0;
            for (int j = 0; j < v.length; j++) {
                sum += m[i][j] * v[j];
            }
            out[i] = scale * sum;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }
}
