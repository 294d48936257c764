package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Estimator M3 of Alabdulmohsin, Neyshabur &amp; Zhai 2022, "Revisiting Neural Scaling Laws in Language and
 * Vision" (NeurIPS 2022, §2), the form of Bansal et al. 2022's data scaling laws for translation:
 * {@code ε_x = β·(x^(−1) + γ)^(−c)}. With {@code c < 0} the error falls with x towards {@code β·γ^(−c)}; γ ≥ 0 sets
 * where the curve bends from the power law {@code β·x^c} (γ = 0 is M1) to that floor. The published code
 * ({@code methods/m3.py}) writes the exponent of {@code (1/x + γ)} as its own {@code c ≥ 0}, which is −c here.
 *
 * @param beta β
 * @param c the exponent c (negative for a falling error)
 * @param gamma γ ≥ 0
 */
public record RevisitingM3Law(double beta, double c, double gamma) implements ScalingLaw {

    /** Parameters beta, c, gamma, columns x, y. */
    public static final LawModel<RevisitingM3Law> MODEL = new LawModel<>(RevisitingM3Law.class,
            List.of("beta", "c", "gamma"), List.of("x", "y"), p -> new RevisitingM3Law(p[0], p[1], p[2]),
            (law, x, i) -> law.loss(x[0][i]));

    /** The error or loss at x. */
    public double loss(double x) {
        return beta * Math.pow(1 / x + gamma, -c);
    }

    @Override
    public LawModel<RevisitingM3Law> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "revisiting-m3";
    }

    @Override
    public double[] values() {
        return new double[] {beta, c, gamma};
    }
}
