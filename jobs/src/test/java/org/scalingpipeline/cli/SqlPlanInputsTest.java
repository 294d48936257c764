package org.scalingpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.fit.FitInputs;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.views.Views;
import org.scalingpipeline.warehouse.Warehouse;

/** The fit plan's inputs are views of every session {@code scaling sql} opens, with the rows the fit job reads. */
class SqlPlanInputsTest {

  @Test
  void scalingSqlQueriesThePlanInputs() {
    String warehouse = TestSpark.seedWarehouse();
    SparkSession spark = TestSpark.session();
    Warehouse seed = Warehouse.open(spark, warehouse);
    var pinned = FitInputs.runViews(seed.table("runs"), seed.table("points"));
    for (String view : Views.RUN_VIEWS) {
      CliRun run = CliRun.of("sql", "--warehouse", warehouse, "--format", "csv", "SELECT count(*) AS n FROM " + view);
      assertEquals(0, run.exitCode(), view + ": " + run.err());
      assertEquals(List.of("n", String.valueOf(pinned.get(view).count())), run.out().strip().lines().toList(), view);
    }
  }
}
