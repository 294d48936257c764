package org.scalingpipeline.train;

import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;

/**
 * The values of a model's parameters as Java arrays, one {@code float[]} per parameter in the block's parameter
 * order (row-major), read and written in place: the snapshots {@link CheckpointAverage} averages. Writing needs
 * arrays on the CPU or a JNI that copies to the GPU (DJL 0.35's does).
 */
final class ModelWeights {

  private ModelWeights() {}

  /** A copy of every parameter's values. */
  static float[][] read(Trainer trainer) {
    var parameters = trainer.getModel().getBlock().getParameters();
    float[][] values = new float[parameters.size()][];
    int p = 0;
    for (Pair<String, Parameter> parameter : parameters) {
      values[p++] = parameter.getValue().getArray().toFloatArray();
    }
    return values;
  }

  /** Replaces every parameter's values by {@code values}, in the order {@link #read} gives them. */
  static void write(Trainer trainer, float[][] values) {
    var parameters = trainer.getModel().getBlock().getParameters();
    if (values.length != parameters.size()) {
      throw new IllegalArgumentException("got values for " + values.length + " parameters, the model has "
          + parameters.size());
    }
    int p = 0;
    for (Pair<String, Parameter> parameter : parameters) {
      parameter.getValue().getArray().set(values[p++]);
    }
  }
}
