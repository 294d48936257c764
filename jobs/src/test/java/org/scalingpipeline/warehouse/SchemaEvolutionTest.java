package org.scalingpipeline.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.testing.TestSpark;

/**
 * A warehouse written before a table gained columns opens with them: Delta adds each as a nullable column beside
 * the table's NOT NULL ones (which it checks even on the empty append that merges the schema), the old rows read
 * null there, and new rows are written with every column.
 */
class SchemaEvolutionTest {

  @Test
  void aFitsTableWithoutTheNewestColumnsGainsThemAndKeepsItsRows() {
    SparkSession spark = TestSpark.session();
    String location = TestSpark.newWarehouse();
    Warehouse warehouse = Warehouse.open(spark, location);
    List<String> newest = List.of("at_bound", "bootstrap_draws");
    StructType older = new StructType(Arrays.stream(Schemas.FITS.fields())
        .filter(f -> !newest.contains(f.name())).toArray(StructField[]::new));
    spark.sql("SELECT 'loss-curve' AS fit_name, 'loss-curve' AS law, 'loss_validation' AS metric, 'run_id=a' AS"
        + " group_id, map('run_id', 'a') AS group_key, map('E', 2.0D) AS params, map('E', 0.1D) AS stderr,"
        + " map() AS ci_lower, map() AS ci_upper, 5 AS n_points, 0.01D AS rmse, 0.004D AS rmse_log10, 0.99D AS r2,"
        + " true AS converged, CAST(NULL AS STRING) AS reason, CAST(NULL AS INT) AS holdout_points,"
        + " CAST(NULL AS DOUBLE) AS holdout_rmse, CAST(NULL AS DOUBLE) AS holdout_max_rel_error,"
        + " map('points', 1L) AS input_versions, 1L AS fit_version, current_timestamp() AS fitted_at")
        .to(older).write().format("delta").mode("overwrite").option("overwriteSchema", "true")
        .save(warehouse.path("fits"));

    Warehouse reopened = Warehouse.open(spark, location);

    List<String> columns = List.of(reopened.table("fits").columns());
    assertTrue(columns.containsAll(newest), "the newest columns were added: " + columns);
    assertEquals(1, reopened.table("fits").where("bootstrap_draws IS NULL AND at_bound IS NULL").count(),
        "the old row reads null in them");
  }
}
