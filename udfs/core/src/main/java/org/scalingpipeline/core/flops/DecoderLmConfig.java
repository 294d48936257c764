package org.scalingpipeline.core.flops;

import java.io.Serializable;

/**
 * Shape of a GPT-style decoder-only language model, with its exact parameter count and its training
 * FLOPs per token. It is the single source of these numbers for the models {@code scaling train}
 * builds: the DJL model has exactly {@link #parameters()} trainable parameters, and every curve
 * point it logs carries {@code flops = step x tokens per step x trainingFlopsPerToken()}.
 *
 * <p>Architecture counted: learned token embedding ({@code vocabSize x dModel}) and learned position
 * embedding ({@code contextLength x dModel}); {@code numLayers} pre-norm blocks, each a LayerNorm,
 * causal self-attention with a fused QKV projection and an output projection (with biases), a
 * LayerNorm and an MLP {@code dModel -> mlpRatio*dModel -> dModel} (with biases); a final LayerNorm;
 * and an output projection tied to the token embedding, without bias (so it adds no parameter).
 *
 * <p>FLOPs follow Kaplan et al. 2020, "Scaling Laws for Neural Language Models", §2.1 Table 1: with
 * {@code N} the non-embedding parameter count, the forward pass costs {@code 2N + 2 n_layer n_ctx
 * d_model} per token (the second term is the attention score and weighted-sum work) and training
 * three times that. Like Kaplan we leave out the embedding lookups and the de-embedding (logit)
 * matmul, {@code 2 d_model n_vocab}.
 *
 * @param dModel residual width {@code d_model}
 * @param numLayers number of decoder blocks {@code n_layer}
 * @param numHeads attention heads; must divide {@code dModel}
 * @param contextLength tokens per sequence {@code n_ctx}, also the size of the position table
 * @param vocabSize token vocabulary {@code n_vocab}
 * @param mlpRatio MLP hidden width over {@code dModel} (4 in GPT-2 and Kaplan 2020)
 */
public record DecoderLmConfig(
    int dModel, int numLayers, int numHeads, int contextLength, int vocabSize, int mlpRatio)
    implements Serializable {

  /** MLP expansion of GPT-2 and Kaplan 2020 ({@code d_ff = 4 d_model}). */
  public static final int GPT_MLP_RATIO = 4;

  /** Checks that every size is positive and that the heads divide the width. */
  public DecoderLmConfig {
    requirePositive("dModel", dModel);
    requirePositive("numLayers", numLayers);
    requirePositive("numHeads", numHeads);
    requirePositive("contextLength", contextLength);
    requirePositive("vocabSize", vocabSize);
    requirePositive("mlpRatio", mlpRatio);
    if (dModel % numHeads != 0) {
      throw new IllegalArgumentException("numHeads must divide dModel, got dModel=" + dModel
          + " and numHeads=" + numHeads + "; choose numHeads in the divisors of dModel");
    }
  }

  /** A GPT-style config with the usual 4x MLP. */
  public static DecoderLmConfig of(
      int dModel, int numLayers, int numHeads, int contextLength, int vocabSize) {
    return new DecoderLmConfig(dModel, numLayers, numHeads, contextLength, vocabSize, GPT_MLP_RATIO);
  }

  /** Total trainable parameters: {@link #embeddingParameters()} + {@link #nonEmbeddingParameters()}. */
  public long parameters() {
    return embeddingParameters() + nonEmbeddingParameters();
  }

  /** Token and position embedding tables, {@code (n_vocab + n_ctx) d_model}; the output reuses the first. */
  public long embeddingParameters() {
    return ((long) vocabSize + contextLength) * dModel;
  }

  /**
   * Parameters outside the embeddings: per block {@code (4 + 2 r) d^2} weights (QKV 3d², output d²,
   * MLP 2r d²) and {@code (9 + r) d} biases and LayerNorm scales/shifts, plus the final LayerNorm's
   * {@code 2d}. With {@code r = 4} this is {@code n_layer (12 d^2 + 13 d) + 2 d}, Kaplan's
   * {@code N ~ 12 n_layer d^2} plus the small vectors.
   */
  public long nonEmbeddingParameters() {
    long d = dModel;
    long perBlock = (4L + 2L * mlpRatio) * d * d + (9L + mlpRatio) * d;
    return numLayers * perBlock + 2 * d;
  }

  /** Forward FLOPs per token, {@code 2N + 2 n_layer n_ctx d_model} (Kaplan 2020 Table 1). */
  public double forwardFlopsPerToken() {
    return TransformerShape.kaplanForwardFlopsPerToken(nonEmbeddingParameters(), numLayers, contextLength, dModel);
  }

  /** Training (forward + backward) FLOPs per token, three times the forward pass (Kaplan 2020 §2.1). */
  public double trainingFlopsPerToken() {
    return 3.0 * forwardFlopsPerToken();
  }

  /**
   * Training tokens {@code D = C / (6N)} that spend a compute budget {@code C} (FLOPs) on this model,
   * as in an IsoFLOP plan (Hoffmann et al. 2022 §3.2), with {@code N} the non-embedding parameters.
   * The attention term of {@link #trainingFlopsPerToken()} is not part of this planning rule, so the
   * FLOPs a run logs at its end exceed {@code C} by that term's share.
   */
  public double tokensForCompute(double c) {
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("compute budget must be a positive finite number of FLOPs, got " + c);
    }
    return c / (6.0 * nonEmbeddingParameters());
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
