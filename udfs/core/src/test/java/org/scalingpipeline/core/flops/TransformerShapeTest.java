package org.scalingpipeline.core.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Kaplan et al. 2020 Table 1 and Hoffmann et al. 2022 Appendix F counts. */
class TransformerShapeTest {

    /** GPT-2-small-like shape: d_model 768, 12 layers, 12 heads, d_ff 3072, n_ctx 1024, vocab 50257. */
    private static final TransformerShape SMALL = new TransformerShape(768, 12, 12, 3072, 1024, 50257);

    @Test
    void kaplanTable1ParameterCount() {
        // Kaplan Table 1: N = 2·d_model·n_layer·(2·d_attn + d_ff) = 12·n_layer·d_model² when d_ff = 4·d_model.
        assertEquals(84_934_656L, SMALL.nonEmbeddingParams());
        assertEquals(SMALL.nonEmbeddingParamsApprox(), SMALL.nonEmbeddingParams());
    }

    @Test
    void kaplanTable1ForwardFlopsPerToken() {
        // Kaplan Table 1: C_forward = 2N + 2·n_layer·n_ctx·d_attn.
        assertEquals(2 * 84_934_656L + 2L * 12 * 1024 * 768, SMALL.kaplanForwardFlopsPerToken());
    }

    @Test
    void chinchillaAppendixFIsKaplanPlusAttentionDetailPerToken() {
        // Appendix F without embeddings/logits counts the same matrix products as Kaplan (2N per token) and
        // the attention over the context in full: per layer 4·n_ctx·d_attn (logits + reduction) and
        // 3·heads·n_ctx (softmax) per token, where Kaplan keeps 2·n_ctx·d_attn.
        double perToken = SMALL.chinchillaForwardFlopsPerSequence(false) / SMALL.nCtx();
        double expected = SMALL.kaplanForwardFlopsPerToken() + 12 * (2.0 * 1024 * 768 + 3.0 * 12 * 1024);
        assertEquals(expected, perToken, 1e-9 * expected);
    }

    @Test
    void chinchillaAppendixFEmbeddingAndLogitTerms() {
        // Appendix F: embeddings 2·seq·V·d_model and final logits 2·seq·d_model·V; training = 3 × forward.
        double difference = SMALL.chinchillaForwardFlopsPerSequence(true) - SMALL.chinchillaForwardFlopsPerSequence(false);
        assertEquals(4.0 * 1024 * 50257 * 768, difference, 1);
        assertEquals(3 * SMALL.chinchillaForwardFlopsPerSequence(true), SMALL.chinchillaTrainingFlopsPerSequence(true));
    }

    @Test
    void sixNdApproximation() {
        // Kaplan §2.1: C ≈ 6·N·D.
        assertEquals(6 * 1e9 * 2e10, TransformerShape.approximateTrainingFlops(1e9, 2e10));
    }

    @Test
    void rejectsWidthNotDivisibleByHeads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TransformerShape(100, 2, 3, 400, 128, 1000));
        assertEquals("d_model 100 is not divisible by n_heads 3", e.getMessage());
    }
}
