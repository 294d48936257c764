package org.scalingpipeline.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.ChinchillaLaw;

/** The generator's curves follow the law they claim, are seeded, and write their truth. */
class SyntheticCurvesTest {

  @Test
  void eachRunsCurveIsTheChinchillaLawAlongItsTokens() {
    SyntheticCurves curves = new SyntheticCurves(SyntheticCurves.Spec.of(20, 10, 3));
    for (SyntheticRun run : curves.runs()) {
      for (long step : new long[] {1, 100, run.maxStep()}) {
        double expected = ChinchillaLaw.PAPER.loss(run.paramsDense(), (double) run.tokensPerStep() * step);
        assertEquals(expected, run.curve().orElseThrow().loss(step), 1e-9 * expected, run.runName() + " at step " + step);
      }
    }
  }

  @Test
  void pointsScatterAroundTheCurveWithAFewSpikes() {
    SyntheticCurves curves = new SyntheticCurves(SyntheticCurves.Spec.of(10, 1_000, 5));
    long spikes = 0;
    double sumLogRatio = 0;
    int clean = 0;
    for (SyntheticRun run : curves.runs()) {
      List<SyntheticCurves.Point> points = curves.points(run);
      assertEquals(run.maxStep(), points.get(points.size() - 1).step());
      for (int i = 0; i < points.size(); i++) {
        SyntheticCurves.Point p = points.get(i);
        assertTrue(i == 0 || p.step() > points.get(i - 1).step(), "steps strictly increase");
        double logRatio = Math.log(p.value() / run.curve().orElseThrow().loss(p.step()));
        if (p.outlier()) {
          spikes++;
          assertTrue(logRatio > Math.log(1.4), "a spike is well above the curve");
        } else {
          sumLogRatio += logRatio;
          clean++;
          assertTrue(Math.abs(logRatio) < 0.06, "1 % noise stays within 6 sigma");
        }
      }
    }
    assertTrue(spikes >= 5 && spikes <= 50, "about 0.2 % of 10,000 points are spikes: " + spikes);
    assertEquals(0, sumLogRatio / clean, 0.001, "noise is centred on the curve");
  }

  @Test
  void theSameSeedGivesTheSameRunsAndMoreRunsKeepTheFirstOnes() {
    SyntheticCurves few = new SyntheticCurves(SyntheticCurves.Spec.of(3, 50, 11));
    SyntheticCurves more = new SyntheticCurves(SyntheticCurves.Spec.of(8, 50, 11));
    SyntheticCurves other = new SyntheticCurves(SyntheticCurves.Spec.of(3, 50, 12));
    for (int i = 0; i < 3; i++) {
      assertEquals(few.run(i), more.run(i));
      assertEquals(few.points(few.run(i)), more.points(more.run(i)));
      assertTrue(few.run(i).paramsDense() != other.run(i).paramsDense());
    }
  }

  @Test
  void aHugeRunSkewsOnlyRunZero() {
    SyntheticCurves curves = new SyntheticCurves(SyntheticCurves.Spec.of(4, 10, 1).withHugeRun(500));
    assertEquals(500, curves.run(0).points());
    assertEquals(10, curves.run(1).points());
    assertEquals(530, curves.spec().totalPoints());
  }

  @Test
  void theTruthFilesListEveryRunAndTheLaw(@TempDir Path dir) throws IOException {
    SyntheticCurves curves = new SyntheticCurves(SyntheticCurves.Spec.of(5, 20, 9));
    SyntheticLogs.Written written = SyntheticLogs.write(curves, dir);
    assertEquals(100, written.points());
    List<String> truth = Files.readAllLines(dir.resolve(SyntheticLogs.RUNS_TRUTH));
    assertEquals(6, truth.size());
    SyntheticRun first = curves.run(0);
    String[] row = truth.get(1).split(",");
    assertEquals(first.runId(), row[0]);
    assertEquals(first.curve().orElseThrow().e(), Double.parseDouble(row[7]), 1e-9);
    assertEquals(first.curve().orElseThrow().alpha(), Double.parseDouble(row[9]), 1e-12);
    assertTrue(Files.readString(dir.resolve(SyntheticLogs.LAW_TRUTH)).contains("alpha,0.34"));
    try (var files = Files.list(dir)) {
      assertEquals(5, files.filter(f -> f.toString().endsWith(".jsonl")).count(), "no temporary files are left");
    }
  }
}
