package org.scalingpipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.client.RemoteSql;
import org.scalingpipeline.testing.ChildJvm;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * {@code scaling serve}'s endpoint with real Spark Connect JVM clients, each in a JVM of its own on the client
 * module's class path (the client's jars clash with the server's in one): the warehouse views and the SQL
 * functions in every client session, tables shared between sessions, the token, and the refused bindings.
 */
class ConnectEndpointTest {

  private static final String TOKEN = "test-token-" + System.nanoTime();
  private static ConnectEndpoint endpoint;
  private static Path logs;

  /**
   * The smallest warehouse with fits_latest rows: one (fit, group) fitted at versions 1 and 2, so the view must
   * pick version 2's exponent.
   */
  @BeforeAll
  static void serve() throws IOException {
    SparkSession spark = TestSpark.session();
    String warehouse = TestSpark.newWarehouse();
    Warehouse.open(spark, warehouse);
    spark.sql("INSERT INTO fits (fit_name, law, group_id, group_key, params, stderr, ci_lower, ci_upper, n_points,"
        + " converged, input_versions, fit_version, fitted_at) VALUES"
        + " ('power', 'power_law', 'all', map(), map('a', 1.0D, 'alpha', 0.30D), map(), map(), map(), 5, true, map(),"
        + " 1, timestamp'2026-01-01 00:00:00'),"
        + " ('power', 'power_law', 'all', map(), map('a', 2.0D, 'alpha', 0.35D), map(), map(), map(), 6, true, map(),"
        + " 2, timestamp'2026-01-02 00:00:00')");
    endpoint = ConnectEndpoint.start(spark, warehouse, new Binding(Binding.LOOPBACK, 0, false, Optional.of(TOKEN)));
    logs = Files.createTempDirectory("connect-clients");
  }

  @AfterAll
  static void stop() {
    endpoint.close();
  }

  @Test
  void aClientQueriesTheViewsAndFitsRemotely() {
    assertEquals(List.of("{\"fit_version\":2,\"alpha\":0.35}"),
        remote("SELECT fit_version, params['alpha'] AS alpha FROM fits_latest WHERE fit_name = 'power'"));
    // fit_power_law on rows generated exactly on y = 3 x^-0.5: the remote aggregate recovers the law
    String fitted = remote("SELECT round(f.params['m'], 6) AS m FROM (SELECT fit_power_law(x, 3 * pow(x, -0.5))"
        + " AS f FROM VALUES (1e6D), (1e7D), (1e8D), (1e9D), (1e10D) AS t(x))").get(0);
    assertEquals("{\"m\":-0.5}", fitted);
  }

  @Test
  void aSecondClientSeesATableTheFirstCreated() {
    remote("CREATE TABLE shared_by_clients USING delta AS SELECT 42 AS answer");
    try {
      assertEquals(List.of("{\"answer\":42}"), remote("SELECT answer FROM shared_by_clients"));
    } finally {
      // a managed table's files outlive the in-memory catalog: dropped, a rerun can create it again
      remote("DROP TABLE shared_by_clients");
    }
  }

  @Test
  void aClientWithoutTheTokenIsRefused() {
    assertTrue(run(endpoint.url(), "SELECT 1") != 0, "a request without the token must fail");
  }

  @Test
  void aQueryTheServerRefusesPrintsItsMessageNotAStackTrace() throws IOException {
    Path log = logs.resolve("client-refused-" + System.nanoTime() + ".log");
    assertEquals(1, run(endpoint.url() + "/;token=" + TOKEN, "SELECT no_such_column FROM fits_latest", log));
    String output = Files.readString(log);
    assertTrue(output.contains("no_such_column") && output.contains("UNRESOLVED_COLUMN"), output);
    assertFalse(output.contains("\tat "), () -> "a stack trace was printed: " + output);
  }

  @Test
  void anAddressOtherMachinesReachNeedsExposeAndAToken() {
    IllegalArgumentException unasked = assertThrows(IllegalArgumentException.class,
        () -> new Binding("0.0.0.0", 0, false, Optional.of(TOKEN)));
    assertTrue(unasked.getMessage().contains("--expose"), unasked.getMessage());
    IllegalArgumentException tokenless = assertThrows(IllegalArgumentException.class,
        () -> new Binding("0.0.0.0", 0, true, Optional.empty()));
    assertTrue(tokenless.getMessage().contains("token"), tokenless.getMessage());
    assertEquals("0.0.0.0", new Binding("0.0.0.0", 0, true, Optional.of(TOKEN)).host());
  }

  /** The JSON rows a client JVM prints for a query, with the token. */
  private static List<String> remote(String query) {
    Path log = logs.resolve("client-" + System.nanoTime() + ".log");
    int status = run(endpoint.url() + "/;token=" + TOKEN, query, log);
    try {
      List<String> lines = Files.readAllLines(log);
      assertEquals(0, status, () -> "client failed: " + String.join("\n", lines));
      List<String> rows = new ArrayList<>();
      lines.stream().filter(line -> line.startsWith("{")).forEach(rows::add);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int run(String url, String query) {
    return run(url, query, logs.resolve("client-" + System.nanoTime() + ".log"));
  }

  private static int run(String url, String query, Path log) {
    Process client = ChildJvm.start("512m", clientClassPath(), RemoteSql.class.getName(),
        List.of(url, query, "--format", "json"), log);
    try {
      if (!client.waitFor(60, TimeUnit.SECONDS)) {
        client.destroyForcibly();
        throw new AssertionError("the client did not finish in 60 s; its output: " + log);
      }
      return client.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The client module's classes and run-time class path (written by its build before the tests). */
  private static String clientClassPath() {
    Path client = Path.of("..", "client", "target");
    try {
      return client.resolve("classes") + java.io.File.pathSeparator
          + Files.readString(client.resolve("launcher").resolve("classpath")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("build the client module first (mvn -pl jobs -am): " + e.getMessage(), e);
    }
  }
}
