package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.testing.TestData;

/**
 * The W&amp;B run files of {@code real-logs/} (SDK 0.12.15 and 0.10.20 runs, wandb-core's golden corpus)
 * against the rows the independent decoder wrote beside them ({@code *.scalars.csv}, listed in
 * {@code REFERENCE.tsv}: {@code tag,step,wall_time,value}, one row per history item, value = the raw
 * {@code value_json}, step = the record's {@code step}, else its {@code _step}, wall time = its
 * {@code _timestamp}). The decoded items must equal them row for row; the points are those rows less the
 * system keys.
 */
class WandbReferenceTest {

  private static final Path REAL_LOGS = TestData.seedDir().resolve("real-logs");
  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  /** One reference row; empty strings where the decoder wrote nothing. */
  private record Row(String tag, String step, String wallTime, String value) {}

  private static List<Path> wandbFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String line : Files.readAllLines(REAL_LOGS.resolve("REFERENCE.tsv"))) {
      String derived = line.split("\t")[0];
      if (derived.startsWith("wandb/")) {
        files.add(REAL_LOGS.resolve(derived.substring(0, derived.length() - ".scalars.csv".length())));
      }
    }
    return files;
  }

  private static List<Row> reference(Path wandbFile) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(wandbFile + ".scalars.csv"));
    assertEquals("tag,step,wall_time,value", lines.get(0));
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = Csv.fields(line);
      rows.add(new Row(f.get(0), f.get(1), f.get(2), f.get(3)));
    }
    return rows;
  }

  /** The history items of a file as rows, with the step and wall time of their record. */
  private static List<Row> decoded(Path wandbFile) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = Files.newInputStream(wandbFile)) {
      WandbTransactionLog log = WandbTransactionLog.open(in, ReadLimits.DEFAULT_MAX_LINE_BYTES);
      for (WandbTransactionLog.Frame frame = log.next(); frame != null; frame = log.next()) {
        if (frame.payload() != null && WandbRecord.parse(frame.payload()) instanceof WandbRecord.History h) {
          String step = h.step() != null ? h.step().toString() : valueOf(h, "_step");
          String wall = valueOf(h, "_timestamp");
          for (WandbRecord.Item item : h.items()) {
            rows.add(new Row(item.key(), step, wall, item.valueJson()));
          }
        }
      }
    }
    return rows;
  }

  private static String valueOf(WandbRecord.History h, String key) {
    return h.items().stream().filter(i -> i.key().equals(key)).map(WandbRecord.Item::valueJson)
        .filter(v -> v.matches("[0-9]+")).findFirst().orElse("");
  }

  @Test
  void everyReferenceFileIsListed() throws IOException {
    assertEquals(14, wandbFiles().size(), wandbFiles().toString());
  }

  @Test
  void decodedItemsEqualTheReferenceRows() throws IOException {
    for (Path file : wandbFiles()) {
      List<Row> expected = reference(file);
      if (file.getFileName().toString().equals("run-old_bad_step_types.wandb")) {
        // The reference decoder truncated the fractional _step 5.5 to step 5; the reader refuses it (below).
        assertEquals(new Row("_step", "5", "", "5.5"), expected.get(1));
        expected.set(1, new Row("_step", "", "", "5.5"));
      }
      assertEquals(expected, decoded(file), file.toString());
    }
  }

  @Test
  void pointsAreTheReferenceRowsLessTheSystemKeys() throws IOException {
    long compared = 0;
    for (Path file : wandbFiles()) {
      List<Row> expected = reference(file).stream()
          .filter(r -> !r.tag().startsWith("_") && !r.step().isEmpty()).toList();
      ParsedFile parsed = logFiles.parse(file.toUri().toString());
      List<Row> points = parsed.points().stream().map(p -> new Row(p.loggedMetric(), Long.toString(p.step()),
          p.wallTimeSeconds() == null ? "" : Long.toString(p.wallTimeSeconds().longValue()),
          value(p.loggedValue()))).toList();
      boolean autoSteps = reference(file).stream().anyMatch(r -> r.step().isEmpty() && !r.tag().startsWith("_"));
      if (!autoSteps) {
        assertEquals(expected.size(), points.size(), file.toString());
        compared += points.size();
        for (int i = 0; i < expected.size(); i++) {
          Row e = expected.get(i);
          Row p = points.get(i);
          assertEquals(e.tag(), p.tag(), file + " point " + i);
          assertEquals(e.step(), p.step(), file + " point " + i);
          assertEquals(e.wallTime().isEmpty() ? "" : Long.toString((long) Double.parseDouble(e.wallTime())),
              p.wallTime(), file + " point " + i);
          assertEquals(Double.parseDouble(e.value()), Double.parseDouble(p.value()), 0.0, file + " point " + i);
        }
      }
      assertEquals(parsed.accounting().read(),
          parsed.accounting().accepted() + parsed.accounting().rejected(), file.toString());
      for (PointRecord p : parsed.points()) {
        assertEquals("wandb:" + WandbRunFileParser.runId(file.toString()), p.runId());
        assertEquals(MetricMap.defaults().resolve("wandb", p.loggedMetric()).unit().stored().label(), p.unit());
      }
    }
    assertEquals(3 * 861 + 2 * 862 + 5 * 3, compared, "Training/{step,loss,accuracy} at 1..861, Validation/{step,"
        + "accuracy} at 0..861, x in five golden logs");
  }

  private static String value(double v) {
    return Double.toString(v);
  }

  @Test
  void aRunStillBeingWrittenEndsAtItsLastWholeRecord() {
    Path file = REAL_LOGS.resolve("wandb/ARM-software__keyword-transformer/wandb/run-20220429_201936-3ojed7lz/"
        + "run-3ojed7lz.wandb");
    ParsedFile parsed = logFiles.parse(file.toUri().toString());
    assertEquals(861, parsed.points().stream().mapToLong(PointRecord::step).max().orElseThrow());
    assertEquals(1, parsed.rejects().size(), parsed.rejects().toString());
    Reject cut = parsed.rejects().get(0);
    assertEquals("record at byte 335628", cut.raw());
    assertTrue(cut.reason().startsWith("the file ends 0 bytes into the 228 data bytes of the chunk at byte 335628"),
        cut.reason());
    RunRecord run = parsed.runs().get(0);
    assertEquals("wandb:3ojed7lz", run.runId());
    assertEquals("Default Hyper Parameters, Swish activation.", run.config().get("Notes"));
    assertFalse(run.config().containsKey("_wandb"));
  }

  @Test
  void fileWithoutHistoryIsARunWithoutPoints() {
    Path file = REAL_LOGS.resolve("wandb/wandb__wandb/tests/assets/wandb/offline-run-20210216_154407-g9dvvkua/"
        + "run-g9dvvkua.wandb");
    ParsedFile parsed = logFiles.parse(file.toUri().toString());
    assertEquals(List.of(), parsed.rejects());
    assertEquals(List.of(), parsed.points());
    assertEquals(10, parsed.accounting().accepted());
    assertEquals("wandb:g9dvvkua", parsed.runs().get(0).runId());
  }

  @Test
  void stepsLeftToTheTrackerAreNumberedFromZero() {
    Path file = REAL_LOGS.resolve("wandb/wandb__wandb/tests/assets/compat_logs/synthesized/"
        + "offline-run-new_auto_steps/run-new_auto_steps.wandb");
    List<String> points = logFiles.parse(file.toUri().toString()).points().stream()
        .map(p -> p.loggedMetric() + "@" + p.step() + "=" + p.loggedValue()).toList();
    assertEquals(List.of("x@0=0.0", "x@1=1.0", "x@2=2.0"), points);
  }

  @Test
  void aStepThatIsNotAWholeNumberRejectsItsRecordNamingIt() {
    Path file = REAL_LOGS.resolve("wandb/wandb__wandb/tests/assets/compat_logs/synthesized/"
        + "offline-run-old_bad_step_types/run-old_bad_step_types.wandb");
    List<String> reasons = logFiles.parse(file.toUri().toString()).rejects().stream().map(Reject::reason).toList();
    assertEquals(List.of(
        "column '_step': found '\"5\"', expected a whole number >= 0",
        "column '_step': found '5.5', expected a whole number >= 0",
        "column '_step': found 'null', expected a whole number >= 0",
        "column '_step': found 'true', expected a whole number >= 0",
        "column '_step': found '{\"a\":1}', expected a whole number >= 0",
        "column '_step': found '[1]', expected a whole number >= 0"), reasons);
  }
}
