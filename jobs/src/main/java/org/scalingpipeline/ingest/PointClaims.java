package org.scalingpipeline.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.warehouse.Schemas;

/**
 * Decides, for the points of one ingest, which file gives each (run, metric, step): the first to give it (a
 * point already in {@code points}, then the files in ingest order, then the lines in file order). A later
 * point with the same measured columns ({@link #MEASURED}) is a duplicate: its row stays accepted and the
 * point is stored once, with its first file. A later point that differs is a conflict: its whole row is
 * rejected, naming the first file and its value. Among the rows left, the first file of each point is then
 * its {@code source_file}, so a file's {@code points} count is what it alone added ({@code data/log-format.md},
 * "One run in two files"). A metric series (run, metric) has one unit, that of its first point: a point in
 * another unit is a conflict too.
 */
final class PointClaims {

  /** A claim: a {@code points} row, the line it was read from, the file's place in the ingest (-1: stored) and the row's text. */
  static final StructType CLAIMS = Schemas.POINTS.add("line", DataTypes.LongType, true)
      .add("file_order", DataTypes.IntegerType, false).add("raw", DataTypes.StringType, true);

  /**
   * The columns two rows must agree on for one point: the measurement, not its key, file or times (a value logged
   * again later, as Lightning logs an epoch at the end of training and of validation, is the same observation).
   */
  static final List<String> MEASURED = List.of("tokens", "flops", "value", "unit");

  /** The reason of a point another file gave with other figures (which file and figures: {@code rejects.detail}). */
  static final String OTHER_FILE = "a (run, metric, step) another file gave with other figures";
  /** The reason of a point in another unit than the first point of its metric series. */
  static final String OTHER_UNIT = "one unit per metric series: this point's unit is not its series' first";

  /** The points to write and the rejects of the conflicting rows ({@code rejects} columns). */
  record Outcome(Dataset<Row> points, Dataset<Row> rejects) {}

  private PointClaims() {}

  /**
   * @param stored the {@code points} rows of the ingest's runs
   * @param claims the points of the ingest's files, in {@link #CLAIMS} columns
   */
  static Outcome resolve(Dataset<Row> stored, Dataset<Row> claims, Timestamp now) {
    Dataset<Row> all = stored.withColumn("line", lit(null).cast(DataTypes.LongType))
        .withColumn("file_order", lit(-1)).withColumn("raw", lit(null).cast(DataTypes.StringType))
        .select(Arrays.stream(CLAIMS.fieldNames()).map(c -> col(c)).toArray(Column[]::new))
        .unionByName(claims);
    WindowSpec byKey = Window.partitionBy("run_id", "metric", "step").orderBy("file_order", "line");
    WindowSpec whole = byKey.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    WindowSpec wholeSeries = Window.partitionBy("run_id", "metric").orderBy("file_order", "line", "step")
        .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Column measured = struct(MEASURED.stream().map(c -> col(c)).toArray(Column[]::new));
    Dataset<Row> claimed = all.withColumn("first_file", first("source_file").over(whole))
        .withColumn("first_line", first("line").over(whole))
        .withColumn("first", first(measured).over(whole))
        .withColumn("series_unit", first("unit").over(wholeSeries))
        .withColumn("series_file", first("source_file").over(wholeSeries))
        .where(col("file_order").geq(0));
    Column sameFile = col("source_file").equalTo(col("first_file"));
    Dataset<Row> otherValue = claimed.where(not(measured.eqNullSafe(col("first"))))
        .withColumn("reason", when(sameFile, lit(RepeatedPoints.REASON)).otherwise(lit(OTHER_FILE)))
        .withColumn("detail", when(sameFile, format_string("%s at step %d of run %s: %s, on line %d", col("metric"),
                col("step"), col("run_id"), difference(), col("first_line")))
            .otherwise(format_string("run %s: %s at step %d is also in file %s with %s", col("run_id"), col("metric"),
                col("step"), col("first_file"), difference())));
    Dataset<Row> otherUnit = claimed.where(not(col("unit").equalTo(col("series_unit"))))
        .withColumn("reason", lit(OTHER_UNIT))
        .withColumn("detail", format_string("run %s: %s at step %d is in %s, the series in %s (file %s)",
            col("run_id"), col("metric"), col("step"), col("unit"), col("series_unit"), col("series_file")));
    Dataset<Row> conflicts = otherValue.unionByName(otherUnit, true)
        .groupBy("source_file", "line").agg(first("raw").as("raw"), min(struct("reason", "detail")).as("why"))
        .select(col("source_file"), col("line"), col("raw"), col("why.reason").as("reason"), lit(now).as("ingested_at"),
            col("why.detail").as("detail"));
    Dataset<Row> refused = conflicts.select(col("source_file").as("refused_file"), col("line").as("refused_line"));
    Dataset<Row> points = all.join(refused, col("source_file").equalTo(col("refused_file"))
            .and(col("line").equalTo(col("refused_line"))), "left_anti")
        .withColumn("claim", row_number().over(byKey))
        .where(col("claim").equalTo(1).and(col("file_order").geq(0)))
        .select(Arrays.stream(Schemas.POINTS.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
    return new Outcome(points, conflicts);
  }

  /** The first measured column that differs from the first file's: {@code value = 2.5 (here 2.4)}. */
  private static Column difference() {
    Column text = lit("");
    for (int i = MEASURED.size() - 1; i >= 0; i--) {
      String c = MEASURED.get(i);
      Column first = col("first." + c);
      text = when(not(first.eqNullSafe(col(c))), concat(lit(c + " = "), coalesce(first.cast("string"), lit("null")),
          lit(" (here "), coalesce(col(c).cast("string"), lit("null")), lit(")"))).otherwise(text);
    }
    return text;
  }
}
