package org.scalingpipeline.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import scala.runtime.BoxedUnit;

/**
 * Injects the project's SQL functions into every session of an application that sets
 * {@code spark.sql.extensions=org.scalingpipeline.sql.ScalingSessionExtensions} — including SQL-only
 * sessions (Zeppelin {@code %sql}, {@code spark-sql}, a Thrift server), where an {@code Aggregator}
 * could not be registered with {@code CREATE FUNCTION}.
 */
public final class ScalingSessionExtensions implements SparkSessionExtensionsProvider {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    ScalingFunctions.all().forEach(f -> extensions.injectFunction(f.description()));
    return BoxedUnit.UNIT;
  }
}
