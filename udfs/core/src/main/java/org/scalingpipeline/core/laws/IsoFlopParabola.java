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
public record IsoFlopParabola(double a, double b, double c) implements ScalingLaw {

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

    /** Loss at the vertex. */
    public double minimumLoss() {
        return loss(nOpt());
    }

    @Override
    public String name() {
        return "isoflop";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("a", "b", "c");
    }

    @Override
    public double[] values() {
        return new double[] {a, b, c};
    }
}
