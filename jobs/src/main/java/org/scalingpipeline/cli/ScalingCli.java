package org.scalingpipeline.cli;

import org.scalingpipeline.launch.Launcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one command line of the project, {@code bin/scaling <subcommand>}. Each subcommand runs one
 * job; the jobs' own {@code main} methods (for {@code spark-submit}) come through here too, found as
 * the registered {@link Launcher}, so both ways of launching take the same options and exit with the
 * same codes.
 */
@Command(name = "scaling", mixinStandardHelpOptions = true, version = "scaling-pipeline 0.1.0",
    description = "Neural scaling laws on Spark: ingest training logs, fit power laws, plan compute.",
    subcommands = {IngestCommand.class, FetchDataCommand.class, SqlCommand.class, ServeCommand.class, PipelineCommand.class,
        SchemaCommand.class, FitCommand.class, RefitCommand.class, FitFileCommand.class, OptimalCommand.class, TrainCommand.class,
        IsoflopCheckCommand.class, BacktestCommand.class, ReportCommand.class,
        GenerateCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Benchmarks (module bench, not part of this jar): bin/scaling bench --help"})
public final class ScalingCli implements Runnable, Launcher {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs the command line and returns its exit code (0 on success). */
  public static int run(String... args) {
    return run(new ScalingCli(), args);
  }

  /** Runs a picocli command object (this one, or {@code scaling bench}) with the same failure handling. */
  public static int run(Object command, String... args) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(new FailureHandler())
        .execute(args);
  }

  @Override
  public int launch(String... args) {
    return run(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Prints a failure as one clear line (the stack trace only with SCALING_DEBUG set) and exits 1. */
  private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
      cmd.getErr().println("scaling " + cmd.getCommandName() + ": " + FailureLine.of(e));
      if (System.getenv("SCALING_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return 1;
    }
  }
}
