package org.scalingpipeline.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head causal self-attention: a fused QKV projection, scaled dot-product scores with future
 * positions masked out, and an output projection. Input and output are {@code (batch, time, dModel)}.
 * DJL's own attention blocks are bidirectional (BERT), hence this block.
 */
final class CausalSelfAttention extends AbstractBlock {

  /** Score given to future positions; exp of it underflows to 0 in float32. */
  private static final float MASKED = -1e9f;

  private final int numHeads;
  private final Linear qkv;
  private final Linear projection;

  CausalSelfAttention(int dModel, int numHeads) {
    this.numHeads = numHeads;
    this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dModel).build());
    this.projection = addChildBlock("projection", Linear.builder().setUnits(dModel).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    Shape shape = inputs.singletonOrThrow().getShape();
    long batch = shape.get(0);
    long time = shape.get(1);
    long dModel = shape.get(2);
    long headSize = dModel / numHeads;
    // (batch, time, 3 * dModel) -> (3, batch, heads, time, headSize)
    NDArray heads = qkv.forward(store, inputs, training).singletonOrThrow()
        .reshape(batch, time, 3, numHeads, headSize)
        .transpose(2, 0, 3, 1, 4);
    NDArray query = heads.get(0);
    NDArray key = heads.get(1);
    NDArray value = heads.get(2);
    NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)).div(scoreScale(query.getManager(), headSize));
    NDArray masked = scores.add(causalBias(scores.getManager(), time, scores.getDataType()));
    NDArray attended = masked.softmax(-1).matMul(value)
        .transpose(0, 2, 1, 3)
        .reshape(batch, time, dModel);
    return projection.forward(store, new NDList(attended), training);
  }

  /**
   * {@code sqrt(headSize)} as a tensor of the activations' manager, which stays open until the backward
   * pass is done. Not {@code div(Number)}: DJL closes the tensor it makes for a Java number right after
   * the operation, while autograd keeps it for the backward pass; the tensor views a Java direct buffer,
   * and once the garbage collector frees that buffer the gradient is divided by whatever the allocator
   * wrote there, which made the training loss NaN now and then (CausalSelfAttentionTest).
   */
  private static NDArray scoreScale(NDManager manager, long headSize) {
    return manager.create((float) Math.sqrt(headSize));
  }

  /**
   * {@code (time, time)} scores bias: 0 where position {@code i} may attend to {@code j <= i} and
   * {@value #MASKED} for the future. Finite, so that no {@code inf - inf} can turn a score into NaN.
   */
  private static NDArray causalBias(NDManager manager, long time, DataType dataType) {
    NDArray positions = manager.arange(0, (int) time, 1, DataType.INT64);
    NDArray allowed = positions.reshape(1, time).lte(positions.reshape(time, 1)).toType(dataType, false);
    return allowed.sub(1).mul(-MASKED);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape input = inputShapes[0];
    qkv.initialize(manager, dataType, input);
    projection.initialize(manager, dataType, input);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
