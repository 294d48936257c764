package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Estimator M1 of Alabdulmohsin, Neyshabur &amp; Zhai 2022, "Revisiting Neural Scaling Laws in Language and
 * Vision" (NeurIPS 2022, §2): the plain power law {@code ε_x = β·x^c}, with x the data size (or compute, or
 * model size) and ε_x the error or loss; {@code β > 0} and {@code c < 0} for an error that falls with scale
 * (§1). The paper's baseline: it has no limiting error, so it extrapolates towards zero.
 *
 * @param beta β
 * @param c the exponent c (negative for a falling error)
 */
public record RevisitingM1Law(double beta, double c) implements ScalingLaw {

    /** Parameters beta, c, columns x, y. */
    public static final LawModel<RevisitingM1Law> MODEL = new LawModel<>(RevisitingM1Law.class,
            List.of("beta", "c"), List.of("x", "y"), p -> new RevisitingM1Law(p[0], p[1]),
            (law, x, i) -> law.loss(x[0][i]));

    /** The error or loss at x. */
    public double loss(double x) {
        return beta * Math.pow(x, c);
    }

    @Override
    public LawModel<RevisitingM1Law> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "revisiting-m1";
    }

    @Override
    public double[] values() {
        return new double[] {beta, c};
    }
}
