package org.scalingpipeline.launch;

import java.util.Arrays;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The project's command line as the packages below {@code cli} see it. The jobs' {@code main}
 * methods (the {@code spark-submit} entry points) hand their arguments to the command line through
 * this interface, so both ways of launching take the same options and exit with the same codes while
 * nothing imports {@code cli}, the top layer; {@code cli} registers its implementation as a
 * {@link ServiceLoader} service ({@code META-INF/services}).
 */
public interface Launcher {

  /** Runs a command line and returns its exit code (0 on success). */
  int launch(String... args);

  /** Runs one subcommand with its arguments through the registered command line and exits the JVM with its code. */
  static void exitWith(String subcommand, String[] args) {
    Launcher cli = ServiceLoader.load(Launcher.class).findFirst().orElseThrow(() -> new IllegalStateException(
        "no command line registered as " + Launcher.class.getName() + " on the class path; expected the scaling-jobs jar"));
    System.exit(cli.launch(Stream.concat(Stream.of(subcommand), Arrays.stream(args)).toArray(String[]::new)));
  }
}
