package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The intermittent NaN training loss of the CPU engine (data/training.md): PyTorch's autograd keeps
 * the tensors an operation needs for the backward pass, and DJL hands it tensors that view the memory
 * of Java direct buffers. A tensor DJL creates for a Java number ({@code NDArray.div(Number)}) is closed
 * right after the forward operation; once its buffer is freed, the backward pass reads whatever the
 * allocator wrote there. The test frees every such buffer between forward and backward, deterministically
 * rather than whenever the collector happens to run, so the attention block's gradient must equal the
 * one computed with nothing freed.
 */
class CausalSelfAttentionTest {

  private static final Shape INPUT = new Shape(2, 8, 16);

  @BeforeAll
  static void offline() {
    TestRequirements.offlineEngine();
  }

  @Test
  void theGradientIsTheSameAfterUnreachableBuffersAreFreedBetweenForwardAndBackward() throws InterruptedException {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Engine.getEngine("PyTorch").setRandomSeed(3);
      CausalSelfAttention attention = new CausalSelfAttention(16, 2);
      attention.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
      attention.initialize(manager, DataType.FLOAT32, INPUT);
      NDArray input = manager.randomNormal(INPUT);

      float[] undisturbed = inputGradient(attention, manager, input, false);
      float[] freed = inputGradient(attention, manager, input, true);
      assertTrue(allFinite(freed), "the gradient has non-finite entries");
      assertArrayEquals(undisturbed, freed, 1e-6f);
    }
  }

  /** d(sum of outputs)/d(input), optionally freeing unreachable direct buffers between forward and backward. */
  private static float[] inputGradient(CausalSelfAttention attention, NDManager manager, NDArray input,
      boolean freeBuffers) throws InterruptedException {
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = input.duplicate();
      x.attach(scope);
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray output = attention.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
        if (freeBuffers) {
          freeUnreachableDirectBuffers();
        }
        collector.backward(output.sum());
      }
      return x.getGradient().toFloatArray();
    }
  }

  /**
   * Frees the memory of every direct buffer nothing references: a full collection finds them, and the
   * JDK's single reference-handler thread frees them (their cleaners) in one batch per collection. A
   * sentinel found by a second collection is handed over only after the first batch is done, so once it
   * arrives every buffer that was unreachable before the first collection has been freed.
   */
  private static void freeUnreachableDirectBuffers() throws InterruptedException {
    for (int collection = 0; collection < 2; collection++) {
      ReferenceQueue<Object> queue = new ReferenceQueue<>();
      WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
      System.gc();
      assertSame(sentinel, queue.remove(30_000), "the collector did not clear the sentinel in 30 s");
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
