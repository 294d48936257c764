package org.scalingpipeline.warehouse;

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
 * The lock that keeps two jobs from writing one warehouse at once ({@code ingest}, {@code fit},
 * {@code optimal} and {@code refit} take it): a file {@code <warehouse>/_warehouse.lock} created atomically (create-new
 * fails when it exists) holding the owner's {@code pid@host}, start time and job. Without it a fit
 * and a refit could claim the same {@code fit_version}, and two ingests race their MERGEs. A lock
 * left by a process that died (same host, PID no longer alive) is stale and taken over; any other
 * held lock makes the second job fail with a message naming the owner. A warehouse on an object
 * store cannot be locked this way: the job runs unlocked and says so.
 */
public final class WarehouseLock implements AutoCloseable {

  /** The lock's file name inside the warehouse folder. */
  public static final String FILE_NAME = "_warehouse.lock";

  private final Path file;

  private WarehouseLock(Path file) {
    this.file = file;
  }

  /**
   * Takes the lock of a warehouse (a local folder or file: URI) for a job, or fails saying who holds
   * it; on any other file system returns a lock that locks nothing, after saying so.
   */
  public static WarehouseLock acquire(String warehouseRoot, String job) {
    Path folder = localFolder(warehouseRoot);
    if (folder == null) {
      System.out.println("[lock] " + warehouseRoot + " is not on a local file system; " + job + " runs unlocked:"
          + " let the scheduler run one writer of this warehouse at a time");
      return new WarehouseLock(null);
    }
    Path file = folder.resolve(FILE_NAME);
    String owner = ProcessHandle.current().pid() + "@" + host() + " since " + Instant.now() + " (" + job + ")";
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(Files.createFile(file), owner, StandardCharsets.UTF_8);
        return new WarehouseLock(file);
      } catch (FileAlreadyExistsException e) {
        String holder = read(file);
        if (!stale(holder)) {
          throw new IllegalStateException("another job holds the warehouse lock " + file + " (" + holder + "); this "
              + job + " did nothing. If that process is gone (on another host), delete the lock file.");
        }
        System.out.println("[lock] taking over the stale lock of a dead process: " + holder);
        deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the lock " + file + ": " + e.getMessage(), e);
      }
    }
    throw new IllegalStateException("another job took the lock " + file + " while this " + job
        + " removed a stale lock");
  }

  @Override
  public void close() {
    if (file != null) {
      deleteIfExists(file);
    }
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

  /** The warehouse's folder when it is on the local file system, else null. */
  private static Path localFolder(String root) {
    URI uri = new org.apache.hadoop.fs.Path(root).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return null;
    }
    return uri.getScheme() == null ? Path.of(uri.getPath()) : Path.of(uri);
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
