package org.scalingpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
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

  private final SerializableConfiguration hadoopConf;
  private final PerceiverArManifest manifest;
  private final ReadLimits limits;
  private final boolean followLinks;
  private final LogConventions conventions;
  /** The local folders {@link #list} listed: a file read from one of them must not lead out of it. */
  private final Set<String> folders = new CopyOnWriteArraySet<>();
  /** Every folder {@link #list} listed, as Hadoop path strings: run folders are named relative to them. */
  private final Set<String> roots = new CopyOnWriteArraySet<>();

  /** Hadoop configuration key: {@code true} follows symbolic links that leave the folder being read. */
  public static final String FOLLOW_LINKS = "scaling.ingest.follow-links";

  /**
   * Reads with the {@link ReadLimits}, the link policy ({@value #FOLLOW_LINKS}) and the {@link LogConventions} the
   * Hadoop configuration sets.
   */
  public LogFiles(Configuration hadoopConf, PerceiverArManifest manifest) {
    this.hadoopConf = new SerializableConfiguration(hadoopConf);
    this.manifest = manifest;
    this.limits = ReadLimits.from(hadoopConf);
    this.followLinks = hadoopConf.getBoolean(FOLLOW_LINKS, false);
    this.conventions = LogConventions.from(hadoopConf);
  }

  /**
   * Every log file at or below a path (a file or a folder), hidden and temporary files left out. On the local
   * file system symbolic links are followed only while they stay inside the folder (the real path of the
   * target is below the folder's): a link that leaves it is listed as it is, and {@link #parse} refuses it
   * without reading it, unless {@value #FOLLOW_LINKS} is set; a link back into the tree (a loop such as
   * {@code loop -> .}) or a second path to a file already listed is left out, so each file is read once.
   */
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
      readsFrom(location);
      if ("file".equals(fs.getUri().getScheme())) {
        return LocalListing.of(java.nio.file.Path.of(fs.makeQualified(root).toUri()),
            p -> !isLog(new Path(p.toUri()).toString()));
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus status = it.next();
        if (isLog(status.getPath().toString())) {
          files.add(status.getPath().toString());
        }
      }
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Declares a folder whose files are read (done by {@link #list}; a refit declares its landing folder before
   * its stream hands out files): a file in it may not be read through a link that leaves it, and its runs are
   * named relative to it ({@link #runName}).
   */
  public void readsFrom(String location) {
    try {
      Path root = new Path(location);
      FileSystem fs = root.getFileSystem(hadoopConf.value());
      roots.add(fs.makeQualified(root).toString());
      if ("file".equals(fs.getUri().getScheme())) {
        folders.add(java.nio.file.Path.of(fs.makeQualified(root).toUri()).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * True for a file that is read as a log of its own: not hidden or temporary (nor under a hidden folder or one
   * of the project's own {@code _} folders), and not a companion file a log's reader opens
   * ({@link LogFormat#isCompanion}).
   */
  public boolean isLog(String location) {
    Path path = new Path(location);
    for (Path p = path.getParent(); p != null && !p.isRoot(); p = p.getParent()) {
      if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
        return false;
      }
    }
    return !LogFormat.isIgnored(path.getName()) && !LogFormat.isCompanion(location, this::exists)
        && notItsOwnPath(location) == null;
  }

  /**
   * Why a path of a folder being read is not a file's own path (it goes through a linked folder, or is a link to a
   * file of the folder: {@link LocalListing#notItsOwnPath}), or null; such a path is not read, so each file is read
   * once and nothing is read or moved through a link.
   */
  public String notItsOwnPath(String location) {
    Path path = new Path(location);
    if (path.toUri().getScheme() != null && !"file".equals(path.toUri().getScheme())) {
      return null;
    }
    java.nio.file.Path file = java.nio.file.Path.of(path.toUri().getPath());
    for (String folder : folders) {
      java.nio.file.Path root = java.nio.file.Path.of(folder);
      if (file.startsWith(root)) {
        return LocalListing.notItsOwnPath(file, root);
      }
    }
    return null;
  }

  /**
   * Opens a companion file of a log (a config or metadata file beside it), or returns null when there is none.
   * The same rules as for logs hold: only a regular file, and no link out of the folder being read; a
   * companion that exists but may not be read fails with the reason.
   */
  public InputFile companion(String location) {
    return exists(location) ? open(location) : null;
  }

  /**
   * The files of a folder, sorted, none when the folder does not exist: those directly in it, or with
   * {@code recursive} those at any depth below it (an MLflow run's {@code params/}, whose keys may hold {@code /}).
   */
  public List<String> filesIn(String folder, boolean recursive) {
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(hadoopConf.value());
      if (!fs.exists(path)) {
        return List.of();
      }
      List<String> files = new ArrayList<>();
      for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, recursive); it.hasNext(); ) {
        files.add(it.next().getPath().toString());
      }
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The name of a run kept in a folder: the folder's path relative to the folder {@link #list} listed (so a
   * run keeps its name when the whole tree moves), or the folder's own name when it lies in none.
   */
  public String runName(String folder) {
    String longest = null;
    for (String root : roots) {
      if (folder.startsWith(root + "/") && (longest == null || root.length() > longest.length())) {
        longest = root;
      }
    }
    return longest == null ? new Path(folder).getName() : folder.substring(longest.length() + 1);
  }

  /**
   * Opens one file for streaming ({@link InputFile}). Only a regular file is read: a FIFO, device or socket
   * (which could block a reader forever or never end) is refused.
   */
  public InputFile open(String location) {
    try {
      Path path = new Path(location);
      FileSystem fs = fileSystem(path, hadoopConf.value());
      FileStatus status = fs.getFileStatus(path);
      String outside = followLinks || !"file".equals(fs.getUri().getScheme()) ? null
          : leavesItsFolder(java.nio.file.Path.of(fs.makeQualified(path).toUri()));
      if (outside != null) {
        String refused = "not read: " + outside + " (set " + FOLLOW_LINKS + "=true to follow links out of a folder)";
        throw new UncheckedIOException(refused, new java.io.IOException(refused));
      }
      if (!regularFile(fs, path, status)) {
        String refused = "cannot read " + location + ": not a regular file (a folder, FIFO, device or socket),"
            + " expected a log file";
        throw new UncheckedIOException(refused, new java.io.IOException(refused));
      }
      return InputFile.of(location, status.getLen(), status.getModificationTime(), () -> fs.open(path), limits)
          .describedBy(conventions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  /** Why a file of a listed folder leads out of it through a link, or null when it does not. */
  private String leavesItsFolder(java.nio.file.Path file) {
    for (String folder : folders) {
      java.nio.file.Path root = java.nio.file.Path.of(folder);
      if (file.startsWith(root)) {
        return LocalListing.leavesRoot(file, root);
      }
    }
    return null;
  }

  private static boolean regularFile(FileSystem fs, Path path, FileStatus status) {
    if (!status.isFile()) {
      return false;
    }
    if (!"file".equals(fs.getUri().getScheme())) {
      return true;
    }
    return Files.isRegularFile(java.nio.file.Path.of(fs.makeQualified(path).toUri()));
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
      file = open(location);
    } catch (UncheckedIOException e) {
      return unreadable(location, e);
    }
    try {
      return parse(file);
    } catch (UncheckedIOException e) {
      return unreadable(location, e);
    }
  }

  /**
   * Parses one file as a stream of {@link ParseItem}s (rows and rejects as they are found, then the summary), so
   * that a file of any size is read in bounded memory; faults come back as rejects, as with {@link #parse(String)}.
   */
  Iterator<ParseItem> stream(String location) {
    InputFile file;
    try {
      file = open(location);
    } catch (UncheckedIOException e) {
      return List.of(ParseItem.summary(unreadable(location, e))).iterator();
    }
    return new StreamedParse(location, sink -> {
      try {
        return parse(file.streamingTo(sink));
      } catch (UncheckedIOException e) {
        return unreadable(location, e);
      }
    });
  }

  private static ParsedFile unreadable(String location, UncheckedIOException e) {
    FileIdentity unreadable = new FileIdentity(location, 0, 0, "");
    return ParsedFile.rejected(unreadable, LogFormat.UNKNOWN, e.getMessage());
  }

  private ParsedFile parse(InputFile file) {
    String location = file.path();
    String sidecar = location + LogFormat.SIDECAR_SUFFIX;
    String name = new Path(location).getName();
    LogFormat format = LogFormat.detect(location, this::exists);
    return switch (format) {
      case ROUTED_CURVES -> new RoutedCurvesParser().parse(file);
      case PERCEIVER_AR_EXPORT -> new TensorBoardCsvParser(format, manifest.describe(location)).parse(file);
      case TENSORBOARD_CSV -> new TensorBoardCsvParser(format, sidecar(sidecar, location)).parse(file);
      case MAPPED_CSV -> MappedCsvParser.of(this, location).parse(file);
      case JSONL -> new JsonlLogParser().parse(file);
      case TENSORBOARD_EVENTS -> new TensorBoardEventParser(this).parse(file);
      case MLFLOW_METRIC -> new MlflowMetricParser(this).parse(file);
      case MLFLOW_SQLITE -> new MlflowSqliteParser().parse(file);
      case WANDB -> new WandbRunFileParser(this).parse(file);
      case WANDB_HISTORY -> new WandbHistoryJsonlParser(this).parse(file);
      case HF_TRAINER_STATE -> new HfTrainerStateParser(this).parse(file);
      case UNKNOWN -> ParsedFile.rejected(file.identity(), format, "unrecognised log file name '"
          + name + "': expected events.out.tfevents.*, an MLflow run's metrics/<key>, mlflow.db, run-<id>.wandb,"
          + " wandb-history.jsonl, trainer_state.json, *.jsonl, a *.csv or *.tsv with a .columns.json column map,"
          + " a TensorBoard *.csv with a .run.json sidecar,"
          + " a Perceiver AR export run-logs-<release>_<experiment>_version_<n>-tag-<tag>.csv or curves.csv.gz");
    };
  }

  /** True when a file or folder exists (a run's {@code meta.yaml}); false when it cannot be told. */
  boolean exists(String location) {
    try {
      Path path = new Path(location);
      return path.getFileSystem(hadoopConf.value()).exists(path);
    } catch (IOException e) {
      return false;
    }
  }

  private RunDescription sidecar(String sidecar, String csv) {
    try {
      JsonNode header = Json.readStrict(open(sidecar).text());
      RunRecord run = RunHeaders.fromJson(header, csv, "tensorboard");
      String metric = Cells.text("metric", Json.textOrNull(header, "metric"));
      String unit = header.hasNonNull("unit") ? Cells.text("unit", Json.textOrNull(header, "unit")) : PointRecord.NATS_PER_TOKEN;
      return new RunDescription(run, metric, unit, null);
    } catch (IOException | UncheckedIOException e) {
      return RunDescription.unknown("sidecar " + sidecar + " is not readable JSON: " + e.getMessage());
    } catch (Cells.BadCell e) {
      return RunDescription.unknown("sidecar " + sidecar + ": " + e.getMessage());
    }
  }
}
