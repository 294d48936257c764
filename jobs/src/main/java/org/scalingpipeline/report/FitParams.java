package org.scalingpipeline.report;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/** The parameters of the newest converged fits ({@code fits_latest}), by a group key's value. */
public final class FitParams {

  private FitParams() {}

  /** Params of each converged fit a condition on {@code fits_latest} selects, keyed by the value of {@code groupKey}. */
  public static Map<String, Map<String, Double>> byGroup(SparkSession spark, Column where, String groupKey) {
    return byKey(spark, where, col("group_key").getItem(groupKey));
  }

  /** Params of each converged fit of a plan entry, keyed by {@code group_id}. */
  public static Map<String, Map<String, Double>> byGroupId(SparkSession spark, String fitName) {
    return byKey(spark, ofEntry(fitName), col("group_id"));
  }

  private static Map<String, Map<String, Double>> byKey(SparkSession spark, Column where, Column key) {
    Map<String, Map<String, Double>> fits = new LinkedHashMap<>();
    for (Row row : spark.table("fits_latest").where(col("converged").and(where)).orderBy("group_id")
        .select(key, col("params")).collectAsList()) {
      fits.put(row.getString(0), params(row.getMap(1)));
    }
    return fits;
  }

  /** The fits of one plan entry. */
  public static Column ofEntry(String fitName) {
    return col("fit_name").equalTo(fitName);
  }

  /** A params map column as a Java map. */
  public static Map<String, Double> params(scala.collection.Map<Object, Object> map) {
    Map<String, Double> params = new LinkedHashMap<>();
    CollectionConverters.asJava(map).forEach((k, v) -> params.put((String) k, v == null ? null : ((Number) v).doubleValue()));
    return params;
  }
}
