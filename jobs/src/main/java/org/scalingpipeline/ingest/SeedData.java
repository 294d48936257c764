package org.scalingpipeline.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The external data sets the pipeline ingests ({@code data/sources.csv}): for each, its path inside
 * the data directory, the public URL to download it from and its SHA-256. The files themselves are
 * never part of the project; they are found through the data directory.
 */
public final class SeedData {

  /** Environment variable naming the data directory. */
  public static final String ENV = "SCALING_DATA_DIR";
  /** The data directory used when neither the flag nor the variable says otherwise. */
  public static final String DEFAULT_DIR = "seed-data";
  /** System property naming the repository root, against which a relative data directory is resolved. */
  public static final String ROOT = "scaling.root";
  private static final String RESOURCE = "data/sources.csv";

  /** One external file. */
  public record Source(String name, String path, String url, String sha256, String licence) {}

  private SeedData() {}

  /** Every external source, as listed in {@code data/sources.csv}. */
  public static List<Source> sources() {
    InputStream in = SeedData.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is not on the class path");
    }
    List<Source> sources = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          String[] c = line.split(",", 5);
          sources.add(new Source(c[0], c[1], c[2], c[3], c[4]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }

  /**
   * The data directory: the flag if given, else {@value #ENV}, else {@value #DEFAULT_DIR}. A relative
   * directory is relative to the repository root, the system property {@value #ROOT} that
   * {@code bin/scaling} and the Maven build set, so that {@code SCALING_DATA_DIR=../shared/data} names
   * the same folder for the CLI and for the tests of every module; without that property (a
   * {@code spark-submit} of the jobs jar) it is relative to the working directory.
   */
  public static Path directory(String flag) {
    String env = System.getenv(ENV);
    String dir = flag != null && !flag.isBlank() ? flag : env != null && !env.isBlank() ? env : DEFAULT_DIR;
    String root = System.getProperty(ROOT);
    return Path.of(root == null || root.isBlank() ? "" : root).toAbsolutePath().resolve(dir).normalize();
  }

  /**
   * The location of a seed file inside the data directory; fails with one line naming the file, its
   * URL and the variable when it is missing.
   */
  public static Path require(Path dataDir, String relativePath) {
    Path file = dataDir.resolve(relativePath);
    if (Files.isRegularFile(file)) {
      return file;
    }
    Source source = sources().stream().filter(s -> s.path().equals(relativePath)).findFirst().orElse(null);
    throw new MissingSeedFileException("missing seed file " + file.toAbsolutePath()
        + (source == null ? "" : " (download " + source.url() + ", sha256 " + source.sha256() + ")")
        + ": set --data-dir or " + ENV + " to the folder holding it, or run 'scaling fetch-data'");
  }

  /** A folder of seed files inside the data directory; fails like {@link #require} when missing. */
  public static Path requireDirectory(Path dataDir, String relativePath) {
    Path folder = dataDir.resolve(relativePath);
    if (Files.isDirectory(folder)) {
      return folder;
    }
    throw new MissingSeedFileException("missing seed folder " + folder.toAbsolutePath()
        + " (its files are listed with their download URLs in data/sources.csv): set --data-dir or "
        + ENV + " to the folder holding it, or run 'scaling fetch-data'");
  }

  /** A seed file that is not in the data directory. */
  public static final class MissingSeedFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingSeedFileException(String message) {
      super(message);
    }
  }
}
