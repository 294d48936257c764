package org.scalingpipeline.jobs;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.launch.Launcher;
import org.scalingpipeline.report.AllocationsView;
import org.scalingpipeline.report.ChartFiles;
import org.scalingpipeline.report.CheckpointAverageView;
import org.scalingpipeline.report.ComputeOptimalView;
import org.scalingpipeline.report.FitsTableView;
import org.scalingpipeline.report.HoldoutBacktestsView;
import org.scalingpipeline.report.LawLeaderboardView;
import org.scalingpipeline.report.HtmlReport;
import org.scalingpipeline.report.PerceiverArView;
import org.scalingpipeline.report.PlanEntries;
import org.scalingpipeline.report.RefitHistoryView;
import org.scalingpipeline.report.ReportChart;
import org.scalingpipeline.report.ReportView;
import org.scalingpipeline.report.RoutedModelsView;
import org.scalingpipeline.report.Section;
import org.scalingpipeline.report.StudyIsoflopView;
import org.scalingpipeline.report.StudyLawsView;
import org.scalingpipeline.report.StudyLossCurvesView;
import org.scalingpipeline.report.TrainedIsoflopView;
import org.scalingpipeline.report.WarehouseView;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * Writes the report: the five views of the notebooks and the trained IsoFLOP check as static sections of
 * one HTML page, with PNG and SVG charts (log-log axes, fitted lines over the data, bootstrap bands) and a table of every fit, so
 * results can be read without a Zeppelin server.
 */
public final class ReportJob {

  /** The views, in the order of the notebooks, the sections of any study after what the warehouse holds. */
  private static List<ReportView> views(PlanEntries plan) {
    return List.of(new WarehouseView(), new StudyLossCurvesView(plan), new StudyLawsView(plan),
        new StudyIsoflopView(plan), new HoldoutBacktestsView(plan), new LawLeaderboardView(plan), new AllocationsView(),
        new RoutedModelsView(), new PerceiverArView(), new ComputeOptimalView(), new RefitHistoryView(),
        new TrainedIsoflopView(), new CheckpointAverageView(), new FitsTableView());
  }

  /** The views the report queries again and again, cached while it runs. */
  private static final List<String> CACHED = List.of("fits_latest", "curve_points", "routed_final", "perceiver_ar_setup");

  private ReportJob() {}

  /**
   * @param warehouse the warehouse folder or URI
   * @param plan the fit plan whose entries the sections of any study draw, or null for the bundled one
   * @param out the folder to write {@code index.html} and {@code charts/} into
   */
  public record Options(String warehouse, Path plan, Path out) {

    /** The report of the bundled plan's fits. */
    public Options(String warehouse, Path out) {
      this(warehouse, null, out);
    }
  }

  /** The page written and its charts. */
  public record Result(Path index, List<ReportChart> charts, List<String> sections) {}

  /** Entry point for {@code spark-submit}: the arguments of {@code scaling report}. */
  public static void main(String[] args) {
    Launcher.exitWith("report", args);
  }

  /** Writes the report of a warehouse's current tables and newest fits. */
  public static Result run(SparkSession spark, Options options) {
    System.setProperty("java.awt.headless", "true");
    Warehouse warehouse = Warehouse.open(spark, options.warehouse());
    FitInputs.register(spark, warehouse);
    ChartFiles charts = new ChartFiles(options.out().resolve("charts"));
    CACHED.forEach(spark.catalog()::cacheTable);
    List<Section> sections;
    try {
      PlanEntries plan = new PlanEntries(options.plan() == null ? FitPlan.bundled() : FitPlan.fromFile(options.plan()));
      sections = views(plan).stream().map(v -> v.render(spark, charts)).toList();
    } finally {
      CACHED.forEach(spark.catalog()::uncacheTable);
    }
    Path index = HtmlReport.write(options.out(), "Warehouse " + warehouse.root() + ", fit version "
        + spark.sql("SELECT max(fit_version) FROM fits").first().get(0), sections);
    return new Result(index, charts.written(), sections.stream().map(Section::title).toList());
  }
}
