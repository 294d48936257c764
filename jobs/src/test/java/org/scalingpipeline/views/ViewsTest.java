package org.scalingpipeline.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.fit.FitPlan;
import org.scalingpipeline.ingest.RoutedCurvesParser;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The view registry: exactly the files of the views folder, each saying what a row is; the plan's
 * inputs read their sources as parameters, so the same query serves the session's tables and given
 * rows; the roles the views read come from the plan.
 */
class ViewsTest {

  @Test
  void theRegistryListsExactlyTheViewFilesAndEachSaysWhatARowIs() throws IOException {
    Path folder = Path.of(System.getProperty("user.dir"), "src/main/resources", Views.FOLDER);
    Set<String> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(new TreeSet<>(Views.NAMES.stream().map(n -> n + ".sql").toList()), files);
    for (String name : Views.NAMES) {
      assertTrue(Views.sql(name).startsWith("-- One row per "), name + ".sql opens with what a row is");
      assertTrue(Views.about(name).startsWith("One row per "), Views.about(name));
      for (String source : Views.sources(name)) {
        assertTrue(Views.sql(name).contains("IDENTIFIER(:" + source + ")"), name + " reads " + source + " as a parameter");
      }
    }
    assertThrows(IllegalArgumentException.class, () -> Views.sql("no_such_view"));
  }

  @Test
  void thePlanInputsOverGivenRowsEqualTheSessionViewsOverThoseRunsAndLeaveNoNames() {
    SparkSession spark = TestSpark.session();
    Warehouse warehouse = Warehouse.open(spark, TestSpark.seedWarehouse());
    Set<String> before = names(spark);
    String run = spark.sql("SELECT min(run_id) FROM runs WHERE source = 'routing' AND router_type = 'Dense'"
        + " AND routing_frequency = 0.5 AND k = 1 AND seed = 42").first().getString(0);
    org.apache.spark.sql.Column ofRun = org.apache.spark.sql.functions.col("run_id").equalTo(run);

    Map<String, Dataset<Row>> views = Views.runViews(warehouse.table("runs").where(ofRun), warehouse.table("points").where(ofRun));

    for (String name : Views.RUN_VIEWS) {
      List<String> expected = rows(spark.table(name).where(ofRun));
      assertFalse(expected.isEmpty(), name);
      assertEquals(expected, rows(views.get(name)), name + " over one run's rows");
    }
    assertEquals(3 * spark.table("final_points").where(ofRun).where("metric = 'loss_validation'").count(),
        views.get("routed_final").where("metric = 'loss_validation'").count(), "a dense run is every router's E = 1");
    Set<String> after = names(spark);
    assertEquals(before, after, "no temporary names left behind");
  }

  @Test
  void theDenseRunsAreRepeatedUnderEveryRouterTheParserKnows() {
    SparkSession spark = TestSpark.session();
    Warehouse.open(spark, TestSpark.seedWarehouse());
    List<String> routers = spark.sql("SELECT DISTINCT router_type FROM routed_final ORDER BY router_type")
        .as(Encoders.STRING()).collectAsList();
    assertEquals(RoutedCurvesParser.ROUTER_TYPES.stream().filter(r -> !r.equals("Dense")).sorted().toList(), routers);
  }

  @Test
  void theRolesComeFromThePlanAndNameItsEntries() {
    assertEquals(PlanRoles.bundled(), FitPlan.bundled().roles());
    SparkSession spark = TestSpark.session();
    assertEquals(List.of("chinchilla-allocation-d-fixed-1", "chinchilla-allocation-d-fixed-2", "chinchilla-allocation-d-free",
        "isoflop-allocation-d"),
        PlanRoles.bundled().rows(spark).where("role = 'allocation-d'").orderBy("fit_name").select("fit_name")
            .as(Encoders.STRING()).collectAsList());
    PlanRoles roles = PlanRoles.bundled();
    PlanRoles missing = new PlanRoles("no-such-entry", roles.measuredIsoflop(), roles.publishedAllocation(),
        roles.closedFormOptimum(), roles.allocationPairs());
    FitPlan plan = FitPlan.bundled();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FitPlan(plan.about(), missing, plan.fits()));
    assertEquals("fit plan roles: no entry 'no-such-entry'", e.getMessage());
    PlanRoles wrongExponent = new PlanRoles(roles.referenceAllocation(), roles.measuredIsoflop(), roles.publishedAllocation(),
        roles.closedFormOptimum(), List.of(new PlanRoles.AllocationPair("p", "chinchilla-allocation-n-free",
            "chinchilla-allocation-d-free", false)));
    e = assertThrows(IllegalArgumentException.class, () -> new FitPlan(plan.about(), wrongExponent, plan.fits()));
    assertTrue(e.getMessage().contains("'p' says free_exponent false but entry 'chinchilla-allocation-n-free' has exponent null"),
        e.getMessage());
  }

  private static Set<String> names(SparkSession spark) {
    return spark.catalog().listTables().collectAsList().stream().map(Table::name).collect(Collectors.toSet());
  }

  private static List<String> rows(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
