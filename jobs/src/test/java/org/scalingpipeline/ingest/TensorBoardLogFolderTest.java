package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scalingpipeline.ingest.EventFileBytes.event;
import static org.scalingpipeline.ingest.EventFileBytes.file;
import static org.scalingpipeline.ingest.EventFileBytes.fileVersion;
import static org.scalingpipeline.ingest.EventFileBytes.histogramValue;
import static org.scalingpipeline.ingest.EventFileBytes.hparamsValue;
import static org.scalingpipeline.ingest.EventFileBytes.simpleValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorBoard log folders through {@link LogFiles} (list, then parse each file): a run is a log folder, its
 * restarts and its Keras {@code train/} and {@code validation/} event files are one run declared alike by every
 * file, with Lightning's {@code hparams.yaml} or else the hparams plugin's session start as config; each record
 * is a row, a histogram an accepted row without points.
 */
class TensorBoardLogFolderTest {

  private static final double T0 = 1700000000.5;

  @TempDir
  Path logs;

  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  private void write(String name, byte[] bytes) throws IOException {
    Path path = logs.resolve(name);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);
  }

  private List<ParsedFile> ingest() {
    return logFiles.list(logs.toString()).stream().map(logFiles::parse).toList();
  }

  @Test
  void twoEventFilesOfOneFolderAreOneRunWithItsHparamsYaml() throws IOException {
    write("exp/version_0/events.out.tfevents.1700000000.host.1.0", file(fileVersion(T0),
        event(T0 + 1, 10, simpleValue("train_loss", 2.5f)), event(T0 + 2, 10, histogramValue("weights", 20))));
    write("exp/version_0/events.out.tfevents.1700000100.host.2.0", file(fileVersion(T0 + 100),
        event(T0 + 101, 20, simpleValue("train_loss", 2.25f), simpleValue("val_loss", 2.75f))));
    write("exp/version_0/hparams.yaml", "n_layer: 4\nd_model: 128\nlr: 3.0e-4\nname: tiny\nlayers: [1, 2]\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<ParsedFile> parsed = ingest();
    assertEquals(2, parsed.size(), "hparams.yaml is a companion, not a log");
    RunRecord first = parsed.get(0).runs().get(0);
    RunRecord second = parsed.get(1).runs().get(0);
    assertEquals("tensorboard:exp/version_0", first.runId());
    assertEquals(first.attributes(), second.attributes());
    assertEquals(first.config(), second.config());
    assertEquals(first.family(), second.family());
    assertEquals(Map.of("num_layers", 4, "d_model", 128), first.attributes());
    assertEquals(Map.of("n_layer", "4", "d_model", "128", "lr", "3.0e-4", "name", "tiny", "layers", "[1,2]"),
        first.config());
    assertEquals(new Accounting(3, 3, 0, 0, 1), parsed.get(0).accounting());
    assertEquals(new Accounting(2, 2, 0, 0, 2), parsed.get(1).accounting());
    PointRecord point = parsed.get(1).points().get(1);
    assertEquals(List.of("tensorboard:exp/version_0", 20L, "val_loss", 2.75, "nats/token", T0 + 101),
        List.of(point.runId(), point.step(), point.loggedMetric(), point.loggedValue(), point.unit(),
            point.wallTimeSeconds()));
  }

  @Test
  void kerasTrainAndValidationSubfoldersAreOneRunWhoseTagsTheyPrefix() throws IOException {
    write("fit/logs/train/events.out.tfevents.1.host.v2", file(fileVersion(T0),
        event(T0 + 1, 0, simpleValue("epoch_loss", 0.5f))));
    write("fit/logs/validation/events.out.tfevents.2.host.v2", file(fileVersion(T0),
        event(T0 + 2, 0, simpleValue("epoch_loss", 0.625f))));
    List<ParsedFile> parsed = ingest();
    assertEquals(List.of("tensorboard:fit/logs"), parsed.stream().map(p -> p.runs().get(0).runId()).distinct().toList());
    assertEquals(List.of("train/epoch_loss", "validation/epoch_loss"),
        parsed.stream().flatMap(p -> p.points().stream()).map(PointRecord::loggedMetric).toList());
    assertEquals(List.of("loss_train", "loss_validation"),
        parsed.stream().flatMap(p -> p.points().stream()).map(PointRecord::metric).toList(), "named by the metric map");
  }

  @Test
  void withoutHparamsYamlTheFirstSessionStartOfTheRunsFilesIsTheConfigOfEveryFile() throws IOException {
    write("run/events.out.tfevents.1.host", file(fileVersion(T0),
        event(T0, 0, hparamsValue("batch_size", 32, "optimizer", "adam", "dropout", 0.1, "warmup", true)),
        event(T0 + 1, 1, simpleValue("loss", 3f))));
    write("run/events.out.tfevents.2.host", file(fileVersion(T0 + 50), event(T0 + 51, 2, simpleValue("loss", 2f))));
    List<ParsedFile> parsed = ingest();
    for (ParsedFile one : parsed) {
      RunRecord run = one.runs().get(0);
      assertEquals(Map.of("batch_size", "32", "optimizer", "adam", "dropout", "0.1", "warmup", "true"), run.config());
      assertEquals(Map.of("batch_size", 32), run.attributes());
      assertEquals(List.of(), one.rejects());
    }
  }

  @Test
  void aRepeatedStepWithTheSameValueIsOnePointAndWithAnotherValueARejectNamingTheEarlierRecord() throws IOException {
    byte[] first = EventFileBytes.record(fileVersion(T0));
    write("dup/events.out.tfevents.1.host", file(fileVersion(T0), event(T0 + 1, 100, simpleValue("epoch", 0f)),
        event(T0 + 2, 100, simpleValue("epoch", 0f)), event(T0 + 3, 100, simpleValue("epoch", 1f)),
        event(T0 + 4, 101, simpleValue("loss", Float.NaN))));
    ParsedFile parsed = ingest().get(0);
    assertEquals(new Accounting(5, 3, 2, 0, 1), parsed.accounting());
    assertEquals(4, parsed.rejects().get(0).line());
    assertEquals(RepeatedPoints.REASON, parsed.rejects().get(0).reason());
    assertEquals("epoch at step 100 of run tensorboard:dup: value 1.0 here, on line 2 value 0.0",
        parsed.rejects().get(0).detail());
    assertEquals("column 'value': found 'NaN', expected a finite number (tag loss, step 101)",
        parsed.rejects().get(1).reason());
  }

  @Test
  void anHparamsYamlThatIsNotAMappingOfKeysRejectsTheFileNamingIt() throws IOException {
    write("bad/events.out.tfevents.1.host", file(fileVersion(T0), event(T0, 1, simpleValue("loss", 3f))));
    write("bad/hparams.yaml", "lr: 0.1\nlr: 0.2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ParsedFile parsed = ingest().get(0);
    assertEquals(1, parsed.rejects().size());
    assertEquals(0, parsed.rejects().get(0).line());
    assertTrue(parsed.rejects().get(0).reason().contains("hparams.yaml beside it is not readable as Lightning's"
        + " hparams YAML: Duplicate field 'lr'"), parsed.rejects().get(0).reason());
  }
}
