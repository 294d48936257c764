package org.scalingpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.ChinchillaLaw;

/** {@code scaling fit-file} on synthetic CSVs generated from known laws. */
class FitFileCommandTest {

  @TempDir
  Path dir;

  private Path chinchillaCsv() throws IOException {
    StringBuilder csv = new StringBuilder("params,tokens,loss\n");
    Random random = new Random(3);
    for (double n : new double[] {1e7, 3e7, 1e8, 3e8, 1e9, 3e9}) {
      for (double d : new double[] {1e9, 3e9, 1e10, 3e10, 1e11}) {
        csv.append(n).append(',').append(d).append(',')
            .append(ChinchillaLaw.PAPER.loss(n, d) * (1 + 0.001 * random.nextGaussian())).append('\n');
      }
    }
    return Files.writeString(dir.resolve("runs.csv"), csv);
  }

  @Test
  void fitsChinchillaAndPrintsJson() throws IOException {
    CliRun run = CliRun.of("fit-file", "--law", "chinchilla", "--input", chinchillaCsv().toString(),
        "--column", "n=params", "--column", "d=tokens");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals("chinchilla", json.get("law").asText());
    assertEquals(0.34, json.get("params").get("alpha").asDouble(), 0.02, "Hoffmann et al. 2022 Eq. 10 alpha");
    assertEquals(0.28, json.get("params").get("beta").asDouble(), 0.02, "beta");
    assertEquals(1.69, json.get("params").get("E").asDouble(), 0.05, "E");
    assertEquals(30, json.get("n_points").asInt());
    assertTrue(json.get("converged").asBoolean());
    assertTrue(json.has("stderr") && json.has("rmse"));
  }

  @Test
  void bootstrapsAnAllocationWithIntervals() throws IOException {
    StringBuilder csv = new StringBuilder("c,n_or_d\n");
    Random random = new Random(5);
    for (double c = 1e18; c < 1e24; c *= 3) {
      csv.append(c).append(',').append(0.1 * Math.pow(c, 0.5) * (1 + 0.01 * random.nextGaussian())).append('\n');
    }
    CliRun run = CliRun.of("fit-file", "--law", "allocation", "--input",
        Files.writeString(dir.resolve("a.csv"), csv).toString(), "--bootstrap", "100");
    JsonNode json = new ObjectMapper().readTree(run.out());
    double exponent = json.get("params").get("exponent").asDouble();
    assertEquals(0.5, exponent, 0.01, "the generating exponent, 1 % noise");
    JsonNode interval = json.get("intervals").get("exponent");
    double lower = interval.get(0).asDouble();
    double upper = interval.get(1).asDouble();
    assertTrue(lower < exponent && exponent < upper && upper - lower < 0.02, "95 % interval " + interval);
  }

  @Test
  void aLossFloorPushedToZeroIsListedAtItsBound() throws IOException {
    // loss = 1000/step - 0.1: the fit wants E < 0 and stops at the bound E = 0.
    Path csv = Files.writeString(dir.resolve("curve.csv"), "x,y\n100,9.9\n200,4.9\n400,2.4\n800,1.15\n1600,0.525\n");
    JsonNode json = new ObjectMapper().readTree(CliRun.of("fit-file", "--law", "loss-curve", "--input", csv.toString()).out());
    assertEquals("[\"E\"]", json.get("at_bound").toString());
  }

  @Test
  void anUnknownColumnIsAClearError() throws IOException {
    CliRun run = CliRun.of("fit-file", "--law", "chinchilla", "--input", chinchillaCsv().toString(), "--column", "n=N");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("has no column 'N' for the role n; its columns are [params, tokens, loss]"), run.err());
  }

  @Test
  void aNonNumericCellNamesItsLine() throws IOException {
    Path csv = Files.writeString(dir.resolve("bad.csv"), "x,y\n1,2\n2,abc\n");
    CliRun run = CliRun.of("fit-file", "--law", "power-law", "--input", csv.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("line 3, column 'y': found 'abc', expected a number"), run.err());
  }

  @Test
  void tooFewPointsIsANonConvergedResult() throws IOException {
    Path csv = Files.writeString(dir.resolve("few.csv"), "n,d,loss\n1e8,1e9,3.0\n");
    CliRun run = CliRun.of("fit-file", "--law", "chinchilla", "--input", csv.toString());
    assertEquals(1, run.exitCode());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertFalse(json.get("converged").asBoolean(), run.out());
    assertEquals("1 points for 5 parameters: need at least 6", json.get("reason").asText(), run.out());
  }

  @Test
  void aFixedExponentOnAnotherLawIsAClearError() throws IOException {
    CliRun run = CliRun.of("fit-file", "--law", "chinchilla", "--input", chinchillaCsv().toString(),
        "--column", "n=params", "--column", "d=tokens", "--exponent", "0.5");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("a fixed exponent (0.5) applies to the law 'allocation' only, got the law 'chinchilla'"),
        run.err());
  }

  @Test
  void anUnknownLawNamesTheKnownOnes() throws IOException {
    CliRun run = CliRun.of("fit-file", "--law", "chinchila", "--input", chinchillaCsv().toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown law 'chinchila', expected one of [allocation, chinchilla, isoflop, kaplan,"
        + " loss-curve, power-law, power-law-offset, revisiting-m1, revisiting-m2, revisiting-m3, revisiting-m4,"
        + " routed]"), run.err());
  }

  @Test
  void aQuotedHeaderAndQuotedFieldsAreReadAsRfc4180() throws IOException {
    StringBuilder csv = new StringBuilder("\"Seen Examples\",\"Loss, eval\",\"note\"\n");
    for (double x : new double[] {1e6, 2e6, 4e6, 8e6, 16e6}) {
      csv.append('"').append(x).append("\",").append(2 * Math.pow(x, -0.1)).append(",\"6 Dec, \"\"run\"\"\nsecond line\"\n");
    }
    CliRun run = CliRun.of("fit-file", "--law", "power-law", "--input",
        Files.writeString(dir.resolve("quoted.csv"), csv).toString(), "--column", "x=Seen Examples", "--column", "y=Loss, eval");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(5, json.get("n_points").asInt());
    assertEquals(run.err(), "");
  }

  @Test
  void anExactlyRepeatedRowIsFittedOnceAndRowsThatDifferAreAllFitted() throws IOException {
    Path csv = Files.writeString(dir.resolve("repeat.csv"), "x,y\n1,2\n2,1.9\n1,2\n4,1.8\n4,1.81\n8,1.7\n");
    CliRun run = CliRun.of("fit-file", "--law", "power-law", "--input", csv.toString());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(5, json.get("n_points").asInt(), "line 4 repeats line 2; x = 4 twice with two y are two observations");
    assertTrue(run.err().contains("1 row(s) repeat an earlier row exactly and are fitted once: line 4 = line 2"), run.err());
  }

  @Test
  void anUnclosedQuoteNamesItsLine() throws IOException {
    Path csv = Files.writeString(dir.resolve("open.csv"), "x,y\n1,2\n2,\"1.9\n");
    CliRun run = CliRun.of("fit-file", "--law", "power-law", "--input", csv.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("open.csv line 3: column 'field 2': found '\"1.9\n', expected a closing double quote"),
        run.err());
  }
}
