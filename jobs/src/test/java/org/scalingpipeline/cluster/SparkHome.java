package org.scalingpipeline.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code SPARK_HOME} folder made from Maven jars, since no Spark distribution comes from the
 * package registries: {@code jars/} links the {@link ClasspathEntry#SPARK_RUNTIME} jars of a class
 * path, {@code conf/} holds a log4j2 configuration.
 * A standalone worker builds its executors' class path from exactly these two folders.
 */
record SparkHome(Path dir) {

  /**
   * Logs at WARN, except task starts and executor losses (the tests follow the job by them), daemon
   * life, and the training tasks' lines (the device each run trains on, and why).
   */
  private static final String LOG4J2 = """
      rootLogger.level = warn
      rootLogger.appenderRef.stderr.ref = console
      appender.console.type = Console
      appender.console.name = console
      appender.console.target = SYSTEM_ERR
      appender.console.layout.type = PatternLayout
      appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex
      logger.tasks.name = org.apache.spark.scheduler.TaskSetManager
      logger.tasks.level = info
      logger.scheduler.name = org.apache.spark.scheduler.TaskSchedulerImpl
      logger.scheduler.level = info
      logger.deploy.name = org.apache.spark.deploy
      logger.deploy.level = info
      logger.train.name = org.scalingpipeline.train
      logger.train.level = info
      """;

  /** Creates the folder under {@code dir} from the jars of {@code classpath}. */
  static SparkHome create(Path dir, List<Path> classpath) {
    try {
      Path jars = Files.createDirectories(dir.resolve("jars"));
      Files.writeString(Files.createDirectories(dir.resolve("conf")).resolve("log4j2.properties"), LOG4J2);
      for (Path entry : classpath) {
        Path link = jars.resolve(entry.getFileName());
        if (ClasspathEntry.of(entry) == ClasspathEntry.SPARK_RUNTIME && !Files.exists(link)) {
          Files.createSymbolicLink(link, entry.toAbsolutePath());
        }
      }
      return new SparkHome(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build a SPARK_HOME in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The class path of a Spark daemon or of {@code spark-submit}: the configuration, then every jar. */
  String classpath() {
    return dir.resolve("conf") + File.pathSeparator + dir.resolve("jars") + File.separator + "*";
  }

  /** The environment Spark's launch code needs to find this home (the workers build executor commands from it). */
  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", dir.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_CONF_DIR", dir.resolve("conf").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return env;
  }
}
