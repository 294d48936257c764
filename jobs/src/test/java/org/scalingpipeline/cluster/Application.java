package org.scalingpipeline.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.scalingpipeline.jobs.IngestSourcesJob;

/**
 * The application as {@code spark-submit} ships it: a main jar and further jars ({@code --jars}).
 *
 * <p>That is the thin jar {@code jobs/target/*-spark.jar} when it is newer than every class of the
 * application. Maven's {@code test} phase runs before {@code package} builds it, so in a fresh
 * {@code mvn verify} (or after an edit) the thin jar is missing or stale; the application is then
 * assembled from the same parts the thin jar shades in: the jobs' classes as the main jar, the
 * project's other modules, Delta Lake and picocli as {@code --jars}. Either way the jars are copied
 * into a work folder first, so that a build replacing {@code target/} meanwhile cannot tear them.
 */
record Application(Path jar, List<Path> jars) {

  /** The thin jar if it is up to date, else the application assembled from {@code classpath} into {@code workDir}. */
  static Application locate(List<Path> classpath, Path workDir) {
    Path jobsClasses = classesOf(IngestSourcesJob.class);
    List<Path> parts = classpath.stream().filter(e -> ClasspathEntry.of(e) == ClasspathEntry.APPLICATION).toList();
    Path thinJar = thinJar(jobsClasses.getParent());
    if (thinJar != null && modified(thinJar) >= parts.stream().mapToLong(Application::newestModification).max().orElse(0)) {
      return new Application(copy(thinJar, workDir), List.of());
    }
    List<Path> jars = new ArrayList<>();
    for (Path part : parts) {
      if (!part.equals(jobsClasses)) {
        jars.add(Files.isDirectory(part) ? jar(part, workDir.resolve(part.getParent().getParent().getFileName() + ".jar"))
            : copy(part, workDir));
      }
    }
    return new Application(jar(jobsClasses, workDir.resolve("scaling-jobs-classes.jar")), jars);
  }

  /** Whether this is the thin jar that {@code mvn package} builds. */
  boolean isThinJar() {
    return jars.isEmpty();
  }

  private static Path classesOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path thinJar(Path target) {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-spark.jar")).findFirst().orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long newestModification(Path part) {
    try (Stream<Path> files = Files.walk(part)) {
      return files.filter(Files::isRegularFile).mapToLong(Application::modified).max().orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copy(Path jar, Path dir) {
    try {
      return Files.copy(jar, dir.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + jar + ": " + e.getMessage(), e);
    }
  }

  /** Writes a folder of classes and resources into a jar. */
  private static Path jar(Path classes, Path target) {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        JarEntry entry = new JarEntry(classes.relativize(file).toString().replace('\\', '/'));
        entry.setLastModifiedTime(FileTime.fromMillis(modified(file)));
        out.putNextEntry(entry);
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot jar " + classes + ": " + e.getMessage(), e);
    }
  }
}
