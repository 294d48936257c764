package org.scalingpipeline.client;

import java.io.IOException;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/scaling sql --remote sc://HOST:PORT "<query>"} (or with {@code SCALING_REMOTE} set): runs the
 * query on a running {@code scaling serve} through the Spark Connect JVM client, in a JVM that starts no
 * Spark of its own, and prints the result as {@code scaling sql} does. A token is given in the URL
 * ({@code sc://host:15002/;token=...}) or in {@code SPARK_CONNECT_AUTHENTICATE_TOKEN}.
 * Arguments: the URL, then the query and optionally {@code --format table|csv|json} and {@code --limit N}. A query
 * the server refuses prints the server's message alone and exits with status 1.
 */
public final class RemoteSql {

  private RemoteSql() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: RemoteSql sc://HOST:PORT QUERY [--format table|csv|json] [--limit N]");
      System.exit(2);
    }
    QueryOutput.Format format = QueryOutput.Format.table;
    int limit = 1000;
    String query = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--format" -> format = QueryOutput.Format.valueOf(args[++i]);
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        default -> {
          if (args[i].startsWith("--") || query != null) {
            throw new IllegalArgumentException("sql --remote takes a query, --format and --limit; not " + args[i]);
          }
          query = args[i];
        }
      }
    }
    // The Connect session's own builder: SparkSession.builder() finds it through Scala runtime reflection,
    // whose universe takes a short-lived client 0.6 s to initialise.
    SparkSession spark = org.apache.spark.sql.connect.SparkSession.builder().remote(args[0]).getOrCreate();
    int status = 0;
    try {
      QueryOutput.print(spark.sql(query), format, limit, System.out);
    } catch (Exception e) { // AnalysisException is a checked exception in Java terms
      // the server's message (an unresolved column, a refused token) is the answer; its stack trace is not
      System.err.println("sql --remote: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      status = 1;
    } finally {
      spark.close();
    }
    System.exit(status);
  }
}
