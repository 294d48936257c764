package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * The broken neural scaling law with one break (Caballero et al. 2022, "Broken Neural Scaling Laws", Eq. 1 with
 * n = 1): {@code y = a + b·x^(−c0)·(1 + (x/d1)^(1/f1))^(−c1·f1)}; see {@link BrokenNeuralScalingLaw}. {@link #PAPER}
 * is the paper's fit of 4-digit addition (Figure 4).
 *
 * @param a limit a of the metric
 * @param b scale b
 * @param c0 decay c0 of the first segment
 * @param c1 change c1 of the log-log slope at the break
 * @param d1 break location d1
 * @param f1 sharpness f1 of the break (smaller is sharper)
 */
public record Bnsl1Law(double a, double b, double c0, double c1, double d1, double f1)
        implements BrokenNeuralScalingLaw {

    /** Parameters a, b, c0, c1, d1, f1, columns x, y. */
    public static final LawModel<Bnsl1Law> MODEL = new LawModel<>(Bnsl1Law.class,
            List.of("a", "b", "c0", "c1", "d1", "f1"), List.of("x", "y"),
            p -> new Bnsl1Law(p[0], p[1], p[2], p[3], p[4], p[5]), (law, x, i) -> law.y(x[0][i]));

    /**
     * The paper's fit of test cross-entropy against training dataset size on 4-digit addition, its first 14 points
     * (Figure 4 left), as its repository gives it: the ground truth of
     * {@code fit_bnsl_and_extrapolate__4_digit_addition__dataset_size_x-axis__noiseless_simulation.py} (Figure 4
     * right), github.com/ethancaballero/broken_neural_scaling_laws.
     */
    public static final Bnsl1Law PAPER = new Bnsl1Law(0.41388453071629455, 2.2772722897737556, 0.055077348404973955,
            5.662903816010331, 612.5836172918001, 0.059193036393742314);

    @Override
    public LawModel<Bnsl1Law> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "bnsl-1";
    }

    @Override
    public double[] values() {
        return new double[] {a, b, c0, c1, d1, f1};
    }
}
