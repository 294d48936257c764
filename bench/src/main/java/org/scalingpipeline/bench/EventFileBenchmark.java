package org.scalingpipeline.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.TensorBoardEventReader;
import org.scalingpipeline.jobs.IngestSourcesJob;

/**
 * Reading TensorBoard event files, the hot path of real logdirs (a 1B-model run writes hundreds of MB of events,
 * mostly histograms): a synthetic logdir ({@link SyntheticEventFiles}) is read three ways in the same run, from the
 * page cache, on one core: raw bytes at {@code cat} speed (the baseline), the event reader's decode, and the decode
 * with the SHA-256 the ingest computes of every byte; then the whole logdir is ingested by Spark on every core.
 * Goals (issue "Users' logs as they lie on disk"): decode at least 50 % of raw throughput per core; a 1 GB logdir
 * ingested in under 2 minutes on 2 cores.
 */
final class EventFileBenchmark {

  private EventFileBenchmark() {}

  /** One measurement: what, bytes read, seconds, MB/s and the ratio to the raw read. */
  record Row(String what, long bytes, double seconds, double ratio) {
    double megabytesPerSecond() {
      return bytes / 1e6 / seconds;
    }
  }

  /** Writes {@code runs} run folders of {@code megabytes / runs} MB each into {@code dir}, measures, and prints. */
  static List<Row> run(Path dir, int megabytes, int runs, SparkSession spark) throws IOException {
    Path logdir = Files.createDirectories(dir.resolve("logdir"));
    long scalars = 0;
    for (int r = 0; r < runs; r++) {
      scalars += SyntheticEventFiles.write(logdir.resolve("run-" + r), (long) megabytes * 1_000_000 / runs, 4, 40)
          .scalars();
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(logdir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    rawRead(files); // warm the page cache and the JIT
    double raw = best(() -> rawRead(files));
    double decode = best(() -> decode(files, false));
    double hashed = best(() -> decode(files, true));
    long start = System.nanoTime();
    IngestSourcesJob.Result result = IngestSourcesJob.run(spark, new IngestSourcesJob.Options(dir, dir.resolve("warehouse")
        .toString(), false, List.of(logdir.toString()), null));
    double ingest = (System.nanoTime() - start) / 1e9;
    long points = result.source("tensorboard-events").points();
    if (points != scalars) {
      throw new IllegalStateException("the ingest stored " + points + " points, the files hold " + scalars + " scalars");
    }
    return List.of(new Row("raw read (cat), 1 core", bytes, raw, 1), new Row("decode, 1 core", bytes, decode, raw / decode),
        new Row("decode + SHA-256, 1 core", bytes, hashed, raw / hashed),
        new Row("ingest (Spark, " + spark.sparkContext().defaultParallelism() + " cores), " + points + " points", bytes,
            ingest, raw / ingest));
  }

  /** The table the bench prints: MB/s and throughput as a fraction of the raw read. */
  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-46s %10s %9s %9s %12s%n", "reading", "MB",
        "seconds", "MB/s", "x raw read"));
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "%-46s %10.1f %9.2f %9.1f %12.2f%n", r.what(), r.bytes() / 1e6, r.seconds(),
          r.megabytesPerSecond(), r.ratio()));
    }
    return out.toString();
  }

  private interface Timed {
    void run() throws IOException;
  }

  /** The fastest of three runs, in seconds. */
  private static double best(Timed work) throws IOException {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  private static void rawRead(List<Path> files) throws IOException {
    byte[] buffer = new byte[1 << 20];
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        while (in.read(buffer) >= 0) {
          // bytes only, as cat reads them
        }
      }
    }
  }

  private static void decode(List<Path> files, boolean hash) throws IOException {
    for (Path f : files) {
      InputStream raw = Files.newInputStream(f);
      if (hash) {
        raw = new java.security.DigestInputStream(raw, sha256());
      }
      try (InputStream in = new BufferedInputStream(raw, 1 << 16)) {
        new TensorBoardEventReader(in, Files.size(f), 16 << 20).read(new Counting());
      }
    }
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counts what the reader finds; a fault is a bug of the writer or the reader. */
  private static final class Counting implements TensorBoardEventReader.Listener {
    long scalars;

    @Override
    public void record(long index, long offset) {}

    @Override
    public void scalar(String tag, long step, double wallTime, double value) {
      scalars++;
    }

    @Override
    public void hparams(Map<String, TensorBoardEventReader.HParam> hparams) {}

    @Override
    public void fault(long index, long offset, String reason) {
      throw new IllegalStateException(reason);
    }
  }
}
