package org.scalingpipeline.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse lock: a lock whose owner provably no longer runs is taken over, a live one is not, and
 * the lock file is never left half-written (hostile-input review, case 6).
 */
class WarehouseLockTest {

  @TempDir
  Path warehouse;

  private Path lockFile() {
    return warehouse.resolve(WarehouseLock.FILE_NAME);
  }

  private String acquireAndRelease() {
    try (WarehouseLock lock = WarehouseLock.acquire(warehouse.toString(), "fit")) {
      String holder = read(lockFile());
      assertTrue(holder.startsWith(ProcessHandle.current().pid() + "@" + WarehouseLock.host() + " since "), holder);
      assertTrue(holder.endsWith(" (fit)"), holder);
      return holder;
    }
  }

  @Test
  void anEmptyLockFileLeftByAFailedWriteIsStale() throws IOException {
    Files.writeString(lockFile(), "");
    assertEquals("the lock file is empty (a write that failed)", WarehouseLock.staleBecause(""));
    acquireAndRelease();
    assertFalse(Files.exists(lockFile()), "released");
  }

  @Test
  void aGarbageLockFileIsStaleAndTheReasonQuotesIt() throws IOException {
    Files.writeString(lockFile(), "garbage");
    assertEquals("the lock file holds 'garbage', not 'pid@host since time (job)'",
        WarehouseLock.staleBecause("garbage"));
    acquireAndRelease();
  }

  @Test
  void aLockOfADeadProcessOnThisHostIsStale() throws Exception {
    Process child = new ProcessBuilder("true").start();
    child.waitFor();
    String holder = child.pid() + "@" + WarehouseLock.host() + " since 2026-01-01T00:00:00Z (refit)";
    Files.writeString(lockFile(), holder);
    assertEquals("its owner, " + holder + ", no longer runs", WarehouseLock.staleBecause(holder));
    acquireAndRelease();
  }

  @Test
  void aLiveOwnerOrAnOwnerOnAnotherHostKeepsTheLock() throws IOException {
    String live = ProcessHandle.current().pid() + "@" + WarehouseLock.host() + " since 2026-01-01T00:00:00Z (ingest)";
    String elsewhere = "1@another-host.example since 2026-01-01T00:00:00Z (ingest)";
    for (String holder : List.of(live, elsewhere)) {
      Files.writeString(lockFile(), holder);
      assertNull(WarehouseLock.staleBecause(holder));
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> WarehouseLock.acquire(warehouse.toString(), "optimal"));
      assertEquals("another job holds the warehouse lock " + lockFile() + " (" + holder + "); this optimal did"
          + " nothing. If that process is gone (on another host), delete the lock file.", refused.getMessage());
      assertEquals(holder, read(lockFile()), "the holder's lock is untouched");
    }
  }

  @Test
  void theLockAppearsCompleteAndLeavesNoDraftBehind() throws IOException {
    try (WarehouseLock lock = WarehouseLock.acquire(warehouse.toString(), "refit")) {
      assertThrows(IllegalStateException.class, () -> WarehouseLock.acquire(warehouse.toString(), "fit"));
      try (Stream<Path> files = Files.list(warehouse)) {
        assertEquals(List.of(WarehouseLock.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
      }
    }
    try (Stream<Path> files = Files.list(warehouse)) {
      assertEquals(0, files.count(), "released, and no draft left");
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
