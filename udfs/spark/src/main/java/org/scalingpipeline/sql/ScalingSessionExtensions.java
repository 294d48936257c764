package org.scalingpipeline.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import scala.runtime.BoxedUnit;

/**
 * Injects the project's SQL functions into every session whose class path has the jar — including SQL-only
 * sessions (Zeppelin {@code %sql}, {@code spark-sql}, a Spark Connect server), where an {@code Aggregator}
 * could not be registered with {@code CREATE FUNCTION}. Spark loads it for each new session as a service
 * ({@code META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider}), so no setting is needed;
 * naming it in {@code spark.sql.extensions} as well registers the same functions a second time, which
 * replaces them and is harmless.
 */
public final class ScalingSessionExtensions implements SparkSessionExtensionsProvider {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    ScalingFunctions.all().forEach(f -> extensions.injectFunction(f.description()));
    return BoxedUnit.UNIT;
  }
}
