package org.scalingpipeline.cli;

import java.util.function.Supplier;

/** Progress lines for a long step: what starts, and how long it took. */
public final class Stage {

  private Stage() {}

  public static <T> T run(String name, Supplier<T> work) {
    System.out.println("[scaling] " + name + " ...");
    long start = System.nanoTime();
    T result = work.get();
    System.out.printf("[scaling] %s done in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    return result;
  }
}
