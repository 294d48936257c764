package org.scalingpipeline.train;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;

/**
 * Loads DJL's PyTorch engine and checks that the libtorch it found is the one DJL 0.35.1's JNI was
 * built for, so that a mismatched {@code PYTORCH_LIBRARY_PATH} fails here with a fix instead of
 * crashing later in native code.
 */
public final class DjlEngines {

  /** The only libtorch version DJL 0.35.1's prebuilt JNI ({@code pytorch-jni 2.7.1-0.35.1}) drives. */
  public static final String LIBTORCH_VERSION = "2.7.1";

  private static final String HOW_TO_FIX = "Either put ai.djl.pytorch:pytorch-native-cpu:"
      + LIBTORCH_VERSION + " on the classpath (CPU), let DJL download the CUDA natives (online, without"
      + " ai.djl.offline), or set PYTORCH_LIBRARY_PATH to a libtorch " + LIBTORCH_VERSION
      + " with PYTORCH_VERSION=" + LIBTORCH_VERSION + " and PYTORCH_FLAVOR (for example cu126);"
      + " see data/training.md";

  private DjlEngines() {}

  /** The PyTorch engine, or an {@link IllegalStateException} that says how to install libtorch. */
  public static Engine pytorch() {
    Engine engine;
    try {
      engine = Engine.getEngine("PyTorch");
    } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
      throw new IllegalStateException("DJL could not load libtorch: " + e.getMessage() + ". " + HOW_TO_FIX, e);
    }
    if (!engine.getVersion().startsWith(LIBTORCH_VERSION)) {
      throw new IllegalStateException("DJL loaded libtorch " + engine.getVersion() + " but its JNI"
          + " needs " + LIBTORCH_VERSION + ". " + HOW_TO_FIX);
    }
    return engine;
  }
}
