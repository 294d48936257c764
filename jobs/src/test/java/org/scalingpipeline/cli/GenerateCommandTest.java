package org.scalingpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.synthetic.SyntheticLogs;

/** {@code scaling generate --law NAME --param name=value --dataset NAME} as data/log-format.md documents it. */
class GenerateCommandTest {

  @Test
  void aLawOfComputeWithEveryParameterWritesItsStudy(@TempDir Path out) throws Exception {
    CliRun run = CliRun.of("generate", "--runs", "3", "--points", "4", "--seed", "3", "--law", "power-law-offset",
        "--param", "E=1.7", "--param", "A=900", "--param", "alpha=0.15", "--dataset", "compute-frontier",
        "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    List<String> law = Files.readAllLines(out.resolve(SyntheticLogs.LAW_TRUTH));
    assertEquals(List.of("parameter,value", "law,power-law-offset", "predictors,C = 6*N*D", "E,1.7", "A,900.0",
        "alpha,0.15"), law.subList(0, 6));
    String log = Files.readString(out.resolve("syn-s3-r000000.jsonl"));
    assertTrue(log.contains("\"dataset\":\"compute-frontier\""), log);
  }

  @Test
  void aLawWithoutPublishedConstantsIsRefusedNamingTheMissingParameters(@TempDir Path out) {
    CliRun run = CliRun.of("generate", "--runs", "3", "--points", "4", "--law", "bnsl-1", "--param", "a=1.5",
        "--out", out.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("give --param for [b, c0, c1, d1, f1]"), run.err());
    assertFalse(Files.exists(out.resolve(SyntheticLogs.LAW_TRUTH)), "nothing written");
  }
}
