package org.scalingpipeline.core.laws;

/**
 * A law that gives a compute-optimal model size {@code N_opt(C)} and token count {@code D_opt(C)}
 * for a budget of C FLOPs (Hoffmann et al. 2022, §3): what {@code n_opt} and {@code d_opt} evaluate.
 */
public sealed interface ComputeOptimal extends ScalingLaw permits ChinchillaLaw, KaplanLaw, AllocationLaw,
        IsoFlopParabola {

    /** Compute-optimal parameter count for budget {@code c} FLOPs. */
    double nOpt(double c);

    /** Compute-optimal token count for budget {@code c} FLOPs. */
    double dOpt(double c);

    /** {@code D = C / (6·N)}, the token count that spends budget {@code c} on {@code n} parameters (C ≈ 6ND). */
    static double tokensFor(double c, double n) {
        return c / (6 * n);
    }
}
