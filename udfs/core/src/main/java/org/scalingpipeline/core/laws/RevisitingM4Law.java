package org.scalingpipeline.core.laws;

import java.util.List;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Estimator M4 of Alabdulmohsin, Neyshabur &amp; Zhai 2022, "Revisiting Neural Scaling Laws in Language and
 * Vision" (NeurIPS 2022, §3), the paper's proposal: the implicit, sigmoid-like law
 * {@code (ε_x − ε_∞) / (ε_0 − ε_x)^α = β·x^c}, with ε_∞ the error of infinite data and ε_0 that of random guessing
 * (or of no data). Where the error is far below ε_0 it is M2's power law; near ε_0 it flattens, so a learning curve
 * whose early points still sit on that plateau does not bend the exponent. α = 0 is M2.
 *
 * <p>{@link #loss} solves the relation for ε_x: with {@code w = ε_x − ε_∞}, {@code b = ε_0 − ε_∞} and
 * {@code f = β·x^c}, {@code w − f·(b − w)^α} rises strictly from {@code −f·b^α} at {@code w = 0} to {@code b} at
 * {@code w = b}, so one root lies in between, bracketed for Brent's method. (The published code,
 * {@code methods/m4.py}, takes the best of 10,000 grid points on that interval instead.)
 *
 * @param beta β
 * @param c the exponent c (negative for a falling error)
 * @param alpha α ≥ 0
 * @param epsInf ε_∞, the limiting error
 * @param eps0 ε_0, the error before learning, above ε_∞
 */
public record RevisitingM4Law(double beta, double c, double alpha, double epsInf, double eps0)
        implements ScalingLaw {

    /** Parameters beta, c, alpha, eps_inf, eps_0, columns x, y. */
    public static final LawModel<RevisitingM4Law> MODEL = new LawModel<>(RevisitingM4Law.class,
            List.of("beta", "c", "alpha", "eps_inf", "eps_0"), List.of("x", "y"),
            p -> new RevisitingM4Law(p[0], p[1], p[2], p[3], p[4]), (law, x, i) -> law.loss(x[0][i]));

    /** Brent's accuracy, relative to the root. */
    private static final double ACCURACY = 1e-15;
    /** Far more evaluations than Brent needs to reach {@link #ACCURACY} on any bracket of doubles. */
    private static final int MAX_EVALUATIONS = 1000;

    /**
     * The error or loss at x: the root ε_x in {@code [ε_∞, ε_0]} of the M4 relation (ε_∞ + βx^c when α = 0);
     * NaN where the parameters admit none (β or ε_0 − ε_∞ not positive, α negative, x^c not finite).
     */
    public double loss(double x) {
        double f = beta * Math.pow(x, c);
        if (alpha == 0) {
            return epsInf + f;
        }
        double b = eps0 - epsInf;
        if (!(b > 0) || !(alpha > 0) || !(f >= 0) || !Double.isFinite(b)) {
            return Double.NaN;
        }
        if (f == Double.POSITIVE_INFINITY) {
            return eps0;
        }
        // The root w is at most f·b^α (as (b − w)^α ≤ b^α) and at most b, and at least min(b/2, f·(b/2)^α):
        // the bracket's top and an accuracy relative to the root at either end of the curve.
        double top = Math.min(b, f * Math.pow(b, alpha));
        if (top == 0) {
            return epsInf;
        }
        double floor = Math.min(b / 2, f * Math.pow(b / 2, alpha));
        // A fresh solver per call: Commons Math solvers count evaluations in fields and are not thread-safe.
        BrentSolver solver = new BrentSolver(ACCURACY, Math.max(ACCURACY * floor, Double.MIN_NORMAL));
        double w = solver.solve(MAX_EVALUATIONS, u -> u - f * Math.pow(b - u, alpha), 0, top);
        return epsInf + w;
    }

    @Override
    public LawModel<RevisitingM4Law> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "revisiting-m4";
    }

    @Override
    public double[] values() {
        return new double[] {beta, c, alpha, epsInf, eps0};
    }
}
