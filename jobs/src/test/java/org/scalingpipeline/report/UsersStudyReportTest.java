package org.scalingpipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.jobs.FitPlanJob;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.jobs.OptimalAllocationJob;
import org.scalingpipeline.jobs.ReportJob;
import org.scalingpipeline.synthetic.SyntheticCurves;
import org.scalingpipeline.synthetic.SyntheticLogs;
import org.scalingpipeline.synthetic.SyntheticRun;
import org.scalingpipeline.testing.IsoflopSweep;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;

/**
 * The report of a warehouse holding only a user's studies (no seeds), fitted by the bundled plan's entries for any
 * source: a generated study (Hoffmann et al. 2022's approach-3 law with noise) and two IsoFLOP sweeps in different
 * units. Each new section draws the user's runs and fits, whatever the plan calls its entries.
 */
class UsersStudyReportTest {

  private static final int RUNS = 12;
  private static final IsoflopSweep NATS = IsoflopSweep.of("sweep", new double[] {1e18, 1e19, 1e20}, 5);
  /** The same law logged in bits per byte, at 4 bytes per token: a study whose loss axis is another unit. */
  private static final IsoflopSweep BITS = new IsoflopSweep("sweep-bytes", new double[] {1e18, 1e19}, 5, "bits/byte",
      1 / (Math.log(2) * 4));
  private static final List<String> DRAWN = List.of("loss-curve", "loss-vs-params", "loss-vs-tokens", "loss-vs-compute",
      "isoflop", "isoflop-allocation-n", "isoflop-allocation-d");

  private static final List<Double> BUDGETS = List.of(1e19, 1e21, 1e23);

  @TempDir
  static Path logs;

  @TempDir
  static Path out;

  private static ReportJob.Result report;

  @BeforeAll
  static void ingestFitAndReport() {
    SyntheticLogs.write(new SyntheticCurves(new SyntheticCurves.Spec(RUNS, 10, 7, 0.005, 0, 0, ChinchillaLaw.PAPER)),
        logs.resolve("generated"));
    NATS.write(logs.resolve("sweep"));
    BITS.write(logs.resolve("sweep-bytes"));
    String warehouse = TestSpark.newWarehouse();
    SparkSession spark = TestSpark.session();
    IngestSourcesJob.run(spark, new IngestSourcesJob.Options(TestData.seedDir(), warehouse, false,
        List.of(logs.toString()), null));
    FitPlanJob.run(spark, new FitPlanJob.Options(warehouse, null, DRAWN));
    OptimalAllocationJob.run(spark, new OptimalAllocationJob.Options(warehouse, BUDGETS));
    report = ReportJob.run(spark, new ReportJob.Options(warehouse, out));
  }

  @Test
  void everySourceGetsItsLossCurvesAsSmallMultiples() {
    Map<String, ReportChart> grids = chartsNamed("loss-curves-loss-curve-");
    assertEquals(List.of("loss-curves-loss-curve-sweep", "loss-curves-loss-curve-sweep-bytes",
        "loss-curves-loss-curve-" + SyntheticRun.SOURCE), List.copyOf(grids.keySet()), "one grid per source");
    List<String> generated = grids.get("loss-curves-loss-curve-" + SyntheticRun.SOURCE).contents();
    assertEquals(SyntheticRun.SOURCE + ": loss-curve per run", generated.get(0), "the grid's title");
    assertEquals(RUNS, generated.stream().filter(t -> t.startsWith(SyntheticRun.SOURCE + ":")).count() - 1,
        "a panel per generated run, titled by its run id: " + generated);
    assertEquals(RUNS, generated.stream().filter(t -> t.equals("fit")).count(), "every run's fitted curve");
    assertEquals(NATS.runs(), grids.get("loss-curves-loss-curve-sweep").contents().stream()
        .filter(t -> t.startsWith("sweep:")).count() - 1, "the sweep's runs");
  }

  @Test
  void manyRunsAreCappedWithTheRestCounted() {
    List<String> runs = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "run" + i).toList();
    List<String> shown = StudyLossCurvesView.spread(runs, StudyLossCurvesView.MAX_PANELS);
    assertEquals(StudyLossCurvesView.MAX_PANELS, shown.size());
    assertEquals(List.of("run0", "run99"), List.of(shown.get(0), shown.get(shown.size() - 1)), "first and last drawn");
    assertEquals(shown.size(), Set.copyOf(shown).size(), "no run twice");
  }

  @Test
  void everyStudyGetsItsLawsWithFittedLinesAndResiduals() {
    Map<String, ReportChart> studies = chartsNamed("study-laws-");
    assertEquals(3, studies.size(), "three studies: " + studies.keySet());
    ReportChart generated = studies.values().stream()
        .filter(c -> c.contents().get(0).startsWith("source=" + SyntheticRun.SOURCE + ",")).findFirst().orElseThrow();
    for (String law : List.of("loss-vs-params", "loss-vs-tokens", "loss-vs-compute")) {
      assertTrue(generated.contents().containsAll(List.of(law, law + " points", law + " fit", law + " residuals")),
          law + ": " + generated.contents());
    }
  }

  @Test
  void everyStudyGetsItsOwnIsoflopPanelWithParabolasAndVertices() {
    List<String> isoflop = chartsNamed("isoflop-profiles-").get("isoflop-profiles-isoflop").contents();
    List<String> panels = isoflop.stream().filter(t -> t.startsWith("source=sweep") && !t.contains(" C = ")).toList();
    assertEquals(List.of("source=sweep,dataset=web,tokenizer=null,unit=nats/token",
        "source=sweep-bytes,dataset=web,tokenizer=null,unit=bits/byte"), panels, "a panel per study, never one axis");
    for (IsoflopSweep sweep : List.of(NATS, BITS)) {
      String study = panels.get(sweep == NATS ? 0 : 1);
      for (double budget : sweep.budgets()) {
        String profile = study + String.format(java.util.Locale.ROOT, " C = %.3g", budget);
        assertTrue(isoflop.containsAll(List.of(profile, profile + " parabola", profile + " N_opt")), profile);
      }
    }
  }

  @Test
  void everyLawsAnswerIsDrawnOverTheBudgets() {
    Map<String, ReportChart> charts = chartsNamed("allocations-");
    assertEquals(Set.of("allocations-n", "allocations-d"), charts.keySet());
    List<String> n = charts.get("allocations-n").contents();
    String law = n.stream().filter(s -> s.startsWith("isoflop-allocation ") && s.contains("source=sweep,"))
        .findFirst().orElseThrow(() -> new AssertionError("the sweep's allocation law: " + n));
    assertTrue(n.contains(law + " line"), "a line over the three budgets: " + n);
    boolean intervals = List.of(TestSpark.session().table("allocations").columns()).contains("n_opt_lower");
    assertEquals(intervals, n.stream().anyMatch(s -> s.endsWith(" interval")), "bands exactly where the table has"
        + " intervals: " + n);
  }

  @Test
  void theSeedStudiesChartsSayThereIsNothingToDrawInsteadOfAnEmptyFrame() throws java.io.IOException {
    String html = java.nio.file.Files.readString(report.index());
    assertTrue(html.contains("Nothing to draw for &quot;Validation loss of the dense runs"), "the dense curves");
    assertTrue(report.charts().stream().noneMatch(c -> c.name().startsWith("dense-loss-curves")
        || c.name().startsWith("routed-") || c.name().startsWith("refit-history")), "no empty frame written");
  }

  /** The report's charts whose names start with a prefix, by name, in name order. */
  private static Map<String, ReportChart> chartsNamed(String prefix) {
    return report.charts().stream().filter(c -> c.name().startsWith(prefix))
        .collect(Collectors.toMap(ReportChart::name, c -> c, (a, b) -> a, java.util.TreeMap::new));
  }
}
