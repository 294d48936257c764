package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The intermittent NaN training loss of the CPU engine (data/training.md): PyTorch's autograd keeps
 * the tensors an operation needs for the backward pass, and DJL hands it tensors that view the memory
 * of Java direct buffers. A tensor DJL creates for a Java number ({@code NDArray.div(Number)}) is closed
 * right after the forward operation; once a garbage collection frees its buffer, the backward pass
 * reads whatever the allocator wrote there. The attention block's backward pass must therefore give
 * the same gradient whether or not the collector runs between forward and backward.
 */
class CausalSelfAttentionTest {

  private static final Shape INPUT = new Shape(2, 8, 16);

  @BeforeAll
  static void offline() {
    TestRequirements.offlineEngine();
  }

  @Test
  void theGradientDoesNotDependOnWhenTheGarbageCollectorRuns() throws InterruptedException {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Engine.getEngine("PyTorch").setRandomSeed(3);
      CausalSelfAttention attention = new CausalSelfAttention(16, 2);
      attention.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
      attention.initialize(manager, DataType.FLOAT32, INPUT);
      NDArray input = manager.randomNormal(INPUT);

      float[] undisturbed = inputGradient(attention, manager, input, false);
      for (int attempt = 0; attempt < 5; attempt++) {
        float[] collected = inputGradient(attention, manager, input, true);
        assertTrue(allFinite(collected), "attempt " + attempt + ": the gradient has non-finite entries");
        assertArrayEquals(undisturbed, collected, 1e-6f, "attempt " + attempt);
      }
    }
  }

  /** d(sum of outputs)/d(input), optionally with garbage collections between forward and backward. */
  private static float[] inputGradient(CausalSelfAttention attention, NDManager manager, NDArray input,
      boolean collectGarbage) throws InterruptedException {
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = input.duplicate();
      x.attach(scope);
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray output = attention.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
        if (collectGarbage) {
          for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
          }
        }
        collector.backward(output.sum());
      }
      return x.getGradient().toFloatArray();
    }
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
