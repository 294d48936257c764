package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Estimator M2 of Alabdulmohsin, Neyshabur &amp; Zhai 2022, "Revisiting Neural Scaling Laws in Language and
 * Vision" (NeurIPS 2022, §2): the power law of the excess error, {@code ε_x − ε_∞ = β·x^c}, with ε_∞ the error
 * in the limit of infinite data (Hestness et al. 2017's form). It is {@link OffsetPowerLaw} written in the paper's
 * names and sign ({@code E = ε_∞}, {@code A = β}, {@code α = −c}).
 *
 * @param beta β
 * @param c the exponent c (negative for a falling error)
 * @param epsInf ε_∞, the limiting error
 */
public record RevisitingM2Law(double beta, double c, double epsInf) implements ScalingLaw {

    /** Parameters beta, c, eps_inf, columns x, y. */
    public static final LawModel<RevisitingM2Law> MODEL = new LawModel<>(RevisitingM2Law.class,
            List.of("beta", "c", "eps_inf"), List.of("x", "y"), p -> new RevisitingM2Law(p[0], p[1], p[2]),
            (law, x, i) -> law.loss(x[0][i]));

    /** The error or loss at x. */
    public double loss(double x) {
        return epsInf + beta * Math.pow(x, c);
    }

    @Override
    public LawModel<RevisitingM2Law> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "revisiting-m2";
    }

    @Override
    public double[] values() {
        return new double[] {beta, c, epsInf};
    }
}
