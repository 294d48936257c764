package org.scalingpipeline.core.flops;

import java.math.BigInteger;

/**
 * A Perceiver AR training run (model, batch size, steps) and its compute, in exact integer arithmetic:
 * tokens {@code D = batch·n·steps}, {@code C_self}, {@code C_cross}, {@code C}, and the 6N approximation
 * {@code Ĉ_self = 6·N_self·D} (krasserm/perceiver-io scaling article, Tables 1, 3, 5). Exactness matters
 * for {@link #isoCompute}: the step count is a ceiling, and a rounding error in a double puts the
 * reference run itself one step too high. Test code: the pipeline computes run FLOPs in SQL from the
 * per-step figures of {@link PerceiverArConfig}; this reproduces the article's iso-compute tables from them.
 *
 * @param model the model
 * @param batchSize sequences per step
 * @param steps training steps
 */
record TrainingRun(PerceiverArConfig model, long batchSize, long steps) {

    /**
     * The run of {@code model} with the same self-attention compute as {@code reference}:
     * {@code num_steps = ceil(C_ref / (C_self(model)·n·batch))}.
     */
    public static TrainingRun isoCompute(TrainingRun reference, PerceiverArConfig model) {
        BigInteger perStep = BigInteger.valueOf(model.selfAttentionFlopsPerLatentToken())
                .multiply(BigInteger.valueOf(model.numLatents()))
                .multiply(BigInteger.valueOf(reference.batchSize()));
        BigInteger[] quotient = reference.selfAttentionCompute().divideAndRemainder(perStep);
        BigInteger steps = quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
        return new TrainingRun(model, reference.batchSize(), steps.longValueExact());
    }

    /** Latent tokens trained on, {@code D = batch·n·steps}. */
    public BigInteger tokens() {
        return BigInteger.valueOf(batchSize).multiply(BigInteger.valueOf(model.numLatents()))
                .multiply(BigInteger.valueOf(steps));
    }

    /** {@code C_self = FLOPs_self per latent token · D}. */
    public BigInteger selfAttentionCompute() {
        return BigInteger.valueOf(model.selfAttentionFlopsPerLatentToken()).multiply(tokens());
    }

    /** {@code C_cross = FLOPs_cross per latent token · D}. */
    public BigInteger crossAttentionCompute() {
        return BigInteger.valueOf(model.crossAttentionFlopsPerLatentToken()).multiply(tokens());
    }

    /** {@code C = C_self + C_cross}. */
    public BigInteger compute() {
        return selfAttentionCompute().add(crossAttentionCompute());
    }

    /** {@code Ĉ_self = 6·N_self·D}, the approximation C ≈ 6ND applied to the self-attention part. */
    public BigInteger approximateSelfAttentionCompute() {
        return BigInteger.valueOf(6 * model.selfAttentionParams()).multiply(tokens());
    }
}
