package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.jobs.IngestSourcesJob;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * One run, or one (run, metric, step), given by two files (#14 cases 12 and 13): run ids cannot collide, a
 * file that disagrees with the file that gave a run or point first has those rows rejected naming that file,
 * a file that agrees adds nothing, a modified file replaces only what it added, and after every ingest the
 * files' accounting in {@code ingested_files} adds up to the rows of {@code points} and {@code rejects}.
 */
class OneRunInTwoFilesTest {

  private final SparkSession spark = TestSpark.session();
  private final String wh = TestSpark.newWarehouse();

  @TempDir
  Path logs;

  private static String run(String source, String name, String extra) {
    return "{\"record\":\"run\",\"run_name\":\"" + name + "\",\"source\":\"" + source + "\"" + extra + "}\n";
  }

  private static String points(double... valuesAtSteps100To300) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < valuesAtSteps100To300.length; i++) {
      out.append("{\"record\":\"point\",\"step\":").append(100 * (i + 1))
          .append(",\"metric\":\"val_loss\",\"value\":").append(valuesAtSteps100To300[i]).append("}\n");
    }
    return out.toString();
  }

  private IngestSourcesJob.Result ingest() {
    IngestSourcesJob.Result result = IngestSourcesJob.run(spark, new IngestSourcesJob.Options(TestData.seedDir(), wh,
        false, List.of(logs.toString()), null));
    assertStoredAsAccounted();
    return result;
  }

  /** A count over the tables, which the ingest registered for this warehouse. */
  private long count(String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  /** Every file's accounting adds up, and the files' points and rejected rows are the rows stored (one query). */
  private void assertStoredAsAccounted() {
    Warehouse.open(spark, wh);
    Row sums = spark.sql("SELECT sum(rows_read), sum(rows_accepted), sum(rows_rejected), sum(points),"
        + " (SELECT count(*) FROM points), (SELECT count(*) FROM rejects),"
        + " (SELECT count(*) FROM points p LEFT ANTI JOIN ingested_files f ON p.source_file = f.source_file)"
        + " FROM ingested_files").first();
    assertEquals(sums.getLong(0), sums.getLong(1) + sums.getLong(2), "read = accepted + rejected");
    assertEquals(sums.getLong(3), sums.getLong(4), "ingested_files.points = rows of points");
    assertEquals(sums.getLong(2), sums.getLong(5), "ingested_files.rows_rejected = rows of rejects");
    assertEquals(0, sums.getLong(6), "every point's source_file is an ingested file");
  }

  private String uri(String name) {
    return logs.resolve(name).toUri().toString().replace("file:///", "file:/");
  }

  private String reason(String file) {
    return rejectsColumn("reason", file);
  }

  private String detail(String file) {
    return rejectsColumn("detail", file);
  }

  private String rejectsColumn(String column, String file) {
    List<Row> values = spark.table("rejects").where(org.apache.spark.sql.functions.col("source_file").endsWith(file))
        .select(column).distinct().collectAsList();
    assertEquals(1, values.size(), values.toString());
    return values.get(0).getString(0);
  }

  @Test
  void aSeparatorInTheSourceCannotMakeTwoRunsOne() throws IOException {
    assertEquals("hcol%3Ab:c", RunRecord.runId("hcol:b", "c"));
    assertEquals("hcol:b:c", RunRecord.runId("hcol", "b:c"));
    assertEquals("100%25%3A:x", RunRecord.runId("100%:", "x"), "the escape character is escaped too");
    assertEquals("routing:7", RunRecord.runId("routing", "7"), "seed ids are unchanged");
    assertEquals("perceiver-ar:scaling-1/version_0", RunRecord.runId("perceiver-ar", "scaling-1/version_0"));
    assertEquals("bad-corpus:points-bad", RunRecord.runId("bad-corpus", "points-bad"));
    Files.writeString(logs.resolve("a.jsonl"), run("hcol:b", "c", "") + points(3.0, 2.5, 2.0));
    Files.writeString(logs.resolve("b.jsonl"), run("hcol", "b:c", "") + points(3.1, 2.6, 2.1));
    ingest();
    assertEquals(List.of("hcol%3Ab:c", "hcol:b:c"), spark.sql("SELECT run_id FROM runs ORDER BY run_id")
        .collectAsList().stream().map(r -> r.getString(0)).toList());
    assertEquals(6, count("SELECT count(*) FROM points"));
    assertEquals(0, count("SELECT count(*) FROM rejects"));
  }

  @Test
  void aRunDescribedOtherwiseInASecondFileIsRejectedThere() throws IOException {
    Files.writeString(logs.resolve("a.jsonl"), run("test", "m", ",\"config\":{\"lr\":0.1}") + points(3.0, 2.5));
    Files.writeString(logs.resolve("b.jsonl"), run("test", "m", ",\"config\":{\"lr\":0.2}") + points(2.9, 2.4, 2.0));
    IngestSourcesJob.Result result = ingest();
    assertEquals("run test:m is also in file " + uri("a.jsonl") + " with config['lr'] = 0.1 (here 0.2)",
        reason("b.jsonl"));
    assertEquals(4, count("SELECT count(*) FROM rejects"), "all 4 lines of b.jsonl, its run record too");
    assertEquals(2, count("SELECT count(*) FROM points"), "a.jsonl's points only");
    assertEquals("0.1", spark.sql("SELECT config['lr'] FROM runs").first().getString(0));
    assertEquals(new Accounting(7, 3, 4, 0, 2), result.source("jsonl"));
  }

  @Test
  void aPointWithAnotherValueInASecondFileIsRejectedThereAndAnAgreeingOneIsStoredOnce() throws IOException {
    Files.writeString(logs.resolve("a.jsonl"), run("test", "m", "") + points(3.0, 2.5));
    Files.writeString(logs.resolve("b.jsonl"), run("test", "m", "") + points(3.0, 2.4, 2.0));
    IngestSourcesJob.Result result = ingest();
    assertEquals(PointClaims.OTHER_FILE, reason("b.jsonl"), "one reason text for every such point");
    assertEquals("run test:m: val_loss at step 200 is also in file " + uri("a.jsonl")
        + " with value = 2.5 (here 2.4)", detail("b.jsonl"));
    assertEquals(3, spark.sql("SELECT * FROM rejects WHERE source_file LIKE '%b.jsonl'").first().getLong(1),
        "the line of step 200");
    assertEquals(List.of("100 3.0 a.jsonl", "200 2.5 a.jsonl", "300 2.0 b.jsonl"),
        spark.sql("SELECT step, value, source_file FROM points ORDER BY step").collectAsList().stream()
            .map(r -> r.getLong(0) + " " + r.getDouble(1) + " " + Path.of(java.net.URI.create(r.getString(2)))
                .getFileName()).toList(), "step 100 agrees: stored once, with its first file");
    assertEquals(new Accounting(7, 6, 1, 0, 3), result.source("jsonl"));
  }

  @Test
  void aPerceiverArExportUnderTwoReleasesIsOneRun() throws IOException {
    Path export = TestData.seedDir().resolve("perceiver-ar/validation/run-logs-0.8.0_scaling-2a_version_4-tag-val_loss.csv");
    Files.copy(export, logs.resolve(export.getFileName()));
    List<String> lines = Files.readAllLines(export);
    lines.set(2, lines.get(2).replace("1.0443779230117798", "1.05"));
    Files.write(logs.resolve("run-logs-0.9.0_scaling-2a_version_4-tag-val_loss.csv"), lines);
    ingest();
    assertEquals(1, count("SELECT count(*) FROM runs"));
    assertEquals(9, count("SELECT count(*) FROM points"));
    assertEquals("run perceiver-ar:scaling-2a/version_4: val_loss at step 1999 is also in file "
        + uri(export.getFileName().toString()) + " with value = 1.0443779230117798 (here 1.05)",
        detail("0.9.0_scaling-2a_version_4-tag-val_loss.csv"));
  }

  @Test
  void correctingTheSmallerOfTwoFilesKeepsTheOtherFilesPoints() throws IOException {
    String header = run("test", "x", "");
    Files.writeString(logs.resolve("x_full.jsonl"), header + points(3.0, 2.5, 2.0));
    Files.writeString(logs.resolve("x_part.jsonl"), header + points(3.0, 2.5, 2.0));
    ingest();
    assertEquals(3, count("SELECT count(*) FROM points"));
    Path rewritten = logs.resolve(".x_part.jsonl.tmp");
    Files.writeString(rewritten, header + points(3.0));
    Files.move(rewritten, logs.resolve("x_part.jsonl"), StandardCopyOption.REPLACE_EXISTING);
    IngestSourcesJob.Result result = ingest();
    assertEquals(LogIngestion.FileStatus.MODIFIED, result.files().stream()
        .filter(f -> f.path().endsWith("x_part.jsonl")).findFirst().orElseThrow().status());
    assertEquals(List.of(100L, 200L, 300L), spark.sql("SELECT step FROM points ORDER BY step").collectAsList()
        .stream().map(r -> r.getLong(0)).toList(), "x_full.jsonl still gives steps 200 and 300");
    assertNotEquals(0, count("SELECT count(*) FROM points WHERE source_file LIKE '%x_full.jsonl'"));
    assertEquals(0, count("SELECT count(*) FROM points WHERE source_file LIKE '%x_part.jsonl'"));
  }

  @Test
  void correctingTheFirstFileOfAPointKeepsThePointsTheOtherFileAlsoGave() throws IOException {
    String header = run("test", "x", "");
    Files.writeString(logs.resolve("a_first.jsonl"), header + points(3.0, 2.5, 2.0));
    Files.writeString(logs.resolve("b_copy.jsonl"), header + points(3.0, 2.5, 2.0));
    ingest();
    assertEquals(3, count("SELECT count(*) FROM points WHERE source_file LIKE '%a_first.jsonl'"),
        "a_first.jsonl, first in the ingest, gives every point; b_copy.jsonl only repeats them");
    Path rewritten = logs.resolve(".a_first.jsonl.tmp");
    Files.writeString(rewritten, header + points(3.0));
    Files.move(rewritten, logs.resolve("a_first.jsonl"), StandardCopyOption.REPLACE_EXISTING);
    IngestSourcesJob.Result result = ingest();
    assertEquals(LogIngestion.FileStatus.REREAD, result.files().stream()
        .filter(f -> f.path().endsWith("b_copy.jsonl")).findFirst().orElseThrow().status(),
        "the other file of the run is read again");
    assertEquals(List.of(100L, 200L, 300L), spark.sql("SELECT step FROM points ORDER BY step").collectAsList()
        .stream().map(r -> r.getLong(0)).toList(), "b_copy.jsonl still gives steps 200 and 300");
    assertEquals(2, count("SELECT count(*) FROM points WHERE source_file LIKE '%b_copy.jsonl'"));
    IngestSourcesJob.Result rerun = ingest();
    assertTrue(rerun.files().stream().allMatch(f -> f.status() == LogIngestion.FileStatus.UNCHANGED),
        "a rerun changes nothing: " + rerun.files());
  }

  @Test
  void aMetricSeriesHasOneUnit() throws IOException {
    Files.writeString(logs.resolve("a.jsonl"), run("test", "u", "") + points(3.0, 2.5)
        + "{\"record\":\"point\",\"step\":300,\"metric\":\"val_loss\",\"value\":4.1,\"unit\":\"bits/byte\"}\n");
    ingest();
    assertEquals(2, count("SELECT count(*) FROM points"));
    assertEquals(PointClaims.OTHER_UNIT, reason("a.jsonl"));
    assertEquals("run test:u: val_loss at step 300 is in bits/byte, the series in nats/token (file " + uri("a.jsonl")
        + ")", detail("a.jsonl"));
  }

  @Test
  void aPerplexityIsStoredAsItsLogInNatsWithTheLoggedValueKept() throws IOException {
    Files.writeString(logs.resolve("p.jsonl"), run("test", "p", "")
        + "{\"record\":\"point\",\"step\":100,\"metric\":\"val_loss\",\"value\":20.0,\"unit\":\"perplexity\"}\n"
        + "{\"record\":\"point\",\"step\":200,\"metric\":\"val_loss\",\"value\":0.5,\"unit\":\"perplexity\"}\n"
        + "{\"record\":\"point\",\"step\":300,\"metric\":\"val_loss\",\"value\":3.0,\"unit\":\"furlongs\"}\n");
    ingest();
    Row stored = spark.sql("SELECT value, unit, logged_value, logged_unit FROM points").first();
    assertEquals(Math.log(20.0), stored.getDouble(0), 0.0, "ln 20 nats/token");
    assertEquals("nats/token", stored.getString(1));
    assertEquals(20.0, stored.getDouble(2), 0.0);
    assertEquals("perplexity", stored.getString(3));
    List<String> reasons = spark.sql("SELECT reason FROM rejects ORDER BY line").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertEquals(List.of("val_loss: column 'value': found '0.5', expected a perplexity >= 1 (the exp of a"
        + " cross-entropy, which is >= 0)", "val_loss: column 'unit': found 'furlongs', expected"
        + " one of nats/token, bits/token, perplexity, bits/byte, nats/byte, accuracy, error-rate, scalar"), reasons);
  }
}
