package org.scalingpipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import org.sqlite.SQLiteConfig;

/**
 * Reads MLflow's SQLite tracking store ({@code mlflow.db}, the default store of MLflow 3): every row of its
 * {@code metrics} table is one row of the file, in the order {@code run_uuid, key, step, timestamp} (row numbers
 * from 1), read as a stream; the runs come from {@code runs}, {@code params}, {@code tags} and
 * {@code experiments} like a file-store run's ({@link MlflowRunFacts}), with source {@code mlflow}. MLflow's SQL
 * store cannot hold NaN or infinities ({@code sqlalchemy_store.py}): it writes NaN as value 0 with
 * {@code is_nan = 1}, and ±inf as ±1.7976931348623157E308; both are refused like {@code nan} and {@code inf} in
 * the file store. A file is read only when it starts with SQLite's header ({@code "SQLite format 3\0"}) and has
 * MLflow's tables ({@link MlflowSqliteRuns#SCHEMA}). The JDBC driver opens it read-only; a database on HDFS or an
 * object store is first copied to a local temporary file, at most {@link ReadLimits#maxDecompressedBytes()} long.
 */
final class MlflowSqliteParser implements LogParser {

  /** The first 16 bytes of every SQLite 3 database (sqlite.org/fileformat.html, "The Database Header"). */
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** The values MLflow's SQL store writes for +inf and -inf. */
  private static final double INFINITY_STAND_IN = Double.MAX_VALUE;

  private static final String METRICS = "SELECT run_uuid, key, step, typeof(step), timestamp, typeof(timestamp),"
      + " value, typeof(value), is_nan FROM metrics ORDER BY run_uuid, key, step, timestamp";

  @Override
  public ParsedFile parse(InputFile file) {
    ParseCollector out = new ParseCollector(file, LogFormat.MLFLOW_SQLITE);
    Path local;
    Path copy = null;
    try (InputStream in = file.bytes()) {
      byte[] header = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(header, MAGIC)) {
        return out.wholeFileRejected("not an SQLite database: the file starts with " + shown(header)
            + ", expected SQLite's header 'SQLite format 3\\0' (53 51 4C 69 74 65 20 66 6F 72 6D 61 74 20 33 00)");
      }
      local = localPath(file.path());
      if (local == null) {
        copy = copy(header, in, file.limits().maxDecompressedBytes());
        local = copy;
      }
    } catch (InputFile.LimitExceeded e) {
      return out.wholeFileRejected(e.getMessage());
    } catch (IOException e) {
      return out.wholeFileRejected("unreadable: " + e.getMessage());
    }
    try {
      return read(local, out);
    } finally {
      deleteQuietly(copy);
    }
  }

  private static ParsedFile read(Path local, ParseCollector out) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    long rowNo = 0;
    try (Connection db = config.createConnection("jdbc:sqlite:" + local.toAbsolutePath())) {
      String notMlflow = MlflowSqliteRuns.notMlflow(db);
      if (notMlflow != null) {
        return out.wholeFileRejected(notMlflow);
      }
      try (MlflowSqliteRuns runs = new MlflowSqliteRuns(db, out.path()); Statement query = db.createStatement();
          ResultSet rows = query.executeQuery(METRICS)) {
        Rows metricRows = new Rows(runs, out);
        while (rows.next()) {
          metricRows.row(++rowNo, rows);
        }
      }
    } catch (SQLException e) {
      if (rowNo == 0) {
        return out.wholeFileRejected("not readable as an SQLite database: " + e.getMessage());
      }
      out.reject(rowNo, null, "the database cannot be read past row " + (rowNo - 1) + " of metrics: " + e.getMessage());
    }
    return out.result();
  }

  /**
   * The metric rows, with the run of the rows being read; a second value at one (run, key, step) follows
   * {@link RepeatedPoints}.
   */
  private static final class Rows {
    private final MlflowSqliteRuns runs;
    private final ParseCollector out;
    private String runUuid;
    private MlflowSqliteRuns.Lookup run;

    Rows(MlflowSqliteRuns runs, ParseCollector out) {
      this.runs = runs;
      this.out = out;
    }

    void row(long rowNo, ResultSet r) throws SQLException {
      String uuid = r.getString(1);
      String key = r.getString(2);
      String raw = "metrics row: run_uuid=" + uuid + ", key=" + key + ", step=" + r.getString(3) + ", timestamp="
          + r.getString(5) + ", value=" + shownValue(r) + ", is_nan=" + r.getString(9);
      out.at(rowNo, raw);
      if (uuid == null || key == null) {
        out.reject(rowNo, raw, "column '" + (uuid == null ? "run_uuid" : "key") + "': found NULL, expected text");
        return;
      }
      if (!uuid.equals(runUuid)) {
        runUuid = uuid;
        run = runs.lookup(uuid);
        if (run.run() != null) {
          out.run(run.run());
        }
      }
      if (run.refused() != null) {
        out.reject(rowNo, raw, run.refused());
        return;
      }
      try {
        long step = whole(r, 3, "step");
        long timestamp = whole(r, 5, "timestamp");
        double value = value(r);
        RunRecord record = run.run();
        out.point(new PointRecord(record.runId(), step, null, null, key, value, PointRecord.AS_LOGGED,
            MlflowMetricParser.seconds(timestamp), out.path()));
        out.acceptRow(record.runId());
      } catch (Cells.BadCell e) {
        out.reject(rowNo, raw, e.getMessage());
      }
    }
  }

  /** A step or timestamp: an SQLite integer >= 0. */
  private static long whole(ResultSet r, int column, String name) throws SQLException {
    String type = r.getString(column + 1);
    if (!"integer".equals(type)) {
      throw new Cells.BadCell(name, r.getString(column), "an integer >= 0 (found SQLite type " + type + ")");
    }
    long value = r.getLong(column);
    if (value < 0) {
      throw new Cells.BadCell(name, Long.toString(value), "an integer >= 0");
    }
    return value;
  }

  /** The finite value of a row: NaN ({@code is_nan = 1}) and MLflow's stand-ins for ±inf are refused. */
  private static double value(ResultSet r) throws SQLException {
    String isNan = r.getString(9);
    if ("1".equals(isNan)) {
      throw new Cells.BadCell("value", "NaN", "a finite number (is_nan = 1: MLflow stores NaN as value 0 with"
          + " is_nan = 1; a point holds a finite value)");
    }
    if (!"0".equals(isNan)) {
      throw new Cells.BadCell("is_nan", isNan, "0 or 1");
    }
    String type = r.getString(8);
    if (!"real".equals(type) && !"integer".equals(type)) {
      throw new Cells.BadCell("value", r.getString(7), "a number (found SQLite type " + type + ")");
    }
    double value = r.getDouble(7);
    if (Math.abs(value) == INFINITY_STAND_IN) {
      throw new Cells.BadCell("value", Double.toString(value), "a finite number (" + (value > 0 ? "" : "-")
          + "1.7976931348623157E308 is how MLflow's SQL store writes " + (value > 0 ? "inf" : "-inf")
          + "; a point holds a finite value)");
    }
    return value;
  }

  private static String shownValue(ResultSet r) throws SQLException {
    String type = r.getString(8);
    return "real".equals(type) || "integer".equals(type) ? Double.toString(r.getDouble(7)) : r.getString(7);
  }

  /** The local file of a path on the local file system, or null for a remote one (HDFS, S3). */
  private static Path localPath(String path) {
    URI uri = new org.apache.hadoop.fs.Path(path).toUri();
    return uri.getScheme() == null || "file".equals(uri.getScheme()) ? Path.of(uri.getPath()) : null;
  }

  /** Copies the rest of a remote database to a local temporary file, at most {@code limit} bytes. */
  private static Path copy(byte[] header, InputStream rest, long limit) throws IOException {
    Path copy = Files.createTempFile("mlflow-", ".db");
    try (OutputStream to = Files.newOutputStream(copy)) {
      to.write(header);
      long written = header.length;
      byte[] buffer = new byte[1 << 16];
      for (int n = rest.read(buffer); n >= 0; n = rest.read(buffer)) {
        written += n;
        if (written > limit) {
          throw new InputFile.LimitExceeded("the database is longer than the limit of " + limit + " bytes ("
              + ReadLimits.MAX_DECOMPRESSED_BYTES + ") for its local copy");
        }
        to.write(buffer, 0, n);
      }
      return copy;
    } catch (IOException e) {
      deleteQuietly(copy);
      throw e;
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }

  private static String shown(byte[] bytes) {
    return bytes.length == 0 ? "nothing (an empty file)"
        : HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes) + (bytes.length < MAGIC.length ? " (only "
        + bytes.length + " bytes)" : "");
  }
}
