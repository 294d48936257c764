package org.scalingpipeline.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: one master and one worker started as child JVMs from
 * a {@link SparkHome} built out of this JVM's class path, and applications submitted to it with
 * {@code org.apache.spark.deploy.SparkSubmit} in client mode, as a user would.
 *
 * <p>Ports are picked free. Every process this class starts (and the executors the worker starts) is
 * stopped by its PID in {@link #close()}, and by a shutdown hook should the test JVM end first.
 */
final class StandaloneCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path workDir;
  private final SparkHome home;
  private final List<String> moduleFlags;
  private final int masterPort;
  private final int masterUiPort;
  private final List<Process> processes = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopAll, "standalone-cluster-stop");
  private Process worker;

  private StandaloneCluster(Path workDir, SparkHome home) {
    this.workDir = workDir;
    this.home = home;
    this.moduleFlags = moduleFlags();
    this.masterPort = freePort();
    this.masterUiPort = freePort();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a master and a worker with {@code cores} cores and {@code memory} (e.g. {@code 2g}), and waits for the worker to register. */
  static StandaloneCluster start(Path workDir, int cores, String memory) {
    return start(workDir, cores, memory, Map.of());
  }

  /**
   * Starts a master and a worker as {@link #start(Path, int, String)} does, the worker with the
   * Spark properties {@code workerConf} in its {@code --properties-file} (as an administrator puts
   * {@code spark.worker.resource.gpu.*} into a worker's {@code spark-defaults.conf}).
   */
  static StandaloneCluster start(Path workDir, int cores, String memory, Map<String, String> workerConf) {
    StandaloneCluster cluster = new StandaloneCluster(workDir,
        SparkHome.create(workDir.resolve("spark-home"), ClasspathEntry.ofThisJvm()));
    try {
      cluster.daemon("master", "256m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", Integer.toString(cluster.masterPort), "--webui-port", Integer.toString(cluster.masterUiPort));
      cluster.worker = cluster.daemon("worker", "256m", "org.apache.spark.deploy.worker.Worker", cluster.masterUrl(),
          "--host", "127.0.0.1", "--port", Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()),
          "--cores", Integer.toString(cores), "--memory", memory, "--work-dir", cluster.workerWorkDir().toString(),
          "--properties-file", properties(workDir.resolve("worker.properties"), workerConf).toString());
      cluster.await("the worker to register with the master", START_TIMEOUT, () -> cluster.aliveWorkers() == 1);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The master's URL, {@code spark://127.0.0.1:<port>}. */
  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** Spark's module flags ({@code --add-opens ...}) as this JVM got them, for the daemons, drivers and executors. */
  List<String> jvmFlags() {
    return moduleFlags;
  }

  /** The worker's work folder: one folder per application, one per executor in it, with the executor's {@code stderr}. */
  Path workerWorkDir() {
    return workDir.resolve("work");
  }

  /**
   * Starts {@code spark-submit} of {@code mainClass} in {@code application} with the given
   * application arguments; the driver runs in the returned JVM (client mode), its log in
   * {@link Submission#log()}.
   */
  Submission submit(String name, Application application, String mainClass, List<String> args) {
    return submit(name, application, mainClass, Map.of(), args);
  }

  /** Submits as {@link #submit(String, Application, String, List)} does, with further {@code --conf} settings that take precedence. */
  Submission submit(String name, Application application, String mainClass, Map<String, String> conf, List<String> args) {
    String flags = String.join(" ", moduleFlags);
    List<String> command = new ArrayList<>(List.of("--master", masterUrl(), "--deploy-mode", "client",
        "--name", name, "--class", mainClass,
        "--conf", "spark.driver.extraJavaOptions=" + flags,
        "--conf", "spark.executor.extraJavaOptions=" + flags,
        "--conf", "spark.executor.memory=1g",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.ui.enabled=false"));
    conf.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
    if (!application.jars().isEmpty()) {
      command.addAll(List.of("--jars", String.join(",", application.jars().stream().map(Path::toString).toList())));
    }
    command.add(application.jar().toString());
    command.addAll(args);
    Path log = workDir.resolve("submit-" + name + ".log");
    return new Submission(start(log, "1g", "org.apache.spark.deploy.SparkSubmit", command), log);
  }

  /** The executor JVMs the worker runs now (main class {@code CoarseGrainedExecutorBackend}). */
  List<ProcessHandle> executors() {
    return worker.descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
  }

  /** A running {@code spark-submit}: its process and the file holding its output. */
  record Submission(Process process, Path log) {

    /** Waits for the driver to exit and returns its exit code; kills it after {@code timeout}. */
    int await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("spark-submit did not finish within " + timeout + "; log:\n" + logTail());
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** The driver's output so far. */
    String output() {
      try {
        return Files.exists(log) ? Files.readString(log) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The last lines of the driver's output, for failure messages. */
    String logTail() {
      List<String> lines = output().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
  }

  /** Waits until {@code condition} holds, polling; fails with {@code what} after {@code timeout}. */
  void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; logs in " + workDir);
      }
      if (processes.stream().limit(2).anyMatch(p -> !p.isAlive())) {
        throw new AssertionError("a cluster daemon exited while waiting for " + what + "; logs in " + workDir);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Stops every process started here, executors first. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void stopAll() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : processes) {
      p.descendants().forEach(all::add);
      all.add(p.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception notYet) {
        p.destroyForcibly();
      }
    }
  }

  private int aliveWorkers() {
    try {
      HttpResponse<String> json = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = ALIVE_WORKERS.matcher(json.body());
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException notUpYet) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Writes Spark properties as a properties file. */
  private static Path properties(Path file, Map<String, String> conf) {
    Properties properties = new Properties();
    properties.putAll(conf);
    try (Writer out = Files.newBufferedWriter(file)) {
      properties.store(out, null);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private Process daemon(String name, String heap, String mainClass, String... args) {
    return start(workDir.resolve(name + ".log"), heap, mainClass, List.of(args));
  }

  /** Starts {@code java <flags> -cp <SPARK_HOME class path> mainClass args} with its output in {@code log}. */
  private Process start(Path log, String heap, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(moduleFlags);
    command.addAll(List.of("-cp", home.classpath(), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(home.environment());
    try {
      Process process = builder.start();
      processes.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass + ": " + e.getMessage(), e);
    }
  }

  /** The flags of this JVM that open JDK modules to Spark (surefire's argLine, the launcher's jvm-flags). */
  private static List<String> moduleFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect.useDirectMethodHandle") || a.startsWith("-Dio.netty.tryReflectionSetAccessible"))
        .toList();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
