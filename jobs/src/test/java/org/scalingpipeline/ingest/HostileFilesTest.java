package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files too large, endless or not files at all (hostile-input review, cases 4 and 9), generated here rather
 * than committed: each costs a reject naming its limit, in bounded memory, and the file's rows before the fault
 * are kept. The test JVM's heap (3 GiB) is smaller than the files, so reading any of them whole would fail.
 */
class HostileFilesTest {

  private static final String RUN = "{\"record\":\"run\",\"run_name\":\"hostile\",\"source\":\"bad-corpus\"}\n";

  @TempDir
  Path dir;

  private static LogFiles logFiles(int maxLineBytes, long maxDecompressedBytes) {
    Configuration conf = new Configuration();
    conf.setLong(ReadLimits.MAX_LINE_BYTES, maxLineBytes);
    conf.setLong(ReadLimits.MAX_DECOMPRESSED_BYTES, maxDecompressedBytes);
    return new LogFiles(conf, PerceiverArManifest.bundled());
  }

  private static LogFiles defaults() {
    return new LogFiles(new Configuration(), PerceiverArManifest.bundled());
  }

  private static String point(long step) {
    return "{\"record\":\"point\",\"step\":" + step + ",\"metric\":\"val_loss\",\"value\":2.5}\n";
  }

  private static void assertAccounted(ParsedFile parsed) {
    Accounting a = parsed.accounting();
    assertEquals(a.read(), a.accepted() + a.rejected(), "every row accepted or rejected");
    assertEquals(a.rejected(), parsed.rejects().size());
  }

  @Test
  void aLineOverTheLimitIsRejectedAndTheNextLineReadsOn() throws IOException {
    Path log = dir.resolve("long.jsonl");
    Files.writeString(log, RUN + point(1) + "{\"record\":\"point\",\"pad\":\"" + "x".repeat(5000) + "\"}\n" + point(3));
    ParsedFile parsed = logFiles(1024, 1 << 30).parse(log.toUri().toString());
    assertAccounted(parsed);
    assertEquals(List.of(1L, 3L), parsed.points().stream().map(PointRecord::step).toList());
    assertEquals("line 3 is longer than the limit of 1024 bytes (scaling.ingest.max-line-bytes)",
        parsed.rejects().get(0).reason());
    assertEquals(3, parsed.rejects().get(0).line());
  }

  @Test
  void aGzipBombStopsAtTheDecompressedLimitKeepingTheRowsBefore() throws IOException {
    Path bomb = dir.resolve("bomb.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      out.write(RUN.getBytes(StandardCharsets.UTF_8));
      byte[] line = point(7).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 200_000; i++) {
        out.write(line);
      }
    }
    long limit = 1 << 20;
    ParsedFile parsed = logFiles(1 << 20, limit).parse(bomb.toUri().toString());
    assertAccounted(parsed);
    Reject last = parsed.rejects().get(parsed.rejects().size() - 1);
    assertTrue(last.reason().startsWith("the decompressed text is longer than the limit of 1048576 bytes"
        + " (scaling.ingest.max-decompressed-bytes); the file is not read past line "), last.reason());
    assertTrue(parsed.accounting().read() * point(7).length() < 2 * limit, "no row past the limit was read");
  }

  @Test
  void aGzipBombOfZerosWithNoNewlineIsOneOverlongLine() throws IOException {
    Path bomb = dir.resolve("zeros.jsonl.gz");
    byte[] zeros = new byte[1 << 20];
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      for (int i = 0; i < 512; i++) {
        out.write(zeros);
      }
    }
    ParsedFile parsed = defaults().parse(bomb.toUri().toString());
    assertEquals(List.of("line 1: line 1 is longer than the limit of 16777216 bytes (scaling.ingest.max-line-bytes)"),
        parsed.rejects().stream().map(Reject::reason).toList());
    assertTrue(Files.size(bomb) < 1 << 20, "512 MiB of zeros compress to " + Files.size(bomb) + " bytes");
  }

  @Test
  void aGzipBombWithNewlinesStopsAtItsExpansionLimit() throws IOException {
    Path bomb = dir.resolve("lines.jsonl.gz");
    byte[] newlines = new byte[1 << 20];
    java.util.Arrays.fill(newlines, (byte) '\n');
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      out.write(RUN.getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < 512; i++) {
        out.write(newlines);
      }
    }
    ParsedFile parsed = defaults().parse(bomb.toUri().toString());
    assertAccounted(parsed);
    assertEquals(List.of("the decompressed text is longer than the limit of 67108864 bytes (100× the "
        + Files.size(bomb) + " compressed bytes, at least 67108864: scaling.ingest.max-expansion); the file is not"
        + " read past line " + (1 + 67108864 - RUN.length())), parsed.rejects().stream().map(Reject::reason).toList());
  }

  @Test
  void aSparseFileLargerThanAnArrayCanHoldIsRejectedInBoundedMemory() throws IOException {
    Path sparse = dir.resolve("sparse.jsonl");
    try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
      file.setLength((2L << 30) + 1);
    }
    ParsedFile parsed = defaults().parse(sparse.toUri().toString());
    assertEquals(1, parsed.rejects().size());
    assertEquals("line 1: line 1 is longer than the limit of 16777216 bytes (scaling.ingest.max-line-bytes)",
        parsed.rejects().get(0).reason());
    assertEquals((2L << 30) + 1, parsed.file().sizeBytes());
    assertEquals(64, parsed.file().sha256().length(), "the identity hashes the whole file");
  }

  @Test
  void aFifoOrALinkToADeviceIsNeverOpened() throws Exception {
    Path fifo = dir.resolve("pipe.jsonl");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Path zero = Files.createSymbolicLink(dir.resolve("zero.jsonl"), Path.of("/dev/zero"));
    for (Path special : List.of(fifo, zero)) {
      ParsedFile parsed = logFiles(1024, 1 << 20).parse(special.toUri().toString());
      assertEquals(List.of("cannot read " + special.toUri() + ": not a regular file (a folder, FIFO, device or"
          + " socket), expected a log file"), parsed.rejects().stream().map(Reject::reason).toList());
    }
  }
}
