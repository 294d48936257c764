package org.scalingpipeline.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.ingest.Accounting;
import org.scalingpipeline.jobs.IngestSourcesJob;

/**
 * One log larger than any heap it is ingested with (issue "Hostile files", item 9: a real 3 GiB well-formed log
 * must ingest): a JSONL run of generated points is written, ingested in this JVM, and the stored points counted.
 * The figures: wall time, MB/s and points/s of the ingest, and the heap's peak use against its maximum, which shows
 * that the file never had to fit in memory.
 */
final class BigLogBenchmark {

  private BigLogBenchmark() {}

  static String run(Path dir, long bytes, SparkSession spark) throws IOException {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path log = logs.resolve("big.jsonl");
    long points = 0;
    long writeStart = System.nanoTime();
    try (BufferedWriter out = Files.newBufferedWriter(log)) {
      out.write("{\"record\":\"run\",\"run_name\":\"big\",\"source\":\"bench\",\"params_dense\":1.2e8,"
          + "\"tokens_per_step\":524288}\n");
      long written = 0;
      while (written < bytes) {
        points++;
        String line = String.format(Locale.ROOT, "{\"record\":\"point\",\"step\":%d,\"metric\":\"val_loss\",\"value\":%.6f}%n",
            points, 2.0 + 8.0 * Math.pow(points, -0.3));
        out.write(line);
        written += line.length();
      }
    }
    double write = (System.nanoTime() - writeStart) / 1e9;
    long size = Files.size(log);
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    IngestSourcesJob.Result result = IngestSourcesJob.run(spark, new IngestSourcesJob.Options(dir,
        dir.resolve("warehouse").toString(), false, List.of(logs.toString()), null));
    double ingest = (System.nanoTime() - start) / 1e9;
    Accounting a = result.source("jsonl");
    if (a.points() != points || a.rejected() != 0) {
      throw new IllegalStateException("stored " + a.line("big.jsonl") + ", expected " + points + " points");
    }
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    long max = Runtime.getRuntime().maxMemory();
    return String.format(Locale.ROOT, "%-22s %12s%n%-22s %12.2f%n%-22s %,12d%n%-22s %12.1f%n%-22s %12.1f%n"
            + "%-22s %12.1f%n%-22s %,12.0f%n%-22s %12.0f%n%-22s %12.0f%n%-22s %12.2f%n",
        "log", "big.jsonl", "size GiB", size / (double) (1L << 30), "points", points, "write s", write,
        "ingest s", ingest, "ingest MB/s", size / 1e6 / ingest, "ingest points/s", points / ingest,
        "heap max MiB", max / 1048576.0, "heap peak MiB", peak / 1048576.0, "log / heap max", size / (double) max);
  }
}
