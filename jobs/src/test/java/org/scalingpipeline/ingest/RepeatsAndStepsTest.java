package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules the text readers share: a step is a whole number however it is written ({@code 1e3} yes, {@code 1.5}
 * and {@code 1e30} no), a TensorBoard export's wall time may be empty, and a repeated (metric, step) is kept once
 * when identical and rejected with {@link RepeatedPoints#REASON} when it differs.
 */
class RepeatsAndStepsTest {

  @TempDir
  Path dir;

  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  private ParsedFile parse(Path file) {
    ParsedFile parsed = logFiles.parse(file.toUri().toString());
    Accounting a = parsed.accounting();
    assertEquals(a.read(), a.accepted() + a.rejected(), "every row accepted or rejected");
    return parsed;
  }

  private static List<String> rejects(ParsedFile parsed) {
    return parsed.rejects().stream().map(r -> r.line() + ": " + r.reason() + (r.detail() == null ? "" : " | " + r.detail()))
        .toList();
  }

  @Test
  void aTensorBoardExportWithEmptyWallTimesExponentStepsAndRepeats() throws IOException {
    Path csv = Files.writeString(dir.resolve("loss.csv"), "Wall time,Step,Value\n"
        + "1673350199.27,1e3,4.47\n"
        + ",2000,4.0\n"
        + "1673350588.41,1.5,4.2\n"
        + "1673350588.41,1e30,4.2\n"
        + "1673350199.27,1000,4.47\n"
        + "1673350199.27,1000,4.46\n"
        + "-3,3000,3.9\n");
    Files.writeString(dir.resolve("loss.csv.run.json"), "{\"run_name\": \"r\", \"metric\": \"loss\"}");
    ParsedFile parsed = parse(csv);
    assertEquals(LogFormat.TENSORBOARD_CSV, parsed.format());
    assertEquals(List.of("1000 4.47 @ 1.67335019927E9", "2000 4.0 @ null"), parsed.points().stream()
        .map(p -> p.step() + " " + p.value() + " @ " + p.wallTimeSeconds()).toList());
    assertEquals(List.of(
        "4: column 'Step': found '1.5', expected a whole number >= 0",
        "5: column 'Step': found '1e30', expected a whole number <= 9223372036854775807",
        "7: " + RepeatedPoints.REASON + " | loss at step 1000 of run tensorboard:r: value 4.46 here, on line 2 value 4.47",
        "8: column 'Wall time': found '-3', expected a number > 0"), rejects(parsed));
    assertEquals(3, parsed.accounting().accepted(), "line 6 repeats line 2 exactly: accepted, its point kept once");
  }

  @Test
  void aJsonlLogKeepsAnIdenticalRepeatOnceAndRejectsAConflictingOne() throws IOException {
    Path log = Files.writeString(dir.resolve("run.jsonl"), """
        {"record":"run","run_name":"j"}
        {"record":"point","step":1e3,"metric":"loss","value":3.0}
        {"record":"point","step":1000,"metric":"loss","value":3.0}
        {"record":"point","step":1000,"metric":"loss","value":3.0,"wall_time":1700000000}
        {"record":"point","step":1000,"metric":"loss","value":3.5}
        {"record":"point","step":1000,"metric":"acc","value":0.5}
        """);
    ParsedFile parsed = parse(log);
    assertEquals(List.of("loss 1000 3.0", "acc 1000 0.5"),
        parsed.points().stream().map(p -> p.metric() + " " + p.step() + " " + p.value()).toList(),
        "the same value logged again later (another wall time) is the same observation");
    assertEquals(List.of("5: " + RepeatedPoints.REASON
        + " | loss at step 1000 of run jsonl:j: value 3.5 here, on line 2 value 3.0"), rejects(parsed));
    assertEquals(5, parsed.accounting().accepted());
  }
}
