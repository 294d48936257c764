package org.scalingpipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The files of a local folder tree as the ingest reads them: symbolic links are followed while their targets
 * stay inside the folder; a link whose target is outside is listed (so that its refusal is reported) but not
 * descended into; a loop ({@code loop -> .}) or a second path to a file already listed is left out, so each
 * file is read once: under its own path when that is in the tree, else under its first path in name order.
 */
final class LocalListing {

  private LocalListing() {}

  /** A path to a file; {@code own} when it is the file's own path, not one through a link. */
  private record Candidate(Path path, boolean own) {
    Candidate better(Candidate other) {
      if (own != other.own) {
        return own ? this : other;
      }
      return path.compareTo(other.path) <= 0 ? this : other;
    }
  }

  /** The listed paths as {@code file:} URIs, sorted; {@code ignored} leaves out hidden and temporary files. */
  static List<String> of(Path root, Predicate<Path> ignored) throws IOException {
    Path realRoot = root.toRealPath();
    Set<Path> seen = new HashSet<>();
    Map<Path, Candidate> byRealPath = new HashMap<>();
    List<String> files = new ArrayList<>();
    Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (!dir.equals(root) && (name.startsWith(".") || name.startsWith("_"))) {
          return FileVisitResult.SKIP_SUBTREE; // hidden, or a folder of the project's own (_quarantine)
        }
        Path real = dir.toRealPath();
        if (!real.startsWith(realRoot)) {
          files.add(uri(dir));
          return FileVisitResult.SKIP_SUBTREE;
        }
        return seen.add(real) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path real = Files.exists(file) ? file.toRealPath() : file;
        if (ignored.test(file)) {
          return FileVisitResult.CONTINUE;
        }
        if (!real.startsWith(realRoot)) {
          files.add(uri(file));
        } else {
          boolean own = root.relativize(file).equals(realRoot.relativize(real));
          byRealPath.merge(real, new Candidate(file, own), Candidate::better);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        if (!(e instanceof FileSystemLoopException) && !ignored.test(file)) {
          files.add(uri(file)); // a dangling link or an unreadable entry: parse reports why
        }
        return FileVisitResult.CONTINUE;
      }
    });
    byRealPath.values().forEach(candidate -> files.add(uri(candidate.path())));
    files.sort(null);
    return files;
  }

  /**
   * Why a path inside {@code root} must not be read because it leads out of {@code root} through a symbolic
   * link, or null when its real path stays inside (or it does not exist).
   */
  static String leavesRoot(Path path, Path root) {
    try {
      if (!Files.exists(path)) {
        return null;
      }
      Path real = path.toRealPath();
      Path realRoot = root.toRealPath();
      return real.startsWith(realRoot) ? null : path + " is a symbolic link (or lies under one) to " + real
          + ", outside the folder " + root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Why a path inside {@code root} is not a file's own path there, or null when it is: it passes through a folder
   * that is a symbolic link (a loop such as {@code loop -> .}, a second path into the tree, or a way out of it), or
   * it is itself a link to a file of the tree. Spark's file source, which follows links, lists such paths; the
   * ingest reads each file once, under its own path.
   */
  static String notItsOwnPath(Path path, Path root) {
    for (Path dir = path.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
      if (Files.isSymbolicLink(dir)) {
        return path + " lies under the symbolic link " + dir + ": not a file's own path in " + root;
      }
    }
    try {
      if (Files.isSymbolicLink(path) && Files.exists(path) && path.toRealPath().startsWith(root.toRealPath())) {
        return path + " is a symbolic link to " + path.toRealPath() + ", a file the folder " + root + " holds itself";
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path + ": " + e.getMessage(), e);
    }
    return null;
  }

  /** The Hadoop path of a local path, as a string ({@code file:} and the path, a folder without a final slash). */
  private static String uri(Path path) {
    try {
      return new org.apache.hadoop.fs.Path(new URI("file", null, path.toAbsolutePath().toString(), null)).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a path: " + path, e);
    }
  }
}
