package org.scalingpipeline.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.warehouse.ReadOnlyStatements;
import org.scalingpipeline.warehouse.Warehouse;
import org.scalingpipeline.warehouse.WarehouseLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scaling sql "<query>"}: queries the warehouse tables and the SQL functions from a shell. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run a Spark SQL query over the warehouse tables and the scaling SQL functions.")
final class SqlCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { table, csv, json }

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"SELECT count(*) FROM points\".")
  String query;

  @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  Format format = Format.table;

  @Option(names = "--limit", description = "Rows to print at most (default: ${DEFAULT-VALUE}).")
  int limit = 1000;

  @Option(names = "--write", description = "Allow a statement that may write (DELETE, MERGE, INSERT, CREATE, ...);"
      + " it runs holding the warehouse lock, as ingest, fit and refit do. Without it, sql only reads.")
  boolean write;

  @Override
  public Integer call() throws ParseException {
    SparkSession spark = SparkSessions.getOrCreate("scaling sql");
    Warehouse.open(spark, common.warehouse());
    if (!ReadOnlyStatements.mayWrite(spark, query)) {
      print(spark.sql(query));
      return 0;
    }
    if (!write) {
      throw new IllegalArgumentException("this statement may write to the warehouse; sql only reads unless given"
          + " --write, which runs it holding the warehouse lock");
    }
    try (WarehouseLock lock = WarehouseLock.acquire(common.warehouse(), "sql --write")) {
      print(spark.sql(query));
    }
    return 0;
  }

  private void print(Dataset<Row> result) {
    switch (format) {
      case table -> result.show(limit, false);
      case json -> result.limit(limit).toJSON().collectAsList().forEach(System.out::println);
      case csv -> {
        System.out.println(String.join(",", List.of(result.columns()).stream().map(SqlCommand::csv).toList()));
        for (Row row : result.limit(limit).collectAsList()) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < row.length(); i++) {
            line.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : csv(String.valueOf(row.get(i))));
          }
          System.out.println(line);
        }
      }
    }
  }

  private static String csv(String cell) {
    return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
        ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }
}
