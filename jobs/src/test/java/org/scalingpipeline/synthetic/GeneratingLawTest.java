package org.scalingpipeline.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.KaplanLaw;

/**
 * A generated run follows its study's law at its size and data, {@code L(N, D = T·step)} (Kaplan et al. 2020,
 * Eq. 1.5), or at its compute {@code C = 6·N·T·step} for a law of one variable; inputs the generator cannot use are
 * refused naming what is wrong.
 */
class GeneratingLawTest {

  @Test
  void aKaplanRunLogsEquationOnePointFiveAtItsTokens() {
    SyntheticCurves curves = new SyntheticCurves(new SyntheticCurves.Spec(6, 10, 4, 0, 0, 0,
        GeneratingLaw.of("kaplan", Map.of()), "kaplan"));
    for (SyntheticRun run : curves.runs()) {
      assertTrue(run.curve().isEmpty(), "Eq. 1.5 has no offset power law in the step");
      List<SyntheticCurves.Point> points = curves.points(run);
      for (SyntheticCurves.Point p : points) {
        double expected = KaplanLaw.PAPER.loss(run.paramsDense(), (double) run.tokensPerStep() * p.step());
        assertEquals(expected, p.value(), 1e-12 * expected, run.runName() + " at step " + p.step());
      }
    }
  }

  @Test
  void aLawOfOneVariableIsReadAtComputeSixNd() {
    GeneratingLaw law = GeneratingLaw.of("power-law-offset", Map.of("E", 1.7, "A", 900.0, "alpha", 0.15));
    SyntheticCurves curves = new SyntheticCurves(new SyntheticCurves.Spec(3, 5, 2, 0, 0, 0, law, "compute"));
    SyntheticRun run = curves.run(1);
    SyntheticCurves.Point last = curves.points(run).get(4);
    double c = run.flopsPerStep() * last.step();
    assertEquals(1.7 + 900 * Math.pow(c, -0.15), last.value(), 1e-12);
  }

  @Test
  void theTruthFileNamesTheLawAndItsParameters(@TempDir Path dir) throws Exception {
    GeneratingLaw law = GeneratingLaw.of("kaplan", Map.of("alpha_D", 0.1));
    SyntheticLogs.write(new SyntheticCurves(new SyntheticCurves.Spec(2, 3, 1, 0, 0, 0, law, "kaplan")), dir);
    assertEquals(List.of("parameter,value", "law,kaplan", "predictors,n d", "N_c,6.4E13", "D_c,1.8E13",
        "alpha_N,0.076", "alpha_D,0.1", "noise_sigma,0.0", "outlier_fraction,0.0", "seed,1"),
        Files.readAllLines(dir.resolve(SyntheticLogs.LAW_TRUTH)), "Table 2's constants but the one given");
    assertTrue(Files.readAllLines(dir.resolve(SyntheticLogs.RUNS_TRUTH)).get(1).endsWith(",,,"),
        "no closed-form curve per run: " + Files.readAllLines(dir.resolve(SyntheticLogs.RUNS_TRUTH)));
  }

  @Test
  void inputsTheGeneratorCannotUseAreRefusedNamingWhatIsWrong() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GeneratingLaw.of("power-law-offset", Map.of("E", 1.7)))
        .getMessage().contains("give --param for [A, alpha]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GeneratingLaw.of("kaplan", Map.of("alpha", 0.3)))
        .getMessage().contains("has no parameter [alpha]; its parameters are [N_c, D_c, alpha_N, alpha_D]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GeneratingLaw.of("routed", Map.of()))
        .getMessage().contains("has roles [n, experts, loss]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GeneratingLaw.of("gpt", Map.of()))
        .getMessage().contains("unknown law 'gpt'"));
    GeneratingLaw negative = GeneratingLaw.of("power-law-offset", Map.of("E", -5.0, "A", 1.0, "alpha", 0.1));
    SyntheticCurves curves = new SyntheticCurves(new SyntheticCurves.Spec(1, 2, 1, 0, 0, 0, negative, "x"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> curves.points(curves.run(0))).getMessage()
        .contains("a generated loss must be positive and finite"));
  }
}
