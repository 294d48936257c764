package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * W&amp;B run files written by the tests ({@link WandbFileWriter}) with one fault each: a damaged chunk, a record
 * across blocks, a length past its block, a record past the limit, a file cut inside a record, an unknown file
 * version, unknown protobuf fields, and an old client's {@code wandb-history.jsonl}. Each fault is a reject
 * naming the byte offset and what was expected, and the records around it are read.
 */
class WandbDamagedFilesTest {

  @TempDir
  Path dir;

  private ParsedFile parse(byte[] bytes, Configuration conf) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("run-20240101_000000-abc123"));
    Path file = folder.resolve("run-abc123.wandb");
    Files.write(file, bytes);
    return new LogFiles(conf, PerceiverArManifest.bundled()).parse(file.toUri().toString());
  }

  private ParsedFile parse(byte[] bytes) throws IOException {
    return parse(bytes, new Configuration());
  }

  private static List<String> points(ParsedFile parsed) {
    return parsed.points().stream().map(p -> p.loggedMetric() + "@" + p.step() + "=" + p.loggedValue()).toList();
  }

  private static void assertAddsUp(ParsedFile parsed) {
    assertEquals(parsed.accounting().read(), parsed.accounting().accepted() + parsed.accounting().rejected());
  }

  @Test
  void aDamagedChunkIsRejectedAndTheNextChunkRead() throws IOException {
    WandbFileWriter w = new WandbFileWriter(0).record(WandbFileWriter.run("abc123"))
        .record(WandbFileWriter.history(0, "loss", "2.5"))
        .record(WandbFileWriter.history(1, "loss", "2.25"))
        .record(WandbFileWriter.history(2, "loss", "2.0"));
    byte[] bytes = w.bytes();
    int damaged = w.chunks.get(2);
    bytes[damaged + 10] ^= 0x40;
    ParsedFile parsed = parse(bytes);
    assertEquals(List.of("loss@0=2.5", "loss@2=2.0"), points(parsed));
    assertEquals(1, parsed.rejects().size());
    Reject r = parsed.rejects().get(0);
    assertEquals(3, r.line());
    assertEquals("record at byte " + damaged, r.raw());
    assertTrue(r.reason().startsWith("chunk CRC-32 at byte " + damaged + " is 0x"), r.reason());
    assertTrue(r.reason().endsWith("the chunk is damaged; read on at the next chunk, byte " + w.chunks.get(3)),
        r.reason());
    assertAddsUp(parsed);
  }

  @Test
  void aDamagedMiddleChunkLosesItsRecordOnly() throws IOException {
    String longText = "\"" + "x".repeat(80_000) + "\"";
    WandbFileWriter w = new WandbFileWriter(0).record(WandbFileWriter.history(0, "loss", "2.5"))
        .record(WandbFileWriter.history(1, "loss", "2.25", "sample", longText))
        .record(WandbFileWriter.history(2, "loss", "2.0"));
    int middle = w.chunks.get(2);
    assertEquals(32768, middle, "the MIDDLE chunk fills the second block");
    byte[] bytes = w.bytes();
    bytes[middle + 100] ^= 0x01;
    ParsedFile parsed = parse(bytes);
    assertEquals(List.of("loss@0=2.5", "loss@2=2.0"), points(parsed));
    List<String> reasons = parsed.rejects().stream().map(Reject::reason).toList();
    assertEquals(1, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).startsWith("chunk CRC-32 at byte 32768 is 0x"), reasons.get(0));
    assertTrue(reasons.get(0).endsWith("the chunk is damaged; the record begun at byte " + w.records.get(1)
        + " is lost with it; read on at the next block, byte 65536"), reasons.get(0));
    assertAddsUp(parsed);
  }

  @Test
  void aRecordAcrossBlocksIsReassembled() throws IOException {
    String longText = "\"" + "x".repeat(80_000) + "\"";
    WandbFileWriter w = new WandbFileWriter(0).record(WandbFileWriter.run("abc123"))
        .record(WandbFileWriter.history(0, "loss", "2.5", "sample", longText, "lr", "0.001"))
        .record(WandbFileWriter.history(1, "loss", "2.25"));
    assertEquals(5, w.chunks.size(), "the run (FULL), the 80 kB record (FIRST, MIDDLE, LAST), the last row (FULL)");
    ParsedFile parsed = parse(w.bytes());
    assertEquals(List.of("loss@0=2.5", "lr@0=0.001", "loss@1=2.25"), points(parsed));
    assertEquals(List.of(), parsed.rejects());
    assertEquals(3, parsed.accounting().accepted());
  }

  @Test
  void aRecordLongerThanTheLimitIsRejectedAndItsChunksSkipped() throws IOException {
    String longText = "\"" + "x".repeat(80_000) + "\"";
    WandbFileWriter w = new WandbFileWriter(0).record(WandbFileWriter.run("abc123"))
        .record(WandbFileWriter.history(0, "loss", "2.5", "sample", longText))
        .record(WandbFileWriter.history(1, "loss", "2.25"));
    Configuration conf = new Configuration();
    conf.setInt(ReadLimits.MAX_LINE_BYTES, 50_000);
    ParsedFile parsed = parse(w.bytes(), conf);
    assertEquals(List.of("loss@1=2.25"), points(parsed));
    assertEquals(List.of("the record at byte " + w.records.get(1) + " is longer than the limit of 50000 bytes"
        + " (scaling.ingest.max-line-bytes); its chunks are skipped"),
        parsed.rejects().stream().map(Reject::reason).toList());
    assertAddsUp(parsed);
  }

  @Test
  void aLengthPastItsBlockIsRejectedAndReadingGoesOnAtTheNextBlock() throws IOException {
    String filler = "\"" + "y".repeat(40_000) + "\"";
    WandbFileWriter w = new WandbFileWriter(0).record(WandbFileWriter.run("abc123"))
        .record(WandbFileWriter.history(0, "loss", "2.5"))
        .record(WandbFileWriter.history(1, "loss", "2.25", "sample", filler))
        .record(WandbFileWriter.history(2, "loss", "2.0"));
    byte[] bytes = w.bytes();
    int bad = w.chunks.get(2);
    bytes[bad + 4] = (byte) 0xFF;
    bytes[bad + 5] = (byte) 0xFF;
    ParsedFile parsed = parse(bytes);
    assertEquals(List.of("loss@0=2.5", "loss@2=2.0"), points(parsed));
    List<String> reasons = parsed.rejects().stream().map(Reject::reason).toList();
    assertEquals(List.of("chunk length 65535 at byte " + (bad + 4) + " runs past its block, expected at most "
            + (32768 - bad - 7) + " (the bytes left in the 32768-byte block); read on at the next block, byte 32768",
        "a LAST chunk at byte 32768 with no FIRST chunk before it (the rest of a record whose beginning was lost)"),
        reasons);
    assertAddsUp(parsed);
  }

  @Test
  void aFileCutInsideARecordEndsWithAReject() throws IOException {
    String longText = "\"" + "x".repeat(40_000) + "\"";
    WandbFileWriter w = new WandbFileWriter(0).record(WandbFileWriter.run("abc123"))
        .record(WandbFileWriter.history(0, "loss", "2.5"))
        .record(WandbFileWriter.history(1, "loss", "2.25", "sample", longText));
    byte[] cut = Arrays.copyOf(w.bytes(), 32768 + 3);
    ParsedFile parsed = parse(cut);
    assertEquals(List.of("loss@0=2.5"), points(parsed));
    assertEquals(List.of("the file ends 3 bytes into the chunk header at byte 32768, expected 7 (a run still being"
        + " written, or a cut copy); the record begun at byte " + w.records.get(2) + " is lost with it"),
        parsed.rejects().stream().map(Reject::reason).toList());
    assertAddsUp(parsed);
  }

  @Test
  void anUnknownFileVersionRejectsTheWholeFile() throws IOException {
    byte[] bytes = new WandbFileWriter(1).record(WandbFileWriter.history(0, "loss", "2.5")).bytes();
    ParsedFile parsed = parse(bytes);
    assertEquals(List.of("found W&B file format version 1 at byte 6, expected version 0"),
        parsed.rejects().stream().map(Reject::reason).toList());
    assertEquals(List.of(), parsed.points());
  }

  @Test
  void aFileOfAnotherKindIsRejectedNamingItsFirstBytes() throws IOException {
    ParsedFile parsed = parse("{\"not\": \"wandb\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(List.of("found header bytes 7b 22 6e 6f 74 22 3a, expected a W&B run file starting ':W&B'"
        + " (3a 57 26 42)"), parsed.rejects().stream().map(Reject::reason).toList());
  }

  @Test
  void unknownProtobufFieldsAreSkipped() throws IOException {
    byte[] history = WandbFileWriter.message(o -> {
      o.writeInt64(1, 7);
      o.writeBytes(2, WandbFileWriter.message(h -> {
        h.writeBytes(1, WandbFileWriter.message(item -> {
          item.writeFixed32(7, 12345);
          item.writeString(1, "loss");
          item.writeString(16, "1.5");
          item.writeBytes(99, WandbFileWriter.message(x -> x.writeString(1, "future")));
        }));
        h.writeBytes(2, WandbFileWriter.message(s -> {
          s.writeDouble(5, 0.5);
          s.writeInt64(1, 42);
        }));
        h.writeFixed64(150, 1L);
      }));
      o.writeBytes(300, WandbFileWriter.message(x -> x.writeBool(1, true)));
    }).toByteArray();
    byte[] unknownRecordType = WandbFileWriter.message(o -> o.writeBytes(77, WandbFileWriter.message(x -> { })))
        .toByteArray();
    WandbFileWriter w = new WandbFileWriter(0).record(WandbFileWriter.run("abc123")).record(history)
        .record(unknownRecordType);
    ParsedFile parsed = parse(w.bytes());
    assertEquals(List.of("loss@42=1.5"), points(parsed));
    assertEquals(List.of(), parsed.rejects());
    assertEquals(3, parsed.accounting().accepted());
  }

  @Test
  void aPayloadThatIsNotProtobufIsRejected() throws IOException {
    WandbFileWriter w = new WandbFileWriter(0).record(new byte[] {0x12, 0x7F, 0x01})
        .record(WandbFileWriter.history(3, "loss", "1.0"));
    ParsedFile parsed = parse(w.bytes());
    assertEquals(List.of("loss@3=1.0"), points(parsed));
    assertEquals(1, parsed.rejects().size());
    assertTrue(parsed.rejects().get(0).reason().startsWith("not a wandb_internal.Record message: "),
        parsed.rejects().get(0).reason());
  }

  @Test
  void nonFiniteAndDuplicatedValuesRejectTheirRecord() throws IOException {
    WandbFileWriter w = new WandbFileWriter(0)
        .record(WandbFileWriter.history(0, "loss", "NaN", "lr", "0.1"))
        .record(WandbFileWriter.history(1, "loss", "2.0", "image", "{\"_type\": \"image-file\", \"path\": \"a.png\"}"))
        .record(WandbFileWriter.history(1, "loss", "1.9"));
    ParsedFile parsed = parse(w.bytes());
    assertEquals(List.of("loss@1=2.0"), points(parsed));
    assertEquals(List.of("column 'loss': found 'NaN', expected a finite number",
        RepeatedPoints.REASON),
        parsed.rejects().stream().map(Reject::reason).toList());
  }

  @Test
  void anOldClientsHistoryIsReadWithItsConfig() throws IOException {
    Path run = Files.createDirectories(dir.resolve("wandb/run-20190712_101010-k2x9q1ab"));
    Files.writeString(run.resolve("wandb-history.jsonl"), """
        {"_step": 0, "_runtime": 3.5, "_timestamp": 1562926213.25, "loss": 2.5, "acc": 0.1}
        {"_step": 1, "_runtime": 6.5, "_timestamp": 1562926216.25, "loss": 2.25, "examples": {"_type": "images"}}
        {"_step": 2, "_runtime": 9.5, "_timestamp": 1562926219.25, "loss": NaN}
        {"_step": "3", "loss": 2.0}
        """);
    Files.writeString(run.resolve("config.yaml"), """
        wandb_version: 1

        _wandb:
          desc: null
          value:
            cli_version: 0.8.36
        lr:
          desc: null
          value: 0.001
        layers:
          desc: null
          value: [64, 64]
        """);
    Files.writeString(run.resolve("wandb-summary.json"), "{\"loss\": 2.25}\n");
    Files.writeString(run.resolve("wandb-events.jsonl"), "{\"system.cpu\": 12.5, \"_wandb\": true}\n");
    Files.writeString(run.resolve("wandb-metadata.json"), "{}\n");
    LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());
    List<String> logs = logFiles.list(dir.toString());
    assertEquals(1, logs.size(), logs.toString());
    assertTrue(logs.get(0).endsWith("/wandb-history.jsonl"), logs.toString());
    ParsedFile parsed = logFiles.parse(logs.get(0));
    assertEquals(LogFormat.WANDB_HISTORY, parsed.format());
    assertEquals(List.of("loss@0=2.5", "acc@0=0.1", "loss@1=2.25"), points(parsed));
    assertEquals(1562926216.25, parsed.points().get(2).wallTimeSeconds());
    assertEquals(List.of("not JSON: Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to"
            + " allow at column 71",
        "column '_step': found '\"3\"', expected a whole number >= 0"),
        parsed.rejects().stream().map(Reject::reason).toList());
    RunRecord r = parsed.runs().get(0);
    assertEquals("wandb:k2x9q1ab", r.runId());
    assertEquals(java.util.Map.of("lr", "0.001", "layers", "[64,64]"), r.config());
  }
}
