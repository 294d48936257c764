package org.scalingpipeline.serve;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.scalingpipeline.warehouse.Warehouse;
import scala.Option;

/**
 * A Spark Connect server over the warehouse in this JVM's Spark: clients ({@code sc://} URLs: PySpark, the JVM
 * client, {@code bin/scaling sql --remote}) get sessions with the Delta catalog, the project's SQL functions (the
 * session extensions apply to every new session) and the warehouse tables and views ({@link WarehouseSessions}).
 * One per JVM (Spark Connect's service is a singleton).
 */
public final class ConnectEndpoint implements AutoCloseable {

  private final String url;
  private final AtomicBoolean open = new AtomicBoolean(true);

  private ConnectEndpoint(String url) {
    this.url = url;
  }

  /**
   * Opens the warehouse (its tables then in the catalog every client session shares) and starts the server in the
   * active Spark session's application. Spark Connect reads its settings from the application's configuration at
   * start, so they are set there first.
   */
  public static ConnectEndpoint start(SparkSession spark, String warehouse, Binding binding) {
    SparkConf conf = spark.sparkContext().conf();
    conf.set("spark.connect.grpc.binding.address", binding.host());
    conf.set("spark.connect.grpc.binding.port", String.valueOf(binding.port()));
    conf.set("spark.connect.grpc.port.maxRetries", "0");
    conf.set("spark.connect.grpc.interceptor.classes", WarehouseSessions.class.getName());
    binding.token().ifPresent(token -> conf.set("spark.connect.authenticate.token", token));
    Warehouse.open(spark, warehouse);
    SparkSession.setActiveSession(spark);
    SparkSession.setDefaultSession(spark);
    SparkConnectService.start(spark.sparkContext());
    InetSocketAddress bound = (InetSocketAddress) SparkConnectService$.MODULE$.server().getListenSockets().get(0);
    return new ConnectEndpoint(binding.url(bound.getPort()));
  }

  /** The {@code sc://} URL clients connect to (without the token). */
  public String url() {
    return url;
  }

  /** Stops the server (once; a SIGTERM's hook and the command's end both close it); Spark stays up. */
  @Override
  public void close() {
    if (open.getAndSet(false)) {
      SparkConnectService.stop(Option.empty(), Option.empty());
    }
  }
}
