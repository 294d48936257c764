package org.scalingpipeline.refit;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.scalingpipeline.ingest.LogFormat;
import org.scalingpipeline.ingest.LogIngestion.FileReport;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The folder malformed landed files are moved to, so they neither block the good files nor get lost:
 * a file none of whose rows was accepted goes to {@code <quarantine>/<unit>/<name>} (with its
 * {@code .run.json} sidecar, if any), next to {@code <name>.reason.txt} listing its rejects. The
 * rejects stay in the {@code rejects} table as well.
 */
final class Quarantine {

  private final Warehouse warehouse;
  private final Configuration hadoopConf;
  private final String folder;

  Quarantine(Warehouse warehouse, Configuration hadoopConf, String folder) {
    this.warehouse = warehouse;
    this.hadoopConf = hadoopConf;
    this.folder = folder;
  }

  /** Whether a file is malformed: it had rows (or a whole-file fault) and none was accepted. */
  static boolean malformed(FileReport file) {
    return file.accounting().accepted() == 0 && file.accounting().rejected() > 0;
  }

  /** Moves a malformed file out of the landing folder, the reason first (a replay redoes both). */
  void move(FileReport file, String unit) {
    Path source = new Path(file.path());
    Path target = new Path(new Path(folder, unit), source.getName());
    try {
      FileSystem fs = target.getFileSystem(hadoopConf);
      fs.mkdirs(target.getParent());
      try (OutputStream out = fs.create(target.suffix(".reason.txt"), true)) {
        out.write(reason(file).getBytes(StandardCharsets.UTF_8));
      }
      rename(fs, source, target);
      rename(fs, source.suffix(LogFormat.SIDECAR_SUFFIX), target.suffix(LogFormat.SIDECAR_SUFFIX));
      System.out.println("[refit] quarantined " + file.path() + " -> " + target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot quarantine " + file.path() + ": " + e.getMessage(), e);
    }
  }

  private String reason(FileReport file) {
    String rejects = warehouse.table("rejects").where(col("source_file").equalTo(file.path())).orderBy("line")
        .select("line", "reason").collectAsList().stream()
        .map(r -> (r.getLong(0) == 0 ? "whole file" : "line " + r.getLong(0)) + ": " + r.getString(1))
        .collect(Collectors.joining("\n"));
    return "quarantined " + file.path() + " (" + file.format() + "): "
        + file.accounting().line("no row accepted") + "\n" + rejects + "\n";
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (fs.exists(from)) {
      fs.delete(to, false);
      if (!fs.rename(from, to)) {
        throw new IOException("rename to " + to + " failed");
      }
    }
  }
}
