package io.pinscope.compat.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pinscope.compat.http.JdkHttp;
import io.pinscope.compat.http.JsonExchange;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny HTTP application to run under the OpenTelemetry Java agent, on JDK classes only — the
 * {@code com.sun.net.httpserver} server and the {@code java.net.http} client are both instrumented by
 * the agent by default ({@code java-http-server}, {@code java-http-client}).
 *
 * <ul>
 *   <li>{@code GET /back} answers the request headers it received as a JSON object (names lower-cased,
 *       first value).
 *   <li>{@code GET /front} calls {@code <downstream>/back} with {@link HttpClient} adding no header of its
 *       own — whatever arrives there was put by the agent — and answers {@code /back}'s body, so the
 *       caller sees exactly which headers the outgoing call carried.
 *   <li>{@code GET /front?quiet} does the same call as {@code /back?quiet}, which answers {@code {}} — for
 *       benchmarks, so the cost of echoing more headers is not counted.
 *   <li>{@code GET /gc?n=N} runs {@code System.gc()} N times (1..100) and answers
 *       {@code {"requested": N, "collections": C}}, C the collections the JVM's garbage collector beans
 *       counted so far (a known number of collections for the inspector's GC panels to show).
 * </ul>
 *
 * <p>Arguments: {@code [--port N] [--downstream http://host:port] [--threads N]}. Port 0 (default) picks a
 * free port; the downstream defaults to this process. Prints {@code READY <port>} on stdout once serving.
 */
public final class SampleApp {
  private SampleApp() {}

  public static void main(String[] args) throws IOException {
    int port = 0;
    String downstream = null;
    int threads = 32;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--downstream" -> downstream = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: SampleApp [--port N] [--downstream http://host:port] [--threads N]");
          System.exit(2);
        }
      }
    }
    HttpServer server = JdkHttp.server(port, 1024, threads);
    int boundPort = server.getAddress().getPort();
    String target = (downstream != null ? stripSlash(downstream) : "http://127.0.0.1:" + boundPort) + "/back";
    HttpClient client = JdkHttp.client(Duration.ofSeconds(5));

    server.createContext("/back", exchange -> {
      try (exchange) {
        boolean quiet = "quiet".equals(exchange.getRequestURI().getRawQuery());
        JsonExchange.respond(exchange, 200, quiet ? "{}" : headersJson(exchange));
      }
    });
    server.createContext("/front", exchange -> {
      try (exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        HttpResponse<String> downstreamResponse;
        try {
          downstreamResponse = client.send(
              HttpRequest.newBuilder(URI.create(query == null ? target : target + "?" + query))
                  .timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          JsonExchange.respond(exchange, 500, "{\"error\":\"interrupted\"}");
          return;
        } catch (IOException e) {
          JsonExchange.respond(exchange, 502, "{\"error\":" + JsonExchange.quote(String.valueOf(e)) + "}");
          return;
        }
        JsonExchange.respond(exchange, downstreamResponse.statusCode(), downstreamResponse.body());
      }
    });
    server.createContext("/gc", SampleApp::collect);
    server.start();
    System.out.println("READY " + boundPort);
    System.out.flush();
  }

  private static void collect(HttpExchange exchange) throws IOException {
    try (exchange) {
      String query = exchange.getRequestURI().getRawQuery();
      int n = query != null && query.startsWith("n=") ? Integer.parseInt(query.substring(2)) : 1;
      if (n < 1 || n > 100) {
        JsonExchange.respond(exchange, 400, "{\"error\":\"n: " + n + " (expected: 1..100)\"}");
        return;
      }
      for (int i = 0; i < n; i++) {
        System.gc();
      }
      long collections = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        collections += Math.max(0, gc.getCollectionCount());
      }
      JsonExchange.respond(exchange, 200, "{\"requested\":" + n + ",\"collections\":" + collections + "}");
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String headersJson(HttpExchange exchange) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
      if (!e.getValue().isEmpty()) {
        sorted.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().get(0));
      }
    }
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append(JsonExchange.quote(e.getKey())).append(':').append(JsonExchange.quote(e.getValue()));
    }
    return json.append('}').toString();
  }

}
