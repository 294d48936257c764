package org.scalingpipeline.ingest;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.scalingpipeline.warehouse.Schemas;
import scala.jdk.javaapi.CollectionConverters;

/** Turns parsed records into rows of the {@link Schemas} tables, in schema column order. */
public final class Rows {

  private Rows() {}

  /** A {@code runs} row. */
  public static Row run(RunRecord run, Timestamp ingestedAt) {
    List<Object> values = new ArrayList<>();
    for (StructField field : Schemas.RUNS.fields()) {
      values.add(switch (field.name()) {
        case "run_id" -> run.runId();
        case "source" -> run.source();
        case "family" -> run.family();
        case "config" -> CollectionConverters.asScala(run.config());
        case "source_file" -> run.sourceFile();
        case "ingested_at" -> ingestedAt;
        case "provenance" -> CollectionConverters.asScala(run.origins());
        default -> coerce(run.attributes().get(field.name()), field.dataType());
      });
    }
    return RowFactory.create(values.toArray());
  }

  /** A {@code points} row. */
  public static Row point(PointRecord p, Timestamp ingestedAt) {
    PointRecord.Logged logged = p.logged();
    return RowFactory.create(p.runId(), p.step(), p.tokens(), p.flops(), p.metric(), p.value(), p.unit(),
        p.wallTimeSeconds() == null ? null : seconds(p.wallTimeSeconds()), p.sourceFile(), ingestedAt,
        logged == null ? null : logged.metric(), logged == null ? null : logged.value(),
        logged == null ? null : logged.unit());
  }

  /** A point as it is claimed in an ingest: the {@code points} row, then the row's line, the file's place and the row's text. */
  static Row claim(PointRecord p, AcceptedRow row, int fileOrder, Timestamp ingestedAt) {
    List<Object> values = new ArrayList<>(CollectionConverters.asJava(point(p, ingestedAt).toSeq()));
    values.add(row.line());
    values.add(fileOrder);
    values.add(row.raw());
    return RowFactory.create(values.toArray());
  }

  /** A {@code rejects} row. */
  public static Row reject(Reject r, Timestamp ingestedAt) {
    return RowFactory.create(r.sourceFile(), r.line(), r.raw(), r.reason(), ingestedAt, r.detail());
  }

  /** An {@code ingested_files} row. */
  public static Row ingestedFile(FileIdentity f, String format, Accounting a, List<String> runIds,
      Timestamp ingestedAt) {
    return RowFactory.create(f.path(), format, f.sizeBytes(), new Timestamp(f.modifiedMillis()), f.sha256(),
        a.read(), a.accepted(), a.rejected(), a.emptyCells(), a.points(), ingestedAt,
        CollectionConverters.asScala(runIds).toSeq());
  }

  /** A timestamp from seconds since the epoch, to the microsecond. */
  public static Timestamp seconds(double epochSeconds) {
    long micros = Math.round(epochSeconds * 1e6);
    Timestamp t = new Timestamp(Math.floorDiv(micros, 1000));
    t.setNanos((int) Math.floorMod(micros, 1_000_000) * 1000);
    return t;
  }

  private static Object coerce(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type.equals(DataTypes.IntegerType)) {
      return ((Number) value).intValue();
    }
    if (type.equals(DataTypes.DoubleType)) {
      return ((Number) value).doubleValue();
    }
    return value.toString();
  }
}
