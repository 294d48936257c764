package org.scalingpipeline.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm transformer decoder block (GPT-2 layout): {@code x + attention(norm(x))}, then
 * {@code h + mlp(norm(h))} with an MLP {@code dModel -> mlpRatio*dModel -> dModel} and GELU.
 * Input and output are {@code (batch, time, dModel)}.
 */
final class DecoderBlock extends AbstractBlock {

  private final LayerNorm attentionNorm;
  private final CausalSelfAttention attention;
  private final LayerNorm mlpNorm;
  private final SequentialBlock mlp;

  DecoderBlock(int dModel, int numHeads, int mlpRatio) {
    this.attentionNorm = addChildBlock("attention_norm", featureNorm());
    this.attention = addChildBlock("attention", new CausalSelfAttention(dModel, numHeads));
    this.mlpNorm = addChildBlock("mlp_norm", featureNorm());
    this.mlp = addChildBlock("mlp", new SequentialBlock()
        .add(Linear.builder().setUnits((long) mlpRatio * dModel).build())
        .add(Activation::gelu)
        .add(Linear.builder().setUnits(dModel).build()));
  }

  /** A LayerNorm over the feature axis of {@code (batch, time, dModel)} activations. */
  static LayerNorm featureNorm() {
    return LayerNorm.builder().axis(2).build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray h = x.add(attention.forward(store, attentionNorm.forward(store, inputs, training), training)
        .singletonOrThrow());
    NDList hList = new NDList(h);
    return new NDList(h.add(mlp.forward(store, mlpNorm.forward(store, hList, training), training)
        .singletonOrThrow()));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    attentionNorm.initialize(manager, dataType, inputShapes);
    attention.initialize(manager, dataType, inputShapes);
    mlpNorm.initialize(manager, dataType, inputShapes);
    mlp.initialize(manager, dataType, inputShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
