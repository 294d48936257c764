package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * IsoFLOP profile of Hoffmann et al. 2022, approach 2 (§3.2, Figure 3): at one compute budget, loss is
 * a parabola in log N, {@code L = a·(ln N)² + b·ln N + c}; its vertex {@code N_opt = exp(−b/(2a))} is the
 * compute-optimal model size for that budget.
 *
 * @param a quadratic coefficient (positive for a minimum)
 * @param b linear coefficient
 * @param c constant
 */
public record IsoFlopParabola(double a, double b, double c) implements ComputeOptimal {

    /** Parameters a, b, c, columns n, loss. */
    public static final LawModel<IsoFlopParabola> MODEL = new LawModel<>(IsoFlopParabola.class,
            List.of("a", "b", "c"), List.of("n", "loss"),
            p -> new IsoFlopParabola(p[0], p[1], p[2]), (law, x, i) -> law.loss(x[0][i]));

    public double loss(double n) {
        double x = Math.log(n);
        return (a * x + b) * x + c;
    }

    /**
     * Vertex of the parabola: the loss-minimising parameter count; NaN when the parabola opens downwards
     * or is a line ({@code a <= 0}), as it then has no minimum.
     */
    public double nOpt() {
        return a > 0 ? Math.exp(-b / (2 * a)) : Double.NaN;
    }

    /** The vertex {@link #nOpt()}: the profile was fitted at one budget, and {@code c} should be that budget. */
    @Override
    public double nOpt(double c) {
        return nOpt();
    }

    /** {@code D_opt = C / (6·N_opt)} at the budget {@code c} the profile was fitted at. */
    @Override
    public double dOpt(double c) {
        return ComputeOptimal.tokensFor(c, nOpt());
    }

    /** Loss at the vertex. */
    public double minimumLoss() {
        return loss(nOpt());
    }

    @Override
    public LawModel<IsoFlopParabola> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "isoflop";
    }

    @Override
    public double[] values() {
        return new double[] {a, b, c};
    }
}
