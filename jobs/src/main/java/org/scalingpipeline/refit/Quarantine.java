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
import org.scalingpipeline.ingest.LogFiles;
import org.scalingpipeline.ingest.LogFormat;
import org.scalingpipeline.ingest.LogIngestion.FileReport;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * The folder malformed or unreadable landed files are moved to, so they neither block the good files
 * nor get lost: a file none of whose rows was accepted, or that is not a regular file, goes to
 * {@code <quarantine>/<unit>/<its path below the landing folder>} (with its {@code .run.json}
 * sidecar, if any), next to {@code <name>.reason.txt} saying why. Nothing there is ever overwritten:
 * when the quarantine holds that name already (a quarantine shared by several landing folders), the
 * file is numbered, {@code bad.1.jsonl}, {@code bad.2.jsonl}, and its reason says so. The rejects
 * stay in the {@code rejects} table as well.
 */
final class Quarantine {

  private final Warehouse warehouse;
  private final Configuration hadoopConf;
  private final String folder;
  private final String landing;

  Quarantine(Warehouse warehouse, Configuration hadoopConf, String folder, String landing) {
    this.warehouse = warehouse;
    this.hadoopConf = hadoopConf;
    this.folder = folder;
    this.landing = landing;
  }

  /** Whether a file is malformed: it had rows (or a whole-file fault) and none was accepted. */
  static boolean malformed(FileReport file) {
    return file.accounting().accepted() == 0 && file.accounting().rejected() > 0;
  }

  /** Moves a malformed file out of the landing folder, with its rejects as the reason. */
  void move(FileReport file, String unit) {
    move(file.path(), unit, rejects(file));
  }

  /**
   * Moves a file out of the landing folder, the reason (what follows the file's path in the reason
   * file) first; a replay finds the file gone and does
   * not move it again. Returns where it went.
   */
  Path move(String file, String unit, String reason) {
    Path source = new Path(file);
    try {
      FileSystem fs = LogFiles.fileSystem(source, hadoopConf);
      Path wanted = new Path(new Path(folder, unit), new Path(null, null, relative(source)));
      Path target = free(fs, wanted);
      fs.mkdirs(target.getParent());
      String renamed = target.equals(wanted) ? ""
          : "(the quarantine already holds " + wanted.getName() + ", so this file is " + target.getName() + ")\n";
      try (OutputStream out = fs.create(suffixed(target, ".reason.txt"), true)) {
        out.write(("quarantined " + file + " " + reason + "\n" + renamed).getBytes(StandardCharsets.UTF_8));
      }
      rename(fs, source, target);
      rename(fs, suffixed(source, LogFormat.SIDECAR_SUFFIX), suffixed(target, LogFormat.SIDECAR_SUFFIX));
      rename(fs, suffixed(source, LogFormat.COLUMN_MAP_SUFFIX), suffixed(target, LogFormat.COLUMN_MAP_SUFFIX));
      System.out.println("[refit] quarantined " + file + " -> " + target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot quarantine " + file + ": " + e.getMessage(), e);
    }
  }

  /** The file's path below the landing folder (its name alone when it is not below it). */
  private String relative(Path file) {
    String root = new Path(landing).toUri().getPath();
    String path = file.toUri().getPath();
    return path.startsWith(root + "/") ? path.substring(root.length() + 1) : file.getName();
  }

  /** The wanted path, or the first numbered one ({@code bad.1.jsonl}) neither it nor its sidecar takes. */
  private static Path free(FileSystem fs, Path wanted) throws IOException {
    String name = wanted.getName();
    int dot = name.lastIndexOf('.');
    String stem = dot <= 0 ? name : name.substring(0, dot);
    String extension = dot <= 0 ? "" : name.substring(dot);
    Path candidate = wanted;
    for (int n = 1; fs.exists(candidate) || fs.exists(suffixed(candidate, LogFormat.SIDECAR_SUFFIX))
        || fs.exists(suffixed(candidate, LogFormat.COLUMN_MAP_SUFFIX)); n++) {
      candidate = new Path(wanted.getParent(), new Path(null, null, stem + "." + n + extension));
    }
    return candidate;
  }

  private String rejects(FileReport file) {
    String rejects = warehouse.table("rejects").where(col("source_file").equalTo(file.path())).orderBy("line")
        .select("line", "reason").collectAsList().stream()
        .map(r -> (r.getLong(0) == 0 ? "whole file" : "line " + r.getLong(0)) + ": " + r.getString(1))
        .collect(Collectors.joining("\n"));
    return "(" + file.format() + "): " + file.accounting().line("no row accepted") + "\n" + rejects;
  }

  /** The path with a suffix added to its name ({@code Path.suffix} fails on a name with a {@code :}). */
  private static Path suffixed(Path path, String suffix) {
    return new Path(path.getParent(), new Path(null, null, path.getName() + suffix));
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (fs.exists(from) && !fs.rename(from, to)) {
      throw new IOException("rename to " + to + " failed");
    }
  }
}
