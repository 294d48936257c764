package org.scalingpipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.synthetic.SyntheticCurves;
import org.scalingpipeline.synthetic.SyntheticLogs;
import org.scalingpipeline.synthetic.SyntheticRun;

/** The Python reference script's contract with the benchmark: inputs it reads, fits it writes, times it prints. */
class ScipyPeerTest {

  @TempDir
  Path dir;

  /**
   * Runs {@code bin/ensure-test-tool scipy} when no python3 has numpy and scipy (as root with apt-get it installs
   * Debian's python3-scipy): the test needs them and fails, never skips, without them.
   */
  @BeforeAll
  static void needsPython() throws IOException, InterruptedException {
    if (!ScipyPeer.available()) {
      Path script = Path.of(System.getProperty("scaling.root", "..")).resolve("bin").resolve("ensure-test-tool");
      Process install = new ProcessBuilder(script.toString(), "scipy").inheritIO().start();
      assertTrue(install.waitFor(20, TimeUnit.MINUTES), script + " did not finish in 20 minutes");
    }
    assertTrue(ScipyPeer.available(), "no python3 with numpy and scipy: run bin/ensure-test-tool scipy as root, or"
        + " install Debian's python3-scipy (apt-get install python3-numpy python3-scipy)");
  }

  @Test
  void fitsEveryLoggedRunUnderItsRunIdWithTheProjectsParameterNames() throws IOException {
    SyntheticCurves curves = new SyntheticCurves(SyntheticCurves.Spec.of(3, 500, 11));
    SyntheticLogs.write(curves, dir.resolve("logs"));

    ScipyPeer.Result result = ScipyPeer.run(ScipyPeer.Method.LOSS_CURVE, dir.resolve("logs"), dir, null);

    assertEquals(3, result.groups());
    assertEquals(1.0, result.startsFraction());
    List<JsonNode> fits = lines(result.fits());
    for (SyntheticRun run : curves.runs()) {
      JsonNode fit = fits.stream().filter(f -> f.get("group_id").asText().equals(run.runId())).findFirst().orElseThrow();
      assertTrue(fit.get("ok").asBoolean(), fit.toString());
      assertEquals(Set.of("E", "A", "alpha"), names(fit));
      // 500 points with 1 % noise: the curve's floor comes back within 20 % (a loose bound: this is the contract).
      double floor = run.curve().orElseThrow().e();
      assertEquals(floor, fit.get("params").get("E").asDouble(), 0.2 * floor, fit.toString());
    }
  }

  @Test
  void runsEveryKthStartOfTheGridAndSaysWhichShare() throws IOException {
    Path groups = Files.createDirectories(dir.resolve("groups"));
    StringBuilder csv = new StringBuilder("group_id,c1,c2,c3\n");
    for (int i = 0; i < 20; i++) {
      double n = 1e7 * Math.pow(1e3, i / 19.0);
      double d = 1e9 * Math.pow(1e3, ((i * 7) % 20) / 19.0);
      csv.append("g,").append(n).append(',').append(d).append(',').append(ChinchillaLaw.PAPER.loss(n, d)).append('\n');
    }
    Files.writeString(groups.resolve("part-0.csv"), csv);

    ScipyPeer.Result result = ScipyPeer.run(ScipyPeer.Method.CHINCHILLA, groups, dir, 1500);

    assertEquals(1, result.groups());
    assertEquals(3.0 / 4500, result.startsFraction(), 1e-15, "starts 0, 1500 and 3000 of the 4,500");
    assertEquals(result.fitSeconds() * 1500, result.allStartsSeconds(), 1e-9);
    JsonNode fit = lines(result.fits()).get(0);
    assertEquals(Set.of("E", "A", "B", "alpha", "beta"), names(fit));
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      nodes.add(json.readTree(line));
    }
    return nodes;
  }

  private static Set<String> names(JsonNode fit) {
    Set<String> names = new HashSet<>();
    fit.get("params").fieldNames().forEachRemaining(names::add);
    return names;
  }
}
