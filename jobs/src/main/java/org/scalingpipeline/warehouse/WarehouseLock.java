package org.scalingpipeline.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lock that keeps two jobs from writing one warehouse at once ({@code ingest}, {@code fit},
 * {@code optimal}, {@code refit} and {@code sql --write} take it): a file {@code <warehouse>/_warehouse.lock}
 * holding the owner's {@code pid@host}, start time and job. Without it a fit and a refit could claim the same
 * {@code fit_version}, and two ingests race their MERGEs.
 *
 * <p>The lock appears atomically and complete: the owner line is written to a file of its own, then hard-linked
 * to the lock's name (a link fails when the name exists), so a write that fails (a full disk) leaves no lock
 * behind. A lock whose owner provably no longer runs is stale and taken over, saying so: an empty or unreadable
 * lock file (left by an older writer that failed mid-write), one that does not hold {@code pid@host since ...},
 * or one whose owner ran on this host under a PID that is no longer alive. Any other held lock makes the second
 * job fail with a message naming the owner. A warehouse on an object store cannot be locked this way: the job
 * runs unlocked and says so.
 */
public final class WarehouseLock implements AutoCloseable {

  /** The lock's file name inside the warehouse folder. */
  public static final String FILE_NAME = "_warehouse.lock";

  private static final Pattern OWNER = Pattern.compile("(\\d+)@(\\S+) since \\S+ \\(.*\\)");

  private static final String UNREADABLE = "unreadable: ";

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
      if (create(file, owner)) {
        return new WarehouseLock(file);
      }
      String holder = read(file);
      if (holder == null) {
        continue;
      }
      String staleBecause = staleBecause(holder);
      if (staleBecause == null) {
        throw new IllegalStateException("another job holds the warehouse lock " + file + " (" + holder + "); this "
            + job + " did nothing. If that process is gone (on another host), delete the lock file.");
      }
      System.out.println("[lock] taking over the stale lock " + file + ": " + staleBecause);
      if (holder.equals(read(file))) { // not a lock another job took over meanwhile
        deleteIfExists(file);
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

  /** Creates the lock holding {@code owner} in one step; false when a lock is already there. */
  private static boolean create(Path file, String owner) {
    Path draft = null;
    try {
      Files.createDirectories(file.getParent());
      draft = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".draft");
      Files.writeString(draft, owner, StandardCharsets.UTF_8);
      Files.createLink(file, draft);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the lock " + file + ": " + e.getMessage(), e);
    } finally {
      if (draft != null) {
        deleteIfExists(draft);
      }
    }
  }

  /** Why a lock's holder provably no longer runs, or null when it may (or is known to) be alive. */
  static String staleBecause(String holder) {
    if (holder.startsWith(UNREADABLE)) {
      return null;
    }
    if (holder.isEmpty()) {
      return "the lock file is empty (a write that failed)";
    }
    Matcher owner = OWNER.matcher(holder);
    if (!owner.matches()) {
      return "the lock file holds '" + abbreviate(holder) + "', not 'pid@host since time (job)'";
    }
    if (!owner.group(2).equals(host())) {
      return null;
    }
    long pid;
    try {
      pid = Long.parseLong(owner.group(1));
    } catch (NumberFormatException e) {
      return "the lock file names PID " + owner.group(1) + ", which no process can have";
    }
    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    return alive ? null : "its owner, " + holder + ", no longer runs";
  }

  /** The warehouse's folder when it is on the local file system, else null. */
  private static Path localFolder(String root) {
    URI uri = new org.apache.hadoop.fs.Path(root).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return null;
    }
    return uri.getScheme() == null ? Path.of(uri.getPath()) : Path.of(uri);
  }

  /** The holder of a lock, null when there is none, {@value #UNREADABLE}... when it cannot be read. */
  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return UNREADABLE + e.getMessage();
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** This host's name, as the lock records it. */
  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
