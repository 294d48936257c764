package org.scalingpipeline.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.ingest.Accounting;
import org.scalingpipeline.ingest.LogIngestion.FileStatus;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/** The ingest job on the real seed data and the bad-input corpus, in a real local Spark with Delta. */
class IngestSourcesJobTest {

  private final SparkSession spark = TestSpark.session();

  private long count(String warehouse, String sql) {
    Warehouse.open(spark, warehouse);
    return spark.sql(sql).first().getLong(0);
  }

  @Test
  void seedDataFillsEveryTable() {
    String wh = TestSpark.seedWarehouse();
    assertEquals(223, count(wh, "SELECT count(*) FROM runs WHERE source = 'routing'"), "Clark et al. 2022: 223 runs");
    assertEquals(10, count(wh, "SELECT count(*) FROM runs WHERE source = 'perceiver-ar'"), "10 Perceiver AR exports");
    assertEquals(34_731, count(wh, "SELECT count(*) FROM points WHERE run_id LIKE 'routing:%'"), "5,799 x 6 - 63 empty");
    assertEquals(274, count(wh, "SELECT count(*) FROM points WHERE run_id LIKE 'perceiver-ar:%'"));
    assertEquals(0, count(wh, "SELECT count(*) FROM rejects"));
    assertEquals(18, count(wh, "SELECT count(*) FROM published_allocations"), "Hoffmann et al. Tables 3 and A3");
    assertEquals(7, count(wh, "SELECT count(*) FROM reference_laws"));
    assertEquals(13, count(wh, "SELECT count(*) FROM ingested_files"), "1 curves file + 10 exports + 2 estimate tables");
    assertEquals(0, count(wh, "SELECT count(*) FROM points p LEFT ANTI JOIN runs r ON p.run_id = r.run_id"),
        "every point belongs to a run");
    Accounting routed = TestSpark.seedIngest().source("routed-curves");
    assertEquals(new Accounting(5_799, 5_799, 0, 63, 34_731), routed);
  }

  @Test
  void reingestingTheSameFilesChangesNothing() {
    String wh = TestSpark.newWarehouse();
    Path dir = TestData.seedDir().resolve("perceiver-ar/validation");
    IngestSourcesJob.Options options = new IngestSourcesJob.Options(TestData.seedDir(), wh, false,
        List.of(dir.toString()), null);
    IngestSourcesJob.run(spark, options);
    long version = Warehouse.open(spark, wh).version("points");
    IngestSourcesJob.Result again = IngestSourcesJob.run(spark, options);
    assertTrue(again.files().stream().allMatch(f -> f.status() == FileStatus.UNCHANGED), again.files().toString());
    assertEquals(version, Warehouse.open(spark, wh).version("points"), "no new Delta commit");
    assertEquals(274, count(wh, "SELECT count(*) FROM points"));
  }

  @Test
  void theSameContentUnderAnotherNameAddsNoPoints(@org.junit.jupiter.api.io.TempDir Path logs) throws IOException {
    String wh = TestSpark.newWarehouse();
    Path export = TestData.seedDir().resolve("perceiver-ar/validation/run-logs-0.8.0_scaling-2a_version_4-tag-val_loss.csv");
    Path first = Files.createDirectories(logs.resolve("a")).resolve(export.getFileName());
    Path second = Files.createDirectories(logs.resolve("b")).resolve(export.getFileName());
    Files.copy(export, first);
    Files.copy(export, second);
    IngestSourcesJob.run(spark, new IngestSourcesJob.Options(TestData.seedDir(), wh, false, List.of(logs.toString()), null));
    assertEquals(9, count(wh, "SELECT count(*) FROM points"), "points are keyed on (run, metric, step)");
    assertEquals(1, count(wh, "SELECT count(*) FROM runs"));
  }

  @Test
  void aModifiedFileReplacesWhatItContributed(@org.junit.jupiter.api.io.TempDir Path logs) throws IOException {
    String wh = TestSpark.newWarehouse();
    Path log = logs.resolve("run.jsonl");
    String header = "{\"record\":\"run\",\"run_name\":\"m\",\"source\":\"test\"}\n";
    Files.writeString(log, header + point(1, 3.0) + point(2, 2.5) + point(3, 2.0));
    IngestSourcesJob.Options options = new IngestSourcesJob.Options(TestData.seedDir(), wh, false, List.of(logs.toString()), null);
    IngestSourcesJob.run(spark, options);
    Path rewritten = logs.resolve(".run.jsonl.tmp");
    Files.writeString(rewritten, header + point(1, 3.0) + point(2, 2.4));
    Files.move(rewritten, log, StandardCopyOption.REPLACE_EXISTING);
    IngestSourcesJob.Result result = IngestSourcesJob.run(spark, options);
    assertEquals(FileStatus.MODIFIED, result.files().get(0).status());
    List<Row> values = spark.sql("SELECT step, value FROM points ORDER BY step").collectAsList();
    assertEquals(List.of(Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(1L, 3.0)).toSeq()),
        Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(2L, 2.4)).toSeq())), values);
  }

  @Test
  void theBadInputCorpusLosesNothing() throws java.io.IOException {
    String wh = TestSpark.newWarehouse();
    IngestSourcesJob.Result result = IngestSourcesJob.run(spark, new IngestSourcesJob.Options(TestData.seedDir(), wh,
        false, List.of(TestData.resource("bad-inputs").toString()), null));
    long rejected = result.sources().stream().mapToLong(s -> s.accounting().rejected()).sum();
    long points = result.sources().stream().mapToLong(s -> s.accounting().points()).sum();
    long expected = 1 + java.nio.file.Files.readAllLines(TestData.resource("bad-inputs").resolve("EXPECTED.tsv"))
        .stream().filter(l -> l.startsWith("file\t")).mapToLong(l -> Long.parseLong(l.split("\t")[3])).sum();
    assertEquals(expected, rejected, "the rejects EXPECTED.tsv lists, and EXPECTED.tsv itself (not a log)");
    assertEquals(rejected, count(wh, "SELECT count(*) FROM rejects"), "every rejected row is in rejects");
    assertEquals(points, count(wh, "SELECT count(*) FROM points"), "every accepted point is in points");
    assertEquals(0, count(wh, "SELECT count(*) FROM rejects WHERE reason IS NULL OR reason = ''"));
  }

  @Test
  void everyTableExportsAsPlainParquet(@org.junit.jupiter.api.io.TempDir Path out) {
    Warehouse warehouse = Warehouse.open(spark, TestSpark.seedWarehouse());
    warehouse.exportParquet("runs", out.resolve("runs").toString());
    assertEquals(233, spark.read().parquet(out.resolve("runs").toString()).count());
  }

  private static String point(long step, double value) {
    return "{\"record\":\"point\",\"step\":" + step + ",\"metric\":\"val_loss\",\"value\":" + value + "}\n";
  }
}
