package org.scalingpipeline.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/** The parameters of the newest converged fits ({@code fits_latest}), by a group key's value. */
public final class FitParams {

  private FitParams() {}

  /** Params of each converged fit a SQL condition selects, keyed by the value of {@code groupKey}. */
  public static Map<String, Map<String, Double>> byGroup(SparkSession spark, String where, String groupKey) {
    Map<String, Map<String, Double>> fits = new LinkedHashMap<>();
    for (Row row : spark.sql("SELECT group_key['" + groupKey + "'], params FROM fits_latest WHERE converged AND ("
        + where + ") ORDER BY group_id").collectAsList()) {
      fits.put(row.getString(0), params(row.getMap(1)));
    }
    return fits;
  }

  /** A params map column as a Java map. */
  public static Map<String, Double> params(scala.collection.Map<Object, Object> map) {
    Map<String, Double> params = new LinkedHashMap<>();
    CollectionConverters.asJava(map).forEach((k, v) -> params.put((String) k, v == null ? null : ((Number) v).doubleValue()));
    return params;
  }
}
