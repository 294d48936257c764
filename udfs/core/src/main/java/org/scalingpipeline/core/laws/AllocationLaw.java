package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Compute-optimal allocation {@code X_opt(C) = k·C^exponent}, X being parameters (N_opt = k_N·C^a) or
 * tokens (D_opt = k_D·C^b): Hoffmann et al. 2022 approaches 1 and 2 (§3.1, §3.2, Table 2), fitted the
 * way the perceiver-io scaling article does (krasserm/perceiver-io, examples/scaling/clm/scaling/laws.py).
 *
 * @param k coefficient k_N or k_D
 * @param exponent a or b
 */
public record AllocationLaw(double k, double exponent) implements ComputeOptimal {

    /** Parameters k, exponent, columns c, n_or_d. */
    public static final LawModel<AllocationLaw> MODEL = new LawModel<>(AllocationLaw.class,
            List.of("k", "exponent"), List.of("c", "n_or_d"),
            p -> new AllocationLaw(p[0], p[1]), (law, x, i) -> law.optimum(x[0][i]));

    /** Optimal parameter count (or token count) for compute budget c in FLOPs. */
    public double optimum(double c) {
        return k * Math.pow(c, exponent);
    }

    /** The law read as N_opt(C) = k_N·C^a. */
    @Override
    public double nOpt(double c) {
        return optimum(c);
    }

    /** {@code D_opt = C / (6·N_opt(C))}, the law read as N_opt. */
    @Override
    public double dOpt(double c) {
        return ComputeOptimal.tokensFor(c, nOpt(c));
    }

    @Override
    public LawModel<AllocationLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "allocation";
    }

    @Override
    public double[] values() {
        return new double[] {k, exponent};
    }
}
