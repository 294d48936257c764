package org.scalingpipeline.ingest;

import java.util.Map;
import org.scalingpipeline.core.flops.PerceiverArConfig;

/**
 * Parameter counts and per-step training figures of a Perceiver AR manifest row, from the model's
 * exact formulas in the math core. A step processes {@code batch_size × num_latents} latent tokens,
 * the tokens the loss is computed on (the article's D).
 */
record PerceiverArFacts(double params, double embeddingParams, double selfParams, double crossParams,
    double tokensPerStep, double selfFlopsPerStep, double crossFlopsPerStep) {

  /** Training FLOPs of one step, self-attention and prefix cross-attention together. */
  double flopsPerStep() {
    return selfFlopsPerStep + crossFlopsPerStep;
  }


  static PerceiverArFacts of(Map<String, String> entry) {
    PerceiverArConfig model = new PerceiverArConfig(Cells.smallCount("num_channels", entry.get("num_channels")),
        Cells.smallCount("num_layers", entry.get("num_layers")), Cells.smallCount("vocab_size", entry.get("vocab_size")),
        Cells.smallCount("max_seq_len", entry.get("max_seq_len")), Cells.smallCount("num_latents", entry.get("num_latents")),
        Cells.nonNegative("cross_attention_dropout", entry.get("cross_attention_dropout")));
    double tokensPerStep = Cells.smallCount("batch_size", entry.get("batch_size")) * (double) model.numLatents();
    double embedding = ((double) model.vocabSize() + model.maxSeqLen()) * model.numChannels();
    return new PerceiverArFacts(model.params(), embedding, model.selfAttentionParams(),
        model.crossAttentionParams(), tokensPerStep, model.selfAttentionFlopsPerLatentToken() * tokensPerStep,
        model.crossAttentionFlopsPerLatentToken() * tokensPerStep);
  }
}
