package org.scalingpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.util.SerializableConfiguration;
import org.scalingpipeline.ingest.TensorBoardCsvParser.RunDescription;

/**
 * Finds and reads log files through Hadoop's file system API, so the same code reads a local
 * folder, HDFS or an object store; each file is parsed by the parser its format calls for. It is
 * serialisable so that executors read the files in parallel.
 */
public final class LogFiles implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SerializableConfiguration hadoopConf;
  private final PerceiverArManifest manifest;

  public LogFiles(Configuration hadoopConf, PerceiverArManifest manifest) {
    this.hadoopConf = new SerializableConfiguration(hadoopConf);
    this.manifest = manifest;
  }

  /** Every log file at or below a path (a file or a folder), hidden and temporary files left out. */
  public List<String> list(String location) {
    try {
      Path root = new Path(location);
      FileSystem fs = root.getFileSystem(hadoopConf.value());
      if (!fs.exists(root)) {
        throw new IllegalArgumentException("no such file or folder: " + location);
      }
      List<String> files = new ArrayList<>();
      if (fs.getFileStatus(root).isFile()) {
        files.add(fs.makeQualified(root).toString());
        return files;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus status = it.next();
        if (!ignored(status.getPath())) {
          files.add(status.getPath().toString());
        }
      }
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + location + ": " + e.getMessage(), e);
    }
  }

  private static boolean ignored(Path path) {
    for (Path p = path; p != null && !p.isRoot(); p = p.getParent()) {
      if (p != path && (p.getName().startsWith(".") || p.getName().startsWith("_"))) {
        return true;
      }
    }
    return LogFormat.isIgnored(path.getName());
  }

  /** Reads one file whole, with its identity. */
  public InputFile read(String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = fileSystem(path, hadoopConf.value());
      FileStatus status = fs.getFileStatus(path);
      try (InputStream in = fs.open(path)) {
        return InputFile.of(location, status.getModificationTime(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file system to read and move landed files with: for a local path the raw one, since Hadoop's
   * checksumming local file system names a file's {@code .crc} companion with {@code new Path(String)},
   * which fails on a {@code :} in the file name ({@code Relative path in absolute URI}).
   */
  public static FileSystem fileSystem(Path path, Configuration hadoopConf) throws IOException {
    FileSystem fs = path.getFileSystem(hadoopConf);
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  /** Reads and parses one file; faults of the file or its content come back as rejects. */
  public ParsedFile parse(String location) {
    InputFile file;
    try {
      file = read(location);
    } catch (UncheckedIOException e) {
      FileIdentity unreadable = new FileIdentity(location, 0, 0, "");
      return ParsedFile.rejected(unreadable, LogFormat.UNKNOWN, e.getMessage());
    }
    String sidecar = location + LogFormat.SIDECAR_SUFFIX;
    LogFormat format = LogFormat.detect(file.identity().name(), exists(sidecar));
    return switch (format) {
      case ROUTED_CURVES -> new RoutedCurvesParser().parse(file);
      case PERCEIVER_AR_EXPORT -> new TensorBoardCsvParser(format, manifest.describe(location)).parse(file);
      case TENSORBOARD_CSV -> new TensorBoardCsvParser(format, sidecar(sidecar, location)).parse(file);
      case JSONL -> new JsonlLogParser().parse(file);
      case UNKNOWN -> ParsedFile.rejected(file.identity(), format, "unrecognised log file name '"
          + file.identity().name() + "': expected *.jsonl, a TensorBoard *.csv with a .run.json sidecar,"
          + " a Perceiver AR export run-logs-<release>_<experiment>_version_<n>-tag-<tag>.csv or curves.csv.gz");
    };
  }

  private boolean exists(String location) {
    try {
      Path path = new Path(location);
      return path.getFileSystem(hadoopConf.value()).exists(path);
    } catch (IOException e) {
      return false;
    }
  }

  private RunDescription sidecar(String sidecar, String csv) {
    try {
      JsonNode header = JSON.readTree(new String(read(sidecar).content(), java.nio.charset.StandardCharsets.UTF_8));
      RunRecord run = RunHeaders.fromJson(header, csv, "tensorboard");
      String metric = Cells.text("metric", RunHeaders.textOrNull(header, "metric"));
      String unit = header.hasNonNull("unit") ? header.get("unit").asText() : PointRecord.NATS_PER_TOKEN;
      return new RunDescription(run, metric, unit, null);
    } catch (IOException | UncheckedIOException e) {
      return RunDescription.unknown("sidecar " + sidecar + " is not readable JSON: " + e.getMessage());
    } catch (Cells.BadCell e) {
      return RunDescription.unknown("sidecar " + sidecar + ": " + e.getMessage());
    }
  }
}
