package org.scalingpipeline.core.flops;

/**
 * Shape of a decoder-only transformer, with the parameter and FLOP counts of Kaplan et al. 2020
 * (§2.1, Table 1) and Hoffmann et al. 2022 (Appendix F). Attention width {@code d_attn} is
 * {@code d_model} (heads × key size), as in both papers' models.
 *
 * @param dModel residual stream width d_model
 * @param nLayer number of layers n_layer
 * @param nHeads attention heads (key size = d_model / n_heads)
 * @param dFf feed-forward width d_ff (usually 4·d_model)
 * @param nCtx context length n_ctx (sequence length)
 * @param vocab vocabulary size
 */
public record TransformerShape(int dModel, int nLayer, int nHeads, int dFf, int nCtx, int vocab) {

    public TransformerShape {
        if (dModel <= 0 || nLayer <= 0 || nHeads <= 0 || dFf <= 0 || nCtx <= 0 || vocab <= 0) {
            throw new IllegalArgumentException("all dimensions must be > 0, got " + this);
        }
        if (dModel % nHeads != 0) {
            throw new IllegalArgumentException("d_model " + dModel + " is not divisible by n_heads " + nHeads);
        }
    }

    /** Attention width d_attn = d_model. */
    public long dAttn() {
        return dModel;
    }

    /** Kaplan Table 1 non-embedding parameters {@code N = 2·d_model·n_layer·(2·d_attn + d_ff)}. */
    public long nonEmbeddingParams() {
        return 2L * dModel * nLayer * (2 * dAttn() + dFf);
    }

    /** Kaplan §2.1 approximation {@code N ≈ 12·n_layer·d_model²} (exact when d_ff = 4·d_model). */
    public long nonEmbeddingParamsApprox() {
        return 12L * nLayer * dModel * dModel;
    }

    /** Kaplan Table 1 forward FLOPs per token {@code C_forward = 2N + 2·n_layer·n_ctx·d_attn}. */
    public long kaplanForwardFlopsPerToken() {
        return (long) kaplanForwardFlopsPerToken(nonEmbeddingParams(), nLayer, nCtx, dAttn());
    }

    /**
     * Kaplan et al. 2020 Table 1 forward FLOPs per token, {@code 2N + 2·n_layer·n_ctx·d_attn}, for any model
     * given its non-embedding parameter count {@code n}: the one place this formula is written.
     */
    public static double kaplanForwardFlopsPerToken(double n, double nLayer, double nCtx, double dAttn) {
        return 2 * n + 2 * nLayer * nCtx * dAttn;
    }

    /**
     * Hoffmann et al. 2022 Appendix F forward FLOPs of one sequence of {@code n_ctx} tokens: embeddings,
     * per-layer attention (QKV, logits, softmax, reduction, output projection) and dense block, and the
     * final logits. Without embeddings and logits the count is comparable to Kaplan's non-embedding C.
     */
    public double chinchillaForwardFlopsPerSequence(boolean includeEmbeddingsAndLogits) {
        double seq = nCtx;
        double heads = nHeads;
        double width = dAttn();
        double qkv = 2 * 3 * seq * dModel * width;
        double logits = 2 * seq * seq * width;
        double softmax = 3 * heads * seq * seq;
        double reduction = 2 * seq * seq * width;
        double project = 2 * seq * width * dModel;
        double dense = 2 * seq * (2.0 * dModel * dFf);
        double layers = nLayer * (qkv + logits + softmax + reduction + project + dense);
        if (!includeEmbeddingsAndLogits) {
            return layers;
        }
        double embeddings = 2 * seq * vocab * dModel;
        double finalLogits = 2 * seq * dModel * vocab;
        return embeddings + layers + finalLogits;
    }

    /** Appendix F training FLOPs of one sequence: forward plus a backward pass of twice the forward. */
    public double chinchillaTrainingFlopsPerSequence(boolean includeEmbeddingsAndLogits) {
        return 3 * chinchillaForwardFlopsPerSequence(includeEmbeddingsAndLogits);
    }

    /** Kaplan §2.1: training compute {@code C ≈ 6·N·D} for N parameters and D tokens. */
    public static double approximateTrainingFlops(double n, double tokens) {
        return 6 * n * tokens;
    }
}
