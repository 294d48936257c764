package org.scalingpipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class in a child JVM with this JVM's Java, class path and Spark module flags and a heap of its
 * own, its output appended to a log file: for tests that kill a job mid-way or bound its memory.
 */
public final class ChildJvm {

  private ChildJvm() {}

  /** Starts {@code mainClass} with {@code args} under {@code -Xmx<heap>}, on this JVM's class path. */
  public static Process start(String heap, Class<?> mainClass, List<String> args, Path log) {
    return start(heap, System.getProperty("java.class.path"), mainClass.getName(), args, log);
  }

  /** Starts a main class of another class path (another module's, e.g. the Connect client's). */
  public static Process start(String heap, String classPath, String mainClass, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect") || arg.startsWith("-Dio.netty") || arg.startsWith("-Dlog4j2")
          || arg.startsWith("-Dscaling.")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", classPath, mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
  }
}
