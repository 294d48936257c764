package org.scalingpipeline.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A session built with no configuration at all — no {@code spark.sql.extensions}, as {@code spark-sql},
 * {@code spark-submit}, Zeppelin or a Spark Connect server start one when the jar is on their class path —
 * has every function of {@link ScalingFunctions}: the jar registers {@link ScalingSessionExtensions} in
 * {@code META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider}. (The explicit setting, which
 * {@link ScalingFunctionsTest} and the jobs' sessions keep, registers the same functions again, harmlessly.)
 */
class FunctionsInEverySessionTest {

  @Test
  void aSessionWithoutConfigurationHasEveryFunction() {
    assertTrue(SparkSession.getDefaultSession().isEmpty() && SparkSession.getActiveSession().isEmpty(),
        "this test builds its own session: a configured one of an earlier test must have been stopped");
    SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
    try {
      Set<String> listed = spark.sql("SHOW USER FUNCTIONS").collectAsList().stream().map(r -> r.getString(0))
          .collect(Collectors.toSet());
      Set<String> registry = ScalingFunctions.all().stream().map(SqlFunction::name).collect(Collectors.toSet());
      assertTrue(listed.containsAll(registry), "missing: " + registry.stream().filter(f -> !listed.contains(f)).toList());
      assertEquals(1.0, spark.sql("SELECT fit_power_law(x, 3 * x).params['m'] FROM VALUES (1.0), (2.0), (4.0) AS t(x)")
          .first().getDouble(0), 1e-9, "the fit of y = 3x has exponent 1");
    } finally {
      spark.stop();
    }
  }
}
