package org.scalingpipeline.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.ingest.Accounting;
import org.scalingpipeline.ingest.LogFiles;
import org.scalingpipeline.ingest.LogIngestion.FileStatus;
import org.scalingpipeline.ingest.ParsedFile;
import org.scalingpipeline.ingest.PerceiverArManifest;
import org.scalingpipeline.ingest.PointRecord;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The real logs of {@code ../shared/data/real-logs} (TensorBoard event files of four writers, an MLflow file store,
 * W&amp;B run folders of three client versions, a Hugging Face {@code trainer_state.json}), written by the tools
 * themselves, go in with one {@code ingest --logs} call: every format's files are read by its reader, each
 * source's accounting holds, the tables hold exactly the points the readers gave (one per run, metric and step)
 * and the rows they refused, every other file of the tree is a whole-file reject naming its name, and a rerun
 * changes nothing.
 */
class RealLogsIngestTest {

  private final SparkSession spark = TestSpark.session();
  private final String wh = TestSpark.newWarehouse();
  private final Path realLogs = TestData.seedDir().resolve("real-logs");

  @Test
  void everyRealLogIsReadByItsReaderAndARerunChangesNothing() {
    IngestSourcesJob.Options options = new IngestSourcesJob.Options(TestData.seedDir(), wh, false,
        List.of(realLogs.toString()), null);
    IngestSourcesJob.Result first = IngestSourcesJob.run(spark, options);

    Map<String, Long> expectedPoints = new TreeMap<>();
    LogFiles reader = new LogFiles(new Configuration(), PerceiverArManifest.bundled());
    for (String file : reader.list(realLogs.toString())) {
      ParsedFile parsed = reader.parse(file);
      Set<List<Object>> keys = new HashSet<>();
      for (PointRecord p : parsed.points()) {
        keys.add(List.of(p.runId(), p.metric(), p.step()));
      }
      expectedPoints.merge(parsed.format().label(), (long) keys.size(), Long::sum);
    }
    for (String format : List.of("tensorboard-events", "mlflow", "wandb", "hf-trainer-state")) {
      assertTrue(expectedPoints.getOrDefault(format, 0L) > 0, format + " gives points: " + expectedPoints);
      Accounting a = first.source(format);
      assertEquals(a.read(), a.accepted() + a.rejected(), format);
      assertEquals(expectedPoints.get(format), a.points(), format + ": every point its reader gave is stored once");
    }
    Warehouse.open(spark, wh);
    Row totals = spark.sql("SELECT sum(points), sum(rows_rejected) FROM ingested_files").first();
    assertEquals(totals.getLong(0), spark.sql("SELECT count(*) FROM points").first().getLong(0),
        "the files' accounting is what points holds");
    assertEquals(totals.getLong(1), spark.sql("SELECT count(*) FROM rejects").first().getLong(0),
        "and what rejects holds");
    assertEquals(0, spark.sql("SELECT count(*) FROM ingested_files WHERE format = 'unknown' AND rows_accepted > 0")
        .first().getLong(0));
    assertTrue(spark.sql("SELECT reason FROM rejects WHERE source_file LIKE '%README.md'").first().getString(0)
        .startsWith("unrecognised log file name 'README.md'"));
    long pointsBefore = spark.sql("SELECT count(*) FROM points").first().getLong(0);

    IngestSourcesJob.Result rerun = IngestSourcesJob.run(spark, options);
    assertTrue(rerun.files().stream().allMatch(f -> f.status() == FileStatus.UNCHANGED), "a rerun reads nothing new");
    assertEquals(pointsBefore, spark.sql("SELECT count(*) FROM points").first().getLong(0));
  }
}
