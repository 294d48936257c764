package org.scalingpipeline.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.scalingpipeline.core.flops.DecoderLmConfig;

/**
 * A GPT-style decoder-only language model written with DJL's block API: learned token and position
 * embeddings, {@code numLayers} pre-norm {@link DecoderBlock}s, a final LayerNorm and an output layer
 * tied to the token embedding (logits {@code = h E^T}, no bias). Its trainable parameter count is
 * exactly {@link DecoderLmConfig#parameters()}, so the logged model size is the trained one.
 *
 * <p>Input: token ids {@code (batch, time)} as INT64 with {@code time <= contextLength}; output:
 * logits {@code (batch, time, vocabSize)}.
 */
public final class DecoderLanguageModel extends AbstractBlock {

  private final DecoderLmConfig config;
  private final Parameter tokenEmbedding;
  private final Parameter positionEmbedding;
  private final List<DecoderBlock> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;

  /** Builds the (uninitialised) blocks for {@code config}. */
  public DecoderLanguageModel(DecoderLmConfig config) {
    this.config = config;
    this.tokenEmbedding = addParameter(embeddingTable("token_embedding", config.vocabSize()));
    this.positionEmbedding = addParameter(embeddingTable("position_embedding", config.contextLength()));
    for (int i = 0; i < config.numLayers(); i++) {
      blocks.add(addChildBlock("block_" + i,
          new DecoderBlock(config.dModel(), config.numHeads(), config.mlpRatio())));
    }
    this.finalNorm = addChildBlock("final_norm", DecoderBlock.featureNorm());
  }

  private Parameter embeddingTable(String name, int rows) {
    return Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(rows, config.dModel()))
        .build();
  }

  /** The configuration this model was built from. */
  public DecoderLmConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = inputs.singletonOrThrow();
    long time = tokens.getShape().get(1);
    if (time > config.contextLength()) {
      throw new IllegalArgumentException("sequence of " + time + " tokens is longer than the model's"
          + " context of " + config.contextLength() + "; use seq_len <= contextLength");
    }
    NDArray tokenTable = store.getValue(tokenEmbedding, tokens.getDevice(), training);
    NDArray positionTable = store.getValue(positionEmbedding, tokens.getDevice(), training);
    NDArray positions = tokens.getManager().arange(0, (int) time, 1, DataType.INT64, tokens.getDevice());
    // Lookups and the tied projection are issued on the activations so that every intermediate
    // array belongs to the caller's (per-batch) manager, never to the model's.
    NDArray hidden = tokens.getNDArrayInternal().embedding(tokens, tokenTable, SparseFormat.DENSE)
        .singletonOrThrow()
        .add(positions.getNDArrayInternal().embedding(positions, positionTable, SparseFormat.DENSE)
            .singletonOrThrow());
    NDList x = new NDList(hidden);
    for (DecoderBlock block : blocks) {
      x = block.forward(store, x, training);
    }
    NDArray normed = finalNorm.forward(store, x, training).singletonOrThrow();
    return normed.getNDArrayInternal().linear(normed, tokenTable, null);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tokens = inputShapes[0];
    Shape hidden = new Shape(tokens.get(0), tokens.get(1), config.dModel());
    for (DecoderBlock block : blocks) {
      block.initialize(manager, dataType, hidden);
    }
    finalNorm.initialize(manager, dataType, hidden);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape tokens = inputShapes[0];
    return new Shape[] {new Shape(tokens.get(0), tokens.get(1), config.vocabSize())};
  }
}
