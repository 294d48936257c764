package org.scalingpipeline.refit;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.ingest.LogFiles;

/**
 * The landing folder as a Structured Streaming file source: Spark lists the folder (recursively,
 * skipping {@code _} and {@code .} names), remembers in the checkpoint which paths it has handed
 * out, and with {@code Trigger.AvailableNow} hands every path that arrived since the last run to
 * {@code foreachBatch} once, then stops. Only the paths are read ({@code binaryFile} without its
 * content column); each batch's files become one refit unit {@code batch-<id>}. The {@code path}
 * column holds Hadoop's own path string ({@code Path.toString()}: nothing percent-encoded, whatever
 * characters the name has), the form {@link org.scalingpipeline.ingest.LogFiles#list} gives and
 * {@code ingested_files} records, so it is used as it is: decoding it as a URI would fail on a space or
 * a {@code "} and turn a literal {@code %20} into a space. A batch that fails
 * fails the query, and the next run replays it.
 */
final class LandingStream {

  /** The {@code binaryFile} source's fixed schema. */
  private static final StructType BINARY_FILE = new StructType().add("path", StringType).add("modificationTime",
      TimestampType).add("length", LongType).add("content", BinaryType);

  private LandingStream() {}

  /** Runs the query until the files available now are done; returns the units' reports in order. */
  static List<UnitReport> run(SparkSession spark, String landing, String checkpoint, LogFiles logFiles,
      LandingRefit refit) {
    List<UnitReport> units = new ArrayList<>();
    VoidFunction2<Dataset<Row>, Long> perBatch = (batch, id) -> {
      List<String> files = batch.select("path").as(Encoders.STRING()).collectAsList().stream()
          .filter(p -> {
            String skipped = logFiles.notItsOwnPath(p);
            if (skipped != null) {
              System.out.println("[refit] skipped: " + skipped);
            }
            return skipped == null && logFiles.isLog(p);
          }).sorted().toList();
      units.add(refit.run("batch-" + id, id, files));
    };
    try {
      StreamingQuery query = spark.readStream().format("binaryFile").schema(BINARY_FILE)
          .option("recursiveFileLookup", "true")
          // a file landed with an old modification time (cp -p, rsync -t) must not be skipped as too old
          .option("maxFileAge", "36500d")
          .load(landing).select("path")
          .writeStream().queryName("refit-landing").trigger(Trigger.AvailableNow())
          .option("checkpointLocation", checkpoint).foreachBatch(perBatch).start();
      query.awaitTermination();
      return units;
    } catch (StreamingQueryException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("the refit of " + landing + " failed: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the refit stream did not start: " + e.getMessage(), e);
    }
  }
}
