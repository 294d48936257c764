package org.scalingpipeline.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.scalingpipeline.client.QueryOutput;
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

  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. \"SELECT count(*) FROM points\".")
  String query;

  @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  QueryOutput.Format format = QueryOutput.Format.table;

  @Option(names = "--limit", description = "Rows to print at most (default: ${DEFAULT-VALUE}).")
  int limit = 1000;

  @Option(names = "--write", description = "Allow a statement that may write (DELETE, MERGE, INSERT, CREATE, ...);"
      + " it runs holding the warehouse lock, as ingest, fit and refit do. Without it, sql only reads.")
  boolean write;

  /** Declared for --help: bin/scaling runs a query with a server named the client's way (client module). */
  @Option(names = "--remote", paramLabel = "sc://HOST:PORT", description = "Run the query on a running `scaling"
      + " serve` (default: $" + "SCALING_REMOTE" + "), in a JVM that starts no Spark; bin/scaling runs it so.")
  String remote;

  @Override
  public Integer call() throws ParseException {
    if (remote != null) {
      throw new IllegalArgumentException("--remote runs in the Spark Connect client's own JVM: use bin/scaling sql"
          + " --remote, which starts it (the client's jars clash with Spark's in this one)");
    }
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
    QueryOutput.print(result, format, limit, System.out);
  }
}
