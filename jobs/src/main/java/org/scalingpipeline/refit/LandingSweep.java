package org.scalingpipeline.refit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.scalingpipeline.ingest.LogFiles;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * Landed files the stream does not deliver. It hands out each path once, so a file rewritten in
 * place after its ingest (against the rules: landed files are immutable) would be ignored silently;
 * and an empty file yields no row to a batch. Here every landed file whose size or modification time
 * differs from its {@code ingested_files} row, and every empty file never ingested, is found; they
 * become one unit named after the files and their states, so the same change is handled once.
 */
final class LandingSweep {

  private LandingSweep() {}

  /** A unit of such files: its name and the files. */
  record Sweep(String unit, List<String> files) {}

  /** The modified or empty files of the landing folder, or null when there are none. */
  static Sweep find(Warehouse warehouse, LogFiles logFiles, Configuration hadoopConf, String landing) {
    Map<String, Row> ingested = new HashMap<>();
    for (Row row : warehouse.table("ingested_files").select("source_file", "size_bytes", "modified_at").collectAsList()) {
      ingested.put(row.getString(0), row);
    }
    List<String> changed = new ArrayList<>();
    StringBuilder states = new StringBuilder();
    for (String file : logFiles.list(landing)) {
      Row before = ingested.get(file);
      FileStatus now = status(file, hadoopConf);
      if (before == null ? now.getLen() == 0
          : now.getLen() != before.getLong(1) || now.getModificationTime() != before.getTimestamp(2).getTime()) {
        changed.add(file);
        states.append(file).append('|').append(now.getLen()).append('|').append(now.getModificationTime()).append('\n');
      }
    }
    return changed.isEmpty() ? null : new Sweep("sweep-" + sha256(states.toString()).substring(0, 16), changed);
  }

  private static FileStatus status(String file, Configuration hadoopConf) {
    try {
      Path path = new Path(file);
      return path.getFileSystem(hadoopConf).getFileStatus(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
