package io.pinscope.compat.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server and client of the JDK-only HTTP apps the compat tests run under the Java agent: the
 * {@code com.sun.net.httpserver} server and the {@code java.net.http} client, both instrumented by the agent
 * by default ({@code java-http-server}, {@code java-http-client}).
 */
public final class JdkHttp {
  /**
   * A server on 127.0.0.1:{@code port} (0: a free port) with {@code threads} worker threads, not started;
   * it stops, and its threads end, when the JVM shuts down.
   */
  public static HttpServer server(int port, int backlog, int threads) throws IOException {
    // Without TCP_NODELAY the response headers and body go out as two segments, and Nagle plus delayed
    // ACK add ~40 ms to every request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), backlog);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop(0);
      executor.shutdownNow();
    }, "http-server-shutdown"));
    return server;
  }

  /** An HTTP/1.1 client; it adds no header of its own, so the trace headers it sends are the agent's. */
  public static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  private JdkHttp() {}
}
