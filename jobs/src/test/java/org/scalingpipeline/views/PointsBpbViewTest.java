package org.scalingpipeline.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.MetricUnit;
import org.scalingpipeline.warehouse.Schemas;

/**
 * The view {@code points_bpb}: a loss in bits per UTF-8 byte, bits/byte = nats/token ÷ (ln 2 × bytes per token),
 * wherever the run's bytes per token is known, and how it is known: a byte tokenizer's one byte per token, a run
 * manifest's measured or assumed figure with its source, the run's own log; nothing where nothing states it. Runs and
 * points here are rows as the ingest writes them (a manifest's figure has {@code provenance['bytes_per_token']} =
 * {@code manifest <file> line <n>}), in a session of their own whose {@code runs} and {@code points} are these rows.
 */
class PointsBpbViewTest {

  private static final double NATS = 2.1;

  private static Map<String, Row> byRun;

  @BeforeAll
  static void queryTheView() {
    SparkSession spark = TestSpark.session().newSession();
    List<Row> runs = List.of(
        run("t:bytes", "utf-8-bytes", Map.of(), Map.of()),
        run("t:measured", "bpe-32k", Map.of("bytes_per_token", "4.2", "bytes_per_token_basis", "measured",
            "bytes_per_token_source", "counted over the validation split"),
            Map.of("bytes_per_token", "manifest runs.csv line 2")),
        run("t:assumed", "bpe-32k", Map.of("bytes_per_token", "4", "bytes_per_token_basis", "assumed",
            "bytes_per_token_source", "a paper's figure"), Map.of("bytes_per_token", "manifest runs.csv line 3")),
        run("t:log", "bpe-32k", Map.of("bytes_per_token", "3.5"), Map.of()),
        run("t:unknown", "sentencepiece:xlnet-base-cased", Map.of(), Map.of()),
        run("t:bad", "bpe-32k", Map.of("bytes_per_token", "0"), Map.of()),
        run("t:bpb", "bpe-32k", Map.of(), Map.of()));
    List<Row> points = new ArrayList<>();
    for (Row r : runs) {
      boolean logged = r.getString(0).equals("t:bpb");
      points.add(point(r.getString(0), "val_loss", NATS, logged ? "bits/byte" : "nats/token"));
      points.add(point(r.getString(0), "lr", 3e-4, "scalar"));
    }
    spark.createDataFrame(runs, Schemas.RUNS).createOrReplaceTempView("runs");
    spark.createDataFrame(points, Schemas.POINTS).createOrReplaceTempView("points");
    byRun = new HashMap<>();
    spark.sql(Views.sql("points_bpb")).collectAsList().forEach(row -> byRun.put(row.getAs("run_id"), row));
  }

  @Test
  void aByteTokenizerHasOneBytePerTokenSoBitsPerByteIsNatsOverLnTwo() {
    Row row = byRun.get("t:bytes");
    assertEquals("byte-level", row.getAs("bpb_provenance"));
    assertEquals(1.0, (double) row.getAs("bytes_per_token"));
    assertEquals(NATS / Math.log(2), (double) row.getAs("bits_per_byte"), 1e-12);
  }

  @Test
  void aManifestFigureIsMeasuredOrAssumedWithItsSource() {
    Row measured = byRun.get("t:measured");
    assertEquals("manifest-measured", measured.getAs("bpb_provenance"));
    assertEquals("counted over the validation split", measured.getAs("bytes_per_token_source"));
    assertEquals(MetricUnit.bitsPerByte(NATS, 4.2), (double) measured.getAs("bits_per_byte"), 1e-12,
        "the SQL function agrees with MetricUnit.bitsPerByte");
    assertEquals("manifest-assumed", byRun.get("t:assumed").getAs("bpb_provenance"));
    assertEquals(NATS / (Math.log(2) * 4), (double) byRun.get("t:assumed").getAs("bits_per_byte"), 1e-12);
  }

  @Test
  void aLogsOwnFigureSaysSoAndHasNoStatedBasis() {
    Row row = byRun.get("t:log");
    assertEquals("log", row.getAs("bpb_provenance"));
    assertEquals(NATS / (Math.log(2) * 3.5), (double) row.getAs("bits_per_byte"), 1e-12);
  }

  @Test
  void withoutAStatedFigureThereIsNoBitsPerByteNeverAGuess() {
    for (String run : List.of("t:unknown", "t:bad")) {
      Row row = byRun.get(run);
      assertNull(row.getAs("bits_per_byte"), run);
      assertNull(row.getAs("bytes_per_token"), run);
      assertNull(row.getAs("bpb_provenance"), run + ": a bytes per token of 0 is no figure");
    }
  }

  @Test
  void aPointLoggedInBitsPerByteIsItsOwnValueAndOnlyLossesAreRows() {
    Row row = byRun.get("t:bpb");
    assertEquals("logged", row.getAs("bpb_provenance"));
    assertEquals(NATS, (double) row.getAs("bits_per_byte"));
    assertNull(row.getAs("bytes_per_token"));
    assertEquals(7, byRun.size(), "one loss point per run; the scalar learning rates are not rows");
  }

  private static Row run(String id, String tokenizer, Map<String, String> config, Map<String, String> provenance) {
    Object[] cells = new Object[Schemas.RUNS.fields().length];
    cells[Schemas.RUNS.fieldIndex("run_id")] = id;
    cells[Schemas.RUNS.fieldIndex("source")] = "t";
    cells[Schemas.RUNS.fieldIndex("family")] = "dense";
    cells[Schemas.RUNS.fieldIndex("tokenizer")] = tokenizer;
    cells[Schemas.RUNS.fieldIndex("config")] = scala(config);
    cells[Schemas.RUNS.fieldIndex("source_file")] = "file:/t.jsonl";
    cells[Schemas.RUNS.fieldIndex("ingested_at")] = new Timestamp(0);
    cells[Schemas.RUNS.fieldIndex("provenance")] = scala(provenance);
    return RowFactory.create(cells);
  }

  private static Row point(String run, String metric, double value, String unit) {
    Object[] cells = new Object[Schemas.POINTS.fields().length];
    cells[Schemas.POINTS.fieldIndex("run_id")] = run;
    cells[Schemas.POINTS.fieldIndex("step")] = 1000L;
    cells[Schemas.POINTS.fieldIndex("metric")] = metric;
    cells[Schemas.POINTS.fieldIndex("value")] = value;
    cells[Schemas.POINTS.fieldIndex("unit")] = unit;
    cells[Schemas.POINTS.fieldIndex("source_file")] = "file:/t.jsonl";
    cells[Schemas.POINTS.fieldIndex("ingested_at")] = new Timestamp(0);
    return RowFactory.create(cells);
  }

  private static scala.collection.Map<String, String> scala(Map<String, String> map) {
    return scala.jdk.javaapi.CollectionConverters.asScala(map);
  }
}
