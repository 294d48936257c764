package org.scalingpipeline.client;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How {@code scaling sql} prints a query's result, the same whether the query ran in an embedded Spark
 * or on a {@code scaling serve} endpoint (Spark 4's Dataset API is shared by both).
 */
public final class QueryOutput {

  /** Output formats. */
  public enum Format { table, csv, json }

  private QueryOutput() {}

  /** Prints at most {@code limit} rows of a result in a format. */
  public static void print(Dataset<Row> result, Format format, int limit, PrintStream out) {
    switch (format) {
      case table -> result.show(limit, false);
      case json -> result.limit(limit).toJSON().collectAsList().forEach(out::println);
      case csv -> {
        out.println(String.join(",", List.of(result.columns()).stream().map(QueryOutput::csv).toList()));
        for (Row row : result.limit(limit).collectAsList()) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < row.length(); i++) {
            line.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : csv(String.valueOf(row.get(i))));
          }
          out.println(line);
        }
      }
    }
  }

  private static String csv(String cell) {
    return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
        ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }
}
