package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.testing.TestData;

/**
 * One folder holding the logs of two tools (a TensorBoard event file and a Trainer's {@code trainer_state.json},
 * as a Hugging Face run with a TensorBoard callback writes them): each file is read by its own format's reader,
 * each gives its own run, and nothing is refused.
 */
class TwoFormatsInOneFolderTest {

  @Test
  void eachFileOfAMixedFolderIsReadByItsOwnReader(@TempDir Path dir) throws IOException {
    Path real = TestData.seedDir().resolve("real-logs");
    Path run = Files.createDirectories(dir.resolve("output"));
    Files.copy(real.resolve("hf-trainer/P4P4N1CK__whisper-large-v2-japanese-5k-steps/trainer_state.json"),
        run.resolve("trainer_state.json"));
    Files.copy(real.resolve("tensorboard/brianjsl__ndf_mnist/runs/Mar14_17-20-05_dhcp-10-29-125-30.dyn.mit.edu/"
        + "events.out.tfevents.1647292805.dhcp-10-29-125-30.dyn.mit.edu.7831.0"),
        run.resolve("events.out.tfevents.1647292805.host.7831.0"));
    LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());
    Map<String, String> runByFormat = new TreeMap<>();
    for (String file : logFiles.list(dir.toString())) {
      ParsedFile parsed = logFiles.parse(file);
      assertEquals(List.of(), parsed.rejects(), file);
      runByFormat.put(parsed.format().label(), parsed.runs().get(0).runId());
    }
    assertEquals(Map.of("hf-trainer-state", "hf-trainer:output", "tensorboard-events", "tensorboard:output"),
        runByFormat);
  }
}
