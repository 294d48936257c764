package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * The broken neural scaling law with two breaks (Caballero et al. 2022, "Broken Neural Scaling Laws", Eq. 1 with
 * n = 2): {@code y = a + b·x^(−c0)·(1 + (x/d1)^(1/f1))^(−c1·f1)·(1 + (x/d2)^(1/f2))^(−c2·f2)}; see
 * {@link BrokenNeuralScalingLaw}.
 *
 * @param a limit a of the metric
 * @param b scale b
 * @param c0 decay c0 of the first segment
 * @param c1 change c1 of the log-log slope at the first break
 * @param d1 first break location d1
 * @param f1 sharpness f1 of the first break
 * @param c2 change c2 of the log-log slope at the second break
 * @param d2 second break location d2
 * @param f2 sharpness f2 of the second break
 */
public record Bnsl2Law(double a, double b, double c0, double c1, double d1, double f1, double c2, double d2,
        double f2) implements BrokenNeuralScalingLaw {

    /** Parameters a, b, c0, c1, d1, f1, c2, d2, f2, columns x, y. */
    public static final LawModel<Bnsl2Law> MODEL = new LawModel<>(Bnsl2Law.class,
            List.of("a", "b", "c0", "c1", "d1", "f1", "c2", "d2", "f2"), List.of("x", "y"),
            p -> new Bnsl2Law(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8]), (law, x, i) -> law.y(x[0][i]));

    @Override
    public LawModel<Bnsl2Law> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "bnsl-2";
    }

    @Override
    public double[] values() {
        return new double[] {a, b, c0, c1, d1, f1, c2, d2, f2};
    }
}
