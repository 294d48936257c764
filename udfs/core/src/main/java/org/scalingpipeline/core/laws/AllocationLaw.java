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
public record AllocationLaw(double k, double exponent) implements ScalingLaw {

    /** Optimal parameter count (or token count) for compute budget c in FLOPs. */
    public double optimum(double c) {
        return k * Math.pow(c, exponent);
    }

    @Override
    public String name() {
        return "allocation";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("k", "exponent");
    }

    @Override
    public double[] values() {
        return new double[] {k, exponent};
    }
}
