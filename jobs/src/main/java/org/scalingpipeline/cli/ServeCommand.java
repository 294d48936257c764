package org.scalingpipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.serve.Binding;
import org.scalingpipeline.serve.ConnectEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scaling serve}: a Spark Connect endpoint over the warehouse, so a notebook, a script or {@code scaling
 * sql --remote} queries it without starting Spark (see docs/connect.md). Runs until SIGTERM or Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the warehouse, its views and the SQL functions over Spark Connect (sc://) until stopped.")
final class ServeCommand implements Callable<Integer> {

  /** Environment variable holding the token clients must present (Spark Connect's own). */
  static final String TOKEN_ENV = "SPARK_CONNECT_AUTHENTICATE_TOKEN";

  @Mixin
  CommonOptions common;

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
  String host = Binding.LOOPBACK;

  @Option(names = "--port", description = "Port (default: ${DEFAULT-VALUE}; 0: any free port).")
  int port = Binding.DEFAULT_PORT;

  @Option(names = "--expose", description = "Allow a non-loopback --host; needs a token.")
  boolean expose;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the token clients must give (default: $" + TOKEN_ENV + ").")
  Path tokenFile;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Binding binding = new Binding(host, port, expose, token());
    SparkSession spark = SparkSessions.getOrCreate("scaling serve");
    CountDownLatch stopped = new CountDownLatch(1);
    try (ConnectEndpoint endpoint = ConnectEndpoint.start(spark, common.warehouse(), binding)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        endpoint.close();
        stopped.countDown();
      }, "scaling serve stop"));
      System.out.println(endpoint.url() + (binding.token().isPresent() ? "/;token=<token>" : ""));
      System.out.flush();
      stopped.await();
    }
    return 0;
  }

  private Optional<String> token() throws IOException {
    if (tokenFile != null) {
      return Optional.of(Files.readString(tokenFile).strip());
    }
    return Optional.ofNullable(System.getenv(TOKEN_ENV));
  }
}
