package org.scalingpipeline.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.json.JsonFields;
import org.scalingpipeline.testing.TestSpark;

/**
 * The plan's point selection ({@code select}) and holdout cut-offs, as studies pick their points: a run measured at
 * its planned end although its last checkpoint lies past it, the warm-up left out of a curve, the best learning
 * rate per (N, D), and one backtest per cut-off. Each input is a small {@code curve_points} view in a session of
 * its own.
 */
class PointSelectionTest {

  private static final StructType CURVE_POINTS = new StructType()
      .add("run_id", DataTypes.StringType).add("source", DataTypes.StringType).add("metric", DataTypes.StringType)
      .add("step", DataTypes.LongType).add("value", DataTypes.DoubleType).add("n", DataTypes.DoubleType)
      .add("d", DataTypes.DoubleType)
      .add("config", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = TestSpark.session().newSession();
  }

  @Test
  void aRunWhoseLastCheckpointLiesPastItsTotalStepsIsMeasuredAtItsTotalSteps() {
    Dataset<Row> points = points(
        point("a", 50, 3.0, 1e8, 1e9, Map.of("total_steps", "100")),
        point("a", 100, 2.5, 1e8, 1e9, Map.of("total_steps", "100")),
        point("a", 120, 2.4, 1e8, 1e9, Map.of("total_steps", "100")),
        point("b", 50, 3.1, 2e8, 1e9, Map.of()),
        point("b", 80, 2.9, 2e8, 1e9, Map.of()));
    FitPlan.Entry entry = entry("""
        {"name": "final", "law": "power-law", "input": "curve_points", "columns": ["n", "value"],
         "select": {"until_step": "CAST(config['total_steps'] AS BIGINT)", "last_point": true}}""");
    assertEquals(List.of("a@100=2.5", "b@80=2.9"), stepsAndValues(entry.selected(points)),
        "a's point at its total_steps, b (no total_steps) at its last point");
  }

  @Test
  void aFractionOfTrainingIsTakenOfTheStepLimitWhereThereIsOne() {
    List<Row> rows = new ArrayList<>();
    for (long step = 10; step <= 200; step += 10) {
      rows.add(point("a", step, 4.0 - step / 100.0, 1e8, 1e9, Map.of("total_steps", "100")));
      rows.add(point("b", step, 4.0 - step / 100.0, 1e8, 1e9, Map.of()));
    }
    FitPlan.Entry entry = entry("""
        {"name": "late", "law": "loss-curve", "input": "curve_points", "group_by": ["run_id"],
         "columns": ["step", "value"],
         "select": {"until_step": "CAST(config['total_steps'] AS BIGINT)", "fraction_of_training": [0.8, 1.0]}}""");
    List<String> kept = stepsAndValues(entry.selected(points(rows.toArray(Row[]::new))));
    assertEquals(List.of("a@80=3.2", "a@90=3.1", "a@100=3.0", "b@160=2.4", "b@170=2.3", "b@180=2.2", "b@190=2.1",
        "b@200=2.0"), kept, "a: the last 20 % of its 100 planned steps; b: of its 200 logged ones");
  }

  @Test
  void theBestLearningRatePerModelAndTokenCountMakesTheEnvelopeTheLawIsFittedTo() {
    List<Row> rows = new ArrayList<>();
    int run = 0;
    for (double n : new double[] {1e7, 1e8, 1e9, 1e10}) {
      double envelope = 7.0 * Math.pow(n, -0.08);
      for (double lr : new double[] {1e-4, 3e-4, 1e-3}) {
        double worse = lr == 3e-4 ? 1.0 : 1.05 + lr * 20;
        rows.add(point("r" + run++, 1000, envelope * worse, n, 2e10, Map.of("lr", Double.toString(lr))));
      }
    }
    FitPlan.Entry entry = entry("""
        {"name": "envelope", "law": "power-law", "input": "curve_points", "columns": ["n", "value"],
         "select": {"best_per": ["n", "d"]}}""");
    Dataset<Row> points = points(rows.toArray(Row[]::new));
    assertEquals(4, entry.selected(points).count(), "one run per (N, D)");
    points.createOrReplaceTempView("curve_points");
    Row fit = runner().fitted(entry, null).first();
    Map<String, Double> params = fit.getJavaMap(fit.fieldIndex("params"));
    assertEquals(7.0, params.get("k"), 1e-9, "the envelope's k, not the average run's");
    assertEquals(-0.08, params.get("m"), 1e-12);
  }

  @Test
  void severalHoldoutCutOffsMakeOneBacktestEachNamedInItsGroup() {
    List<Row> rows = new ArrayList<>();
    for (double n : new double[] {1e7, 3e7, 1e8, 3e8, 1e9, 3e9}) {
      rows.add(point("n" + n, 1000, 7.0 * Math.pow(n, -0.08), n, 2e10, Map.of()));
    }
    points(rows.toArray(Row[]::new)).createOrReplaceTempView("curve_points");
    FitPlan.Entry entry = entry("""
        {"name": "backtests", "law": "power-law", "input": "curve_points", "columns": ["n", "value"],
         "holdout": {"column": "x", "below": [2e8, 2e9]}}""");
    List<Row> fits = runner().fitted(entry, null).orderBy("group_id").collectAsList();
    assertEquals(List.of("holdout_below=2.0E8", "holdout_below=2.0E9"),
        fits.stream().map(r -> r.<String>getAs("group_id")).toList());
    assertEquals(List.of(3, 1), fits.stream().map(r -> r.<Integer>getAs("holdout_points")).toList(),
        "points at or above each cut are predicted");
    fits.forEach(r -> assertTrue(r.<Double>getAs("holdout_rmse") < 1e-9, "an exact law predicts exactly"));
  }

  /**
   * A backtest of an entry is the entry ({@code "like"}) with a relative cut: of eight sizes the largest quarter, two,
   * is predicted from the law fitted to the other six, whatever the study's sizes are.
   */
  @Test
  void aBacktestLikeAnEntryPredictsTheLargestQuarterOfEachGroupsSizes(@TempDir Path dir) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String source : List.of("small", "large")) {
      for (int i = 0; i < 8; i++) {
        double n = (source.equals("small") ? 1e6 : 1e9) * Math.pow(2, i);
        rows.add(RowFactory.create(source + i, source, "loss_validation", 1000L, 7.0 * Math.pow(n, -0.08), n, 2e10,
            Map.of()));
      }
    }
    points(rows.toArray(Row[]::new)).createOrReplaceTempView("curve_points");
    Path json = dir.resolve("plan.json");
    Files.writeString(json, """
        {"fits": [
          {"name": "l-of-n", "law": "power-law", "input": "curve_points", "group_by": ["source"],
           "columns": ["n", "value"], "bootstrap": 10, "about": "L(N) per study"},
          {"name": "l-of-n-backtest", "like": "l-of-n", "holdout": {"column": "x", "largest": 0.25}, "bootstrap": 0}
        ]}""");
    FitPlan plan = FitPlan.fromFile(json);
    FitPlan.Entry backtest = plan.entry("l-of-n-backtest");
    assertEquals(List.of("source"), backtest.groupBy(), "copied from l-of-n");
    assertEquals("L(N) per study", backtest.about());
    assertEquals(0, backtest.bootstrap(), "its own field replaces the copied one");
    List<Row> fits = runner().fitted(backtest, null).orderBy("group_id").collectAsList();
    assertEquals(List.of("source=large", "source=small"), fits.stream().map(r -> r.<String>getAs("group_id")).toList());
    for (Row fit : fits) {
      assertEquals(6, fit.<Integer>getAs("n_points"), "fitted: the six smaller sizes of " + fit.getAs("group_id"));
      assertEquals(2, fit.<Integer>getAs("holdout_points"), "predicted: the two largest");
      assertTrue(fit.<Double>getAs("holdout_rmse") < 1e-9, "an exact law predicts exactly");
    }
    Files.writeString(json, """
        {"fits": [{"name": "b", "like": "a", "holdout": {"column": "x", "largest": 0.25}}]}""");
    assertEquals("fit plan entry \"b\": \"like\": \"a\" names no earlier entry",
        assertThrows(IllegalArgumentException.class, () -> FitPlan.fromFile(json)).getMessage());
  }

  @Test
  void aStepSelectionNeedsTheCurvePointsAndTheEnvelopeNeedsALoss() {
    IllegalArgumentException finalPoints = assertThrows(IllegalArgumentException.class, () -> entry("""
        {"name": "x", "law": "power-law", "input": "final_points", "columns": ["n", "value"],
         "select": {"last_point": true}}"""));
    assertTrue(finalPoints.getMessage().contains("need the input curve_points, got final_points"),
        finalPoints.getMessage());
    IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class, () -> entry("""
        {"name": "x", "law": "loss-curve", "input": "curve_points", "columns": ["step", "value"],
         "select": {"fraction_of_training": [0.9, 0.5]}}"""));
    assertTrue(fraction.getMessage().contains("got [0.9, 0.5]"), fraction.getMessage());
  }

  private static FitPlanRunner runner() {
    return new FitPlanRunner(spark, Map.of("points", 1L), 1, new Timestamp(0));
  }

  private static FitPlan.Entry entry(String json) {
    try {
      return JsonFields.mapper().readValue(json, FitPlan.Entry.class);
    } catch (Exception e) {
      if (e.getCause() instanceof IllegalArgumentException cause) {
        throw cause;
      }
      throw new IllegalStateException(e);
    }
  }

  private static Row point(String run, long step, double value, double n, double d, Map<String, String> config) {
    return RowFactory.create(run, "mine", "loss_validation", step, value, n, d,
        config);
  }

  private static Dataset<Row> points(Row... rows) {
    return spark.createDataFrame(List.of(rows), CURVE_POINTS);
  }

  private static List<String> stepsAndValues(Dataset<Row> rows) {
    return rows.orderBy("run_id", "step").collectAsList().stream()
        .map(r -> r.getString(0) + "@" + r.getLong(3) + "=" + Math.round(r.getDouble(4) * 1e6) / 1e6).toList();
  }
}
