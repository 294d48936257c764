package org.scalingpipeline.core.flops;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A Perceiver AR causal language model (Hawthorne et al. 2022) as configured in krasserm/perceiver-io's
 * scaling article ("Training compute-optimal Perceiver AR language models"), with its exact parameter
 * count and training FLOPs per latent token (examples/scaling/clm/scaling/flops.py). The self-attention
 * part is a decoder-only transformer over the {@code n} latents, so Kaplan/Chinchilla laws apply to it;
 * the prefix cross-attention is extra compute over {@code m = S − n} prefix tokens.
 *
 * @param numChannels model width d
 * @param numLayers layers L, including the hybrid cross-attention layer
 * @param vocabSize vocabulary V
 * @param maxSeqLen maximum sequence length S (prefix + latents)
 * @param numLatents latent tokens n
 * @param prefixDropout prefix dropout probability during training (article: 0.5)
 */
public record PerceiverArConfig(int numChannels, int numLayers, int vocabSize, int maxSeqLen, int numLatents,
        double prefixDropout) {

    public PerceiverArConfig {
        if (numChannels <= 0 || numLayers <= 0 || vocabSize <= 0 || numLatents <= 0 || maxSeqLen < numLatents) {
            throw new IllegalArgumentException("invalid Perceiver AR configuration (num_channels " + numChannels
                    + ", num_layers " + numLayers + ", vocab_size " + vocabSize + ", max_seq_len " + maxSeqLen
                    + ", num_latents " + numLatents + "): sizes must be > 0 and max_seq_len >= num_latents");
        }
        if (!(prefixDropout >= 0 && prefixDropout < 1)) {
            throw new IllegalArgumentException("prefix dropout " + prefixDropout + " not in [0, 1)");
        }
    }

    /** Prefix length m = S − n. */
    public long numPrefix() {
        return (long) maxSeqLen - numLatents;
    }

    /**
     * Trainable parameters {@code N = (V + S)·d + 12·L·d² + (4L + 3)·d + V}: token embedding tied with the
     * output layer, learned positions, the hybrid layer {@code 12d² + 7d}, {@code L − 1} self-attention
     * layers {@code 12d² + 4d} each, output bias V. Throws naming the configuration when the count
     * exceeds a {@code long}.
     */
    public long params() {
        long d = numChannels;
        long layers = numLayers;
        try {
            long embeddings = Math.multiplyExact(vocabSize + (long) maxSeqLen, d);
            long blocks = Math.multiplyExact(Math.multiplyExact(12 * layers, d), d);
            long biases = Math.addExact(Math.multiplyExact(4 * layers + 3, d), vocabSize);
            return Math.addExact(Math.addExact(embeddings, blocks), biases);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("the parameter count of " + this + " exceeds " + Long.MAX_VALUE);
        }
    }

    /** Cross-attention parameters {@code N_cross = d·m} (the prefix position embeddings). */
    public long crossAttentionParams() {
        return numChannels * numPrefix();
    }

    /** Self-attention parameters {@code N_self = N − N_cross}. */
    public long selfAttentionParams() {
        return params() - crossAttentionParams();
    }

    /**
     * Training FLOPs per latent token of the self-attention part,
     * {@code 3·(4d + L·(6d² + 2d·n + 2d²) + L·16d² + 2dV)}: embedding, attention, MLP, logits; ×3 for
     * forward and backward.
     */
    public long selfAttentionFlopsPerLatentToken() {
        long d = numChannels;
        long layers = numLayers;
        long attention = 6 * d * d + 2 * d * numLatents + 2 * d * d;
        return 3 * (4 * d + layers * attention + layers * 16 * d * d + 2 * d * vocabSize);
    }

    /**
     * Training FLOPs per latent token of the prefix cross-attention,
     * {@code 3·int((4d + (4d² + 2d·n)·(1 − p_drop))·m/n)}, evaluated exactly (the reference truncates
     * the forward count to an integer before tripling it).
     */
    public long crossAttentionFlopsPerLatentToken() {
        long d = numChannels;
        BigDecimal keep = BigDecimal.ONE.subtract(new BigDecimal(prefixDropout));
        BigDecimal perPrefixToken = BigDecimal.valueOf(4 * d)
                .add(BigDecimal.valueOf(4 * d * d + 2 * d * numLatents).multiply(keep));
        BigDecimal forward = perPrefixToken.multiply(BigDecimal.valueOf(numPrefix()))
                .divide(BigDecimal.valueOf(numLatents), 0, RoundingMode.DOWN);
        return 3 * forward.longValueExact();
    }

    /** Training FLOPs per latent token of the whole model. */
    public long flopsPerLatentToken() {
        return selfAttentionFlopsPerLatentToken() + crossAttentionFlopsPerLatentToken();
    }
}
