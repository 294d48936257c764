package org.scalingpipeline.refit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The lock that keeps two refits of one warehouse from running at once: a file
 * {@code <warehouse>/_refit.lock} created atomically (create-new fails when it exists) holding the
 * owner's {@code pid@host} and start time. A lock left by a process that died (same host, PID no
 * longer alive) is stale and taken over; any other held lock makes the second refit fail with a
 * message naming the owner.
 */
public final class RefitLock implements AutoCloseable {

  /** The lock's file name inside the warehouse folder. */
  public static final String FILE_NAME = "_refit.lock";

  private final Path file;

  private RefitLock(Path file) {
    this.file = file;
  }

  /** Takes the lock of a warehouse (a local folder or file: URI), or fails saying who holds it. */
  public static RefitLock acquire(String warehouseRoot) {
    Path file = localFolder(warehouseRoot).resolve(FILE_NAME);
    String owner = ProcessHandle.current().pid() + "@" + host() + " since " + Instant.now();
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(Files.createFile(file), owner, StandardCharsets.UTF_8);
        return new RefitLock(file);
      } catch (FileAlreadyExistsException e) {
        String holder = read(file);
        if (!stale(holder)) {
          throw new IllegalStateException("another refit holds the lock " + file + " (" + holder + "); this refit"
              + " did nothing. If that process is gone (on another host), delete the lock file.");
        }
        System.out.println("[refit] taking over the stale lock of a dead process: " + holder);
        deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the lock " + file + ": " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("another refit took the lock " + file + " while this one removed a stale lock");
  }

  @Override
  public void close() {
    deleteIfExists(file);
  }

  /** A lock is stale when its owner ran on this host and its PID is no longer alive. */
  private static boolean stale(String holder) {
    int at = holder.indexOf('@');
    int since = holder.indexOf(" since ");
    if (at < 0 || since < at) {
      return false;
    }
    long pid = Long.parseLong(holder.substring(0, at));
    return holder.substring(at + 1, since).equals(host()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  private static Path localFolder(String root) {
    URI uri = URI.create(root);
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      throw new IllegalArgumentException("refit locks a local (or mounted) warehouse folder; " + root
          + " is on " + uri.getScheme() + ": run one refit at a time from the scheduler");
    }
    return uri.getScheme() == null ? Path.of(root) : Path.of(uri);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
