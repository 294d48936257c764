package org.scalingpipeline.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/** The allocations of the seed warehouse: every law side by side for each budget. */
class OptimalAllocationJobTest {

  private final SparkSession spark = TestSpark.session();

  private List<Row> at(double budget) {
    Warehouse.open(spark, TestSpark.seedWarehouse());
    return spark.sql("SELECT law_name, n_opt, d_opt, tokens_per_param FROM allocations WHERE budget_flops = "
        + budget + " ORDER BY law_name").collectAsList();
  }

  private static Row law(List<Row> rows, String prefix) {
    return rows.stream().filter(r -> r.getString(0).startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no allocation for " + prefix + " in " + rows));
  }

  @Test
  void chinchillaApproach3AtItsOwnBudget() {
    Row published = law(at(5.76e23), "chinchilla-approach-3 (Hoffmann");
    assertEquals(3.219e10, published.getDouble(1), 3.219e10 * 1e-3, "Hoffmann et al. 2022: N_opt(5.76e23) closed form");
    assertEquals(2.982e12, published.getDouble(2), 2.982e12 * 1e-3, "D_opt(5.76e23)");
  }

  @Test
  void everyLawHasAnAllocationPerBudget() {
    List<Row> rows = at(5.78e17);
    law(rows, "chinchilla-approach-3 (Hoffmann");
    law(rows, "chinchilla-approach-3-published all");
    law(rows, "chinchilla-allocation-fixed-1 approach=chinchilla-approach-1");
    law(rows, "chinchilla-allocation-fixed-2 approach=chinchilla-approach-2");
    law(rows, "chinchilla-allocation-free approach=chinchilla-approach-1");
    assertEquals(7.32e7, law(rows, "chinchilla-allocation-fixed-2").getDouble(1), 7.32e7 * 5e-3,
        "Perceiver AR article: N_opt(5.78e17) with approach 2");
    rows.forEach(r -> assertTrue(r.getDouble(3) > 1 && r.getDouble(3) < 100, "tokens per parameter " + r));
  }
}
