package org.scalingpipeline.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an entry of this JVM's class path is to a Spark cluster: part of the Spark runtime every
 * node has in {@code $SPARK_HOME/jars}, part of the application that {@code spark-submit} ships
 * (the project's modules, Delta Lake, picocli, DJL and its JNA: what the thin jar shades in), or
 * neither (tests, and libtorch's CPU natives, which the thin jar leaves to the nodes).
 */
enum ClasspathEntry {
  SPARK_RUNTIME, APPLICATION, NEITHER;

  private static final Set<String> APPLICATION_GROUPS = Set.of("org.scalingpipeline", "io.delta", "info.picocli",
      "ai.djl", "ai.djl.pytorch", "net.java.dev.jna");
  private static final Set<String> OTHER_GROUPS = Set.of(
      "org.junit.jupiter", "org.junit.platform", "org.opentest4j", "org.apiguardian");
  /** The one artifact of the application groups that the thin jar excludes (see jobs/pom.xml). */
  private static final String CPU_NATIVES = "pytorch-native-cpu";

  /** The entries of this JVM's class path (surefire sets {@code java.class.path} to the test class path). */
  static List<Path> ofThisJvm() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  /** Classifies an entry; a folder of classes or a jar outside a Maven repository is one of the project's modules. */
  static ClasspathEntry of(Path entry) {
    if (Files.isDirectory(entry)) {
      return entry.getFileName().toString().equals("test-classes") ? NEITHER : APPLICATION;
    }
    Optional<String> group = mavenGroup(entry);
    if (group.isEmpty()) {
      return entry.toString().endsWith(".jar") ? APPLICATION : NEITHER;
    }
    if (entry.getFileName().toString().startsWith(CPU_NATIVES + "-")) {
      return NEITHER;
    }
    return APPLICATION_GROUPS.contains(group.get()) ? APPLICATION
        : OTHER_GROUPS.contains(group.get()) ? NEITHER : SPARK_RUNTIME;
  }

  /**
   * The Maven group of a jar in a repository layout, {@code <group path>/<artifact>/<version>/<artifact>-<version>*.jar},
   * known by the groups this class names (a group path alone does not say where the repository starts).
   */
  private static Optional<String> mavenGroup(Path jar) {
    Path version = jar.toAbsolutePath().getParent();
    Path artifact = version == null ? null : version.getParent();
    if (artifact == null || artifact.getParent() == null || !Files.isRegularFile(jar)
        || !jar.getFileName().toString().startsWith(artifact.getFileName() + "-" + version.getFileName())) {
      return Optional.empty();
    }
    Path group = artifact.getParent();
    return Optional.of(java.util.stream.Stream.concat(APPLICATION_GROUPS.stream(), OTHER_GROUPS.stream())
        .filter(g -> group.endsWith(Path.of(g.replace('.', File.separatorChar))))
        .findFirst().orElse("other"));
  }
}
