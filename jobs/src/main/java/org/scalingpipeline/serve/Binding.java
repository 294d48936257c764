package org.scalingpipeline.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where {@code scaling serve} listens and how clients prove who they are. A loopback address (the default,
 * {@value #LOOPBACK}) reaches only this machine's processes; any other address needs {@code exposed} (the
 * user said so) and a token: Spark 4.0 Connect's pre-shared token, which every request must carry as
 * {@code Authorization: Bearer <token>}. The token authenticates requests only: without TLS in front it
 * travels in clear text, and whoever holds it may run any SQL the server's user may (read and write the
 * warehouse, read the server's files).
 *
 * @param host the address to bind
 * @param port the port (0: any free one)
 * @param exposed whether a non-loopback address was asked for explicitly
 * @param token the pre-shared token, when clients must give one
 */
public record Binding(String host, int port, boolean exposed, Optional<String> token) {

  /** The default address. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The default port, Spark Connect's. */
  public static final int DEFAULT_PORT = 15002;

  /** Checks the binding is allowed: a non-loopback address only when exposed and with a token. */
  public Binding {
    token = token.filter(t -> !t.isBlank());
    if (!isLoopback(host)) {
      if (!exposed) {
        throw new IllegalArgumentException("refusing to bind " + host + ": not a loopback address; give --expose"
            + " (and a token) to serve other machines");
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("refusing to bind " + host + " without token authentication: set"
            + " SPARK_CONNECT_AUTHENTICATE_TOKEN or --token-file");
      }
    }
  }

  /**
   * The URL a client connects to: for a loopback address, {@code localhost}, the one host name to which Spark
   * 4.0's JVM client sends a token without TLS.
   */
  public String url(int boundPort) {
    String name = isLoopback(host) ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    return "sc://" + name + ":" + boundPort;
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host, e);
    }
  }
}
