package io.pinscope.compat.shop;

import com.sun.net.httpserver.HttpServer;
import io.pinscope.compat.http.JsonExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint outside every agent's reach (it runs in the test's own JVM, which no agent instruments): the
 * "external host" shop services call. It answers {@code /hop} as a leaf of the hop protocol and counts calls.
 */
final class ExternalHost implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();

  private ExternalHost(HttpServer server) {
    this.server = server;
  }

  static ExternalHost start() throws IOException {
    // As in JavaHopService: without TCP_NODELAY, Nagle and delayed ACK add ~40 ms to every answer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    ExternalHost host = new ExternalHost(server);
    server.createContext("/hop", exchange -> {
      try (exchange) {
        host.calls.incrementAndGet();
        JsonExchange.respond(exchange, 200,
            "{\"service\":\"external\",\"runtime\":\"none\",\"status\":200,\"downstream\":[]}");
      }
    });
    server.start();
    return host;
  }

  /** Its base URL. */
  String url() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Calls answered so far. */
  int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
