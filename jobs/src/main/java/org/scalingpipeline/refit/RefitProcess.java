package org.scalingpipeline.refit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.scalingpipeline.jobs.RefitLandingJob;

/**
 * A refit in a child JVM, as a scheduler starts it: {@code bin/scaling refit} when this JVM runs under
 * {@code bin/scaling} (the latency benchmark, where the JVM start belongs to what is measured), else
 * (the crash tests, which kill it) the current JVM's Java, class path and Spark module flags, the
 * launcher's heap ({@code SCALING_HEAP}, default 4g) and {@link RefitLandingJob#main} with the
 * {@code scaling refit} arguments.
 */
public final class RefitProcess {

  /** The system property {@code bin/scaling} sets to its own path. */
  private static final String LAUNCHER = "scaling.launcher";

  private RefitProcess() {}

  /**
   * Starts a refit with extra environment variables; its output goes to a log file. Under {@code
   * bin/scaling} (a benchmark) it is {@code bin/scaling refit}, the scheduler's very command.
   */
  public static Process start(List<String> args, Map<String, String> env, Path log) {
    String launcher = System.getProperty(LAUNCHER);
    List<String> command = new ArrayList<>();
    if (launcher != null) {
      command.add(launcher);
      command.add("refit");
      command.addAll(args);
      return launch(command, env, log);
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + System.getenv().getOrDefault("SCALING_HEAP", "4g"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || arg.startsWith("-Djdk.reflect") || arg.startsWith("-Dio.netty") || arg.startsWith("-Dlog4j2")) {
        command.add(arg);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RefitLandingJob.class.getName());
    command.addAll(args);
    return launch(command, env, log);
  }

  private static Process launch(List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
  }

  /** The {@code scaling refit} arguments for a landing folder, a warehouse and a fit plan (null: bundled). */
  public static List<String> args(String landing, String warehouse, Path plan) {
    List<String> args = new ArrayList<>(List.of("--landing", landing, "--warehouse", warehouse));
    if (plan != null) {
      args.addAll(List.of("--plan", plan.toString()));
    }
    return args;
  }
}
