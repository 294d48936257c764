package org.scalingpipeline.core.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DecoderLmConfigTest {

  /** GPT-2 small has the same block layout (pre-norm, fused QKV with bias, 4x MLP, tied output). */
  private static final DecoderLmConfig GPT2_SMALL = DecoderLmConfig.of(768, 12, 12, 1024, 50257);

  @Test
  void gpt2SmallParameterCountMatchesThePublishedModel() {
    // 124,439,808 = sum(p.numel() for p in GPT2LMHeadModel.from_pretrained("gpt2").parameters()),
    // the "124M" of Radford et al. 2019 as counted by Hugging Face transformers.
    assertEquals(124_439_808L, GPT2_SMALL.parameters());
    // wte 50257*768 + wpe 1024*768
    assertEquals(38_597_376L + 786_432L, GPT2_SMALL.embeddingParameters());
  }

  @Test
  void smallConfigCountedByHand() {
    DecoderLmConfig config = DecoderLmConfig.of(128, 4, 4, 256, 259);
    // (259 + 256) * 128
    assertEquals(65_920L, config.embeddingParameters());
    // 4 * (12 * 128^2 + 13 * 128) + 2 * 128
    assertEquals(793_344L, config.nonEmbeddingParameters());
    assertEquals(859_264L, config.parameters());
  }

  @Test
  void flopsFollowKaplanTable1() {
    DecoderLmConfig config = DecoderLmConfig.of(128, 4, 4, 256, 259);
    // Kaplan 2020 Table 1: C_forward = 2N + 2 n_layer n_ctx d_model = 2*793344 + 2*4*256*128
    assertEquals(1_848_832.0, config.forwardFlopsPerToken(), 0.0);
    assertEquals(3 * 1_848_832.0, config.trainingFlopsPerToken(), 0.0);
    // Kaplan §2.1: the attention term is about n_ctx / (12 d_model) of 2N, here 256 / 1536 ~ 1/6.
    double attentionShare = config.trainingFlopsPerToken() / (6.0 * config.nonEmbeddingParameters()) - 1;
    assertEquals(256.0 / (12 * 128), attentionShare, 0.002);
  }

  @Test
  void isoFlopTokensSpendTheBudgetAtSixN() {
    DecoderLmConfig config = DecoderLmConfig.of(128, 4, 4, 256, 259);
    double c = 6e12;
    assertEquals(c / (6.0 * 793_344), config.tokensForCompute(c), 1e-6);
    assertEquals(c, 6.0 * config.nonEmbeddingParameters() * config.tokensForCompute(c), c * 1e-12);
  }

  @Test
  void rejectsHeadsThatDoNotDivideTheWidth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DecoderLmConfig.of(100, 2, 3, 64, 259));
    assertEquals("numHeads must divide dModel, got dModel=100 and numHeads=3;"
        + " choose numHeads in the divisors of dModel", e.getMessage());
  }

  @Test
  void rejectsNonPositiveBudget() {
    DecoderLmConfig config = DecoderLmConfig.of(32, 1, 2, 32, 259);
    assertThrows(IllegalArgumentException.class, () -> config.tokensForCompute(0));
    assertThrows(IllegalArgumentException.class, () -> config.tokensForCompute(Double.NaN));
  }
}
