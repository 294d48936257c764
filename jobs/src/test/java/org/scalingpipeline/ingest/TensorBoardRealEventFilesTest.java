package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scalingpipeline.testing.TestData;

/**
 * The TensorBoard event files of {@code real-logs/} (Lightning, tensorboardX without a {@code file_version}
 * record, {@code torch.utils.tensorboard} including a 40-byte header-only file), as the writers wrote them: the
 * reader's scalars are the rows of the independent decoder's {@code *.scalars.csv} ({@code REFERENCE.tsv}),
 * tag, step, wall time and value equal as doubles, in file order; through {@link LogFiles} the file gives the
 * same points, a repeat of a (tag, step) with the same value stored once.
 */
class TensorBoardRealEventFilesTest {

  /** A reference row: the CSV's text parsed as doubles (written by Python's repr, so exact). */
  record Row(String tag, long step, double wallTime, double value) {}

  private static Path realLogs() {
    return TestData.seedDir().resolve("real-logs");
  }

  static Stream<String> eventFiles() throws IOException {
    return Files.readAllLines(realLogs().resolve("REFERENCE.tsv")).stream().skip(1)
        .map(line -> line.split("\t")[0])
        .filter(csv -> csv.startsWith("tensorboard/"))
        .map(csv -> csv.substring(0, csv.length() - ".scalars.csv".length()));
  }

  private static List<Row> reference(String eventFile) throws IOException {
    List<String> lines = Files.readAllLines(realLogs().resolve(eventFile + ".scalars.csv"));
    assertEquals("tag,step,wall_time,value", lines.get(0));
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = Csv.fields(line);
      rows.add(new Row(cells.get(0), Long.parseLong(cells.get(1)), Double.parseDouble(cells.get(2)),
          Double.parseDouble(cells.get(3))));
    }
    return rows;
  }

  @ParameterizedTest
  @MethodSource("eventFiles")
  void theReadersScalarsAreTheReferenceRows(String eventFile) throws IOException {
    Path file = realLogs().resolve(eventFile);
    RecordingListener read;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      read = RecordingListener.read(in, Files.size(file), ReadLimits.DEFAULT_MAX_LINE_BYTES);
    }
    assertEquals(List.of(), read.faults);
    assertEquals(0L, read.recordOffsets.get(0), "the first record is at byte 0");
    assertEquals(reference(eventFile), read.scalars.stream()
        .map(s -> new Row(s.tag(), s.step(), s.wallTime(), s.value())).toList());
  }
  @ParameterizedTest
  @MethodSource("eventFiles")
  void throughLogFilesTheFileGivesTheReferencePointsOnce(String eventFile) throws IOException {
    LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());
    String root = realLogs().resolve("tensorboard").toString();
    String path = logFiles.list(root).stream().filter(p -> p.endsWith(eventFile.substring("tensorboard".length())))
        .findFirst().orElseThrow();
    ParsedFile parsed = logFiles.parse(path);
    assertEquals(LogFormat.TENSORBOARD_EVENTS, parsed.format());
    assertEquals(List.of(), parsed.rejects());
    assertEquals(1, parsed.runs().size());
    String prefix = eventFile.contains("/validation/") ? "validation/" : "";
    Set<List<Object>> seen = new HashSet<>();
    List<Row> expected = new ArrayList<>();
    for (Row row : reference(eventFile)) {
      if (seen.add(List.of(row.tag(), row.step(), row.value()))) {
        expected.add(new Row(prefix + row.tag(), row.step(), row.wallTime(), row.value()));
      }
    }
    assertEquals(expected, parsed.points().stream()
        .map(p -> new Row(p.loggedMetric(), p.step(), p.wallTimeSeconds(), p.loggedValue())).toList());
    assertTrue(parsed.points().stream().allMatch(p -> MetricMap.defaults().resolve("tensorboard", p.loggedMetric()).unit().stored().label().equals(p.unit())
        && p.runId().equals(parsed.runs().get(0).runId())));
  }

  @Test
  void lightningsEventFileHoldsItsHparamsInTheHparamsPluginsSessionStarts() throws IOException {
    Path file = realLogs().resolve("tensorboard/AtomScott__FractalDB/lightning_logs/version_0/"
        + "events.out.tfevents.1609169139.e8fc262d1b07.21087.0");
    RecordingListener read;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      read = RecordingListener.read(in, Files.size(file), ReadLimits.DEFAULT_MAX_LINE_BYTES);
    }
    assertEquals(2, read.hparams.size(), "at the start and at the end of training");
    assertEquals(new TensorBoardEventReader.HParam("0.001", true), read.hparams.get(0).get("learning_rate"));
    assertTrue(read.hparams.get(0).get("backbone").text().startsWith("Backbone(\n  (l1): Linear(in_features=784"),
        read.hparams.get(0).get("backbone").text());
  }

  @Test
  void runsAreNamedByTheirLogFolderAndLightningsHparamsYamlIsTheirConfig() {
    LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());
    List<String> files = logFiles.list(realLogs().resolve("tensorboard").toString());
    assertFalse(files.stream().anyMatch(f -> f.endsWith("hparams.yaml")), "hparams.yaml is a companion, not a log");
    Map<String, RunRecord> runs = new java.util.TreeMap<>();
    for (String file : files) {
      if (LogFormat.detect(file, p -> false) == LogFormat.TENSORBOARD_EVENTS) {
        RunRecord run = logFiles.parse(file).runs().get(0);
        runs.put(run.runId(), run);
      }
    }
    assertEquals(Set.of("tensorboard:AtomScott__FractalDB/lightning_logs/version_0",
        "tensorboard:RobinWeitzel__NLPProject/output/log",
        "tensorboard:brianjsl__ndf_mnist/runs/Mar12_22-03-42_dhcp-10-29-125-30.dyn.MIT.EDU",
        "tensorboard:brianjsl__ndf_mnist/runs/Mar14_17-20-05_dhcp-10-29-125-30.dyn.mit.edu"), runs.keySet());
    RunRecord lightning = runs.get("tensorboard:AtomScott__FractalDB/lightning_logs/version_0");
    assertEquals("0.001", lightning.config().get("learning_rate"));
    assertEquals("!!python/object:__main__.Backbone", lightning.config().get("backbone"));
    assertEquals(Map.of(), lightning.attributes());
    assertEquals("dense", lightning.family());
  }
}
