package org.scalingpipeline.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.ingest.PointRecord;
import org.scalingpipeline.ingest.Rows;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.testing.TestSpark;

/**
 * {@link Warehouse#merge}, the upsert every writer goes through: replayed rows change nothing,
 * changed rows are updated, new rows inserted, a MERGE of one run's points reads only the files
 * that hold that run, whatever its id's characters and however many runs a merge carries, and an
 * update of one row rewrites one file of at most {@link SparkSessions#MAX_ROWS_PER_FILE} rows.
 */
class WarehouseMergeTest {

  private final SparkSession spark = TestSpark.session();

  @Test
  void aMergeOfOneRunsPointsReadsOnlyTheFilesHoldingThatRun() throws TimeoutException {
    Warehouse warehouse = Warehouse.open(spark, TestSpark.newWarehouse());
    for (String run : List.of("a", "b", "c", "d")) {
      warehouse.merge("points", spark.createDataFrame(points(run, 0, run.equals("b") ? 10 : 1000, 1.0), Schemas.POINTS));
    }

    long records = recordsReadBy(() -> warehouse.merge("points",
        spark.createDataFrame(points("b", 5, 15, 2.0), Schemas.POINTS)));

    assertTrue(records < 1000, "the MERGE read " + records + " records: b's 10 and the 10 new, not a, c and d's 3,000");
    Map<String, String> metrics = lastOperationMetrics(warehouse, "points");
    assertEquals("5", metrics.get("numTargetRowsUpdated"), metrics.toString());
    assertEquals("5", metrics.get("numTargetRowsInserted"), metrics.toString());
    assertEquals(3 * 1000 + 15, warehouse.table("points").count());
    assertEquals(10, warehouse.table("points").where("run_id = 'b' AND value = 2.0").count());
  }

  @Test
  void runIdsWithQuotesAndBackslashesAreListedAsTheyAre() {
    Warehouse warehouse = Warehouse.open(spark, TestSpark.newWarehouse());
    String run = "team's run \\ 1 \"final\"";
    warehouse.merge("points", points("other", 0, 3, 1.0));
    warehouse.merge("points", points(run, 0, 3, 1.0));
    warehouse.merge("points", points(run, 0, 3, 1.0));
    warehouse.merge("points", points(run, 2, 4, 3.0));

    warehouse.merge("points", spark.createDataFrame(List.of(), Schemas.POINTS));

    assertEquals(3 + 4, warehouse.table("points").count(), "a replay and no rows add nothing");
    assertEquals(List.of(1.0, 1.0, 3.0, 3.0), warehouse.table("points").where(
        org.apache.spark.sql.functions.col("run_id").equalTo(run)).orderBy("step").select("value")
        .as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList());
  }

  @Test
  void moreRunsThanAScopeListsMergeOverTheWholeTable() {
    Warehouse warehouse = Warehouse.open(spark, TestSpark.newWarehouse());
    List<Row> many = new ArrayList<>();
    IntStream.range(0, 10_001).forEach(i -> many.addAll(points("run-" + i, 0, 1, 1.0)));
    warehouse.merge("points", points("run-0", 0, 1, 1.0));

    warehouse.merge("points", spark.createDataFrame(many, Schemas.POINTS));
    warehouse.merge("points", spark.createDataFrame(many, Schemas.POINTS));

    assertEquals(10_001, warehouse.table("points").count(), "each run's point once");
    assertEquals(10_001, warehouse.table("points").select("run_id").distinct().count());
  }

  @Test
  void anUpdateOfOneRowCopiesTheRestOfOneBoundedFileOnly() {
    Warehouse warehouse = Warehouse.open(spark, TestSpark.newWarehouse());
    int rows = 2 * SparkSessions.MAX_ROWS_PER_FILE + 1;
    warehouse.merge("points", spark.createDataFrame(points("long-run", 0, rows, 1.0), Schemas.POINTS).repartition(1));

    warehouse.merge("points", points("long-run", 7, 8, 2.0));

    Map<String, String> metrics = lastOperationMetrics(warehouse, "points");
    assertEquals("1", metrics.get("numTargetRowsUpdated"), metrics.toString());
    assertEquals("1", metrics.get("numTargetFilesRemoved"), "one bounded file is rewritten: " + metrics);
    assertTrue(Long.parseLong(metrics.get("numTargetRowsCopied")) < SparkSessions.MAX_ROWS_PER_FILE, metrics.toString());
    assertEquals(rows, warehouse.table("points").count());
  }

  @Test
  void aWarehouseWhosePathHoldsAQuoteOpensUpsertsDeletesAndReads() throws java.io.IOException {
    String location = java.nio.file.Files.createDirectories(
        java.nio.file.Path.of(TestSpark.newWarehouse(), "team's `warehouse`")).toString();
    Warehouse warehouse = Warehouse.open(spark, location);
    warehouse.merge("points", points("a", 0, 3, 1.0));
    warehouse.merge("points", points("a", 2, 4, 2.0));
    warehouse.merge("points", points("b", 0, 2, 1.0));
    warehouse.delete("points", "run_id", List.of("b"));

    assertEquals(List.of(1.0, 1.0, 2.0, 2.0), warehouse.table("points").orderBy("step").select("value")
        .as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList());
    assertEquals(4, spark.sql("SELECT count(*) FROM points").first().getLong(0), "the catalog name reads the same table");
    assertEquals(1, warehouse.nextFitVersion());
    Warehouse.open(spark, location);
    assertEquals(4, spark.sql("SELECT count(*) FROM points").first().getLong(0), "opened again");
  }

  /** A run's val_loss points at steps from (inclusive) to (exclusive), all with one value. */
  private static List<Row> points(String run, int from, int to, double value) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    return IntStream.range(from, to).mapToObj(step -> Rows.point(new PointRecord(run, step, null, null, "val_loss", value,
        "nats/token", null, "test.jsonl"), now)).toList();
  }

  /** The records the tasks of {@code work}'s Spark jobs read from their inputs. */
  private long recordsReadBy(Runnable work) throws TimeoutException {
    AtomicLong records = new AtomicLong();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          records.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    work.run();
    spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
    spark.sparkContext().removeSparkListener(listener);
    return records.get();
  }

  private Map<String, String> lastOperationMetrics(Warehouse warehouse, String table) {
    Row last = spark.sql("DESCRIBE HISTORY delta.`" + warehouse.path(table) + "` LIMIT 1").first();
    assertEquals("MERGE", last.getAs("operation"));
    return last.getJavaMap(last.fieldIndex("operationMetrics"));
  }
}
