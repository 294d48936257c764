package org.scalingpipeline.ml;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted parameters of a {@link ScalingLawModel} as data: one row per group, its group columns and
 * its {@code fit} struct (the struct the SQL {@code fit_*} functions return). Small (a row per group), so it
 * is held on the driver, broadcast to the executors when the model predicts, and saved as Parquet beside the
 * model's metadata.
 *
 * @param schema the group columns and the {@code fit} struct
 * @param rows one row per group
 */
record FitTable(StructType schema, List<Row> rows) implements Serializable {

  FitTable {
    rows = List.copyOf(rows);
  }

  /** No fits: a model made by its uid alone, before it is loaded. */
  static FitTable empty() {
    return new FitTable(new StructType(), List.of());
  }

  Dataset<Row> toDataFrame(SparkSession spark) {
    return spark.createDataFrame(rows, schema);
  }

  void save(SparkSession spark, String path) {
    toDataFrame(spark).repartition(1).write().parquet(path);
  }

  static FitTable load(SparkSession spark, String path) {
    Dataset<Row> data = spark.read().parquet(path);
    return new FitTable(data.schema(), data.collectAsList());
  }
}
