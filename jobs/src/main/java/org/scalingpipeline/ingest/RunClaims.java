package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.scalingpipeline.warehouse.Schemas;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Decides, for the runs of one ingest, which file describes each run: the file that described it first (a
 * run already in {@code runs} from another file, then the files in ingest order). A later file that
 * describes the run the same way (every column but {@code source_file} and {@code ingested_at} equal) adds
 * nothing; one that describes it otherwise has all its rows of that run rejected, naming the first file and
 * the first column that differs ({@code data/log-format.md}, "One run in two files").
 */
final class RunClaims {

  /** One run in one file. */
  record FileRun(String file, String runId) implements Serializable {}

  /** The runs to write (first descriptions not yet stored) and the reason for each (file, run) refused. */
  record Resolution(List<RunRecord> toWrite, Map<FileRun, String> refused) implements Serializable {}

  private RunClaims() {}

  /**
   * @param stored the {@code runs} rows of these run ids that files outside this ingest described
   * @param runs the runs of the ingest's files, in file order
   */
  static Resolution resolve(Map<String, Row> stored, List<RunRecord> runs) {
    Map<String, Description> owners = new LinkedHashMap<>();
    stored.forEach((id, row) -> owners.put(id, new Description(row.getAs("source_file"), described(row::getAs))));
    List<RunRecord> toWrite = new ArrayList<>();
    Map<FileRun, String> refused = new LinkedHashMap<>();
    Timestamp unused = new Timestamp(0);
    for (RunRecord run : runs) {
      Row row = Rows.run(run, unused);
      Map<String, Object> mine = described(name -> row.get(Schemas.RUNS.fieldIndex(name)));
      Description owner = owners.get(run.runId());
      if (owner == null) {
        owners.put(run.runId(), new Description(run.sourceFile(), mine));
        toWrite.add(run);
      } else if (!owner.fields().equals(mine)) {
        refused.put(new FileRun(run.sourceFile(), run.runId()), "run " + run.runId() + " is also in file "
            + owner.file() + " with " + difference(owner.fields(), mine));
      }
    }
    return new Resolution(toWrite, refused);
  }

  private record Description(String file, Map<String, Object> fields) {}

  /** A run's columns but its file and time, a map column as a sorted Java map. */
  private static Map<String, Object> described(Function<String, Object> column) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (StructField field : Schemas.RUNS.fields()) {
      if (field.name().equals("source_file") || field.name().equals("ingested_at")) {
        continue;
      }
      Object value = column.apply(field.name());
      fields.put(field.name(), value instanceof scala.collection.Map<?, ?> map
          ? new TreeMap<>(CollectionConverters.asJava(map)) : value);
    }
    return fields;
  }

  /** The first column (or config entry) that differs: the first file's value, then this file's. */
  private static String difference(Map<String, Object> first, Map<String, Object> mine) {
    for (String name : first.keySet()) {
      Object a = first.get(name);
      Object b = mine.get(name);
      if (Objects.equals(a, b)) {
        continue;
      }
      if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
        TreeSet<Object> keys = new TreeSet<>(x.keySet());
        keys.addAll(y.keySet());
        for (Object key : keys) {
          if (!Objects.equals(x.get(key), y.get(key))) {
            return name + "['" + key + "'] = " + x.get(key) + " (here " + y.get(key) + ")";
          }
        }
      }
      return name + " = " + a + " (here " + b + ")";
    }
    throw new IllegalArgumentException("the descriptions do not differ");
  }
}
