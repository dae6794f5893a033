package io.pinscope.compat.w3c;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes of our own, beside the W3C suite, for what its requests leave out: a sampled parent (so the
 * extension's sampler writes its {@code pp} member) with tracestates at and over the W3C limits, all in
 * one header (the agent's {@code com.sun.net.httpserver} instrumentation reads only the first tracestate
 * header, which is why the suite's multi-header cases fail with and without the extension). A probe goes
 * to the service as the harness would send it and comes back as the headers of the service's call to a
 * callback server here.
 */
final class TraceContextProbes implements AutoCloseable {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_ID = "00f067aa0ba902b7";

  /** A tracestate to send (one header) and a name for the table. */
  record Probe(String name, String tracestate) {}

  /** The {@code traceparent} and {@code tracestate} (every header joined with ',') the service sent on. */
  record Seen(String traceparent, String tracestate) {
    /** The tracestate's members, in order, empty ones and optional white space dropped. */
    List<String> members() {
      return Arrays.stream(tracestate.split(",")).map(String::strip).filter(m -> !m.isEmpty()).toList();
    }
  }

  static final List<Probe> PROBES = List.of(
      new Probe("31 members", members(1, 31)),
      new Probe("32 members", members(1, 32)),
      new Probe("33 members", members(1, 33)),
      new Probe("32 members, pp 16th", members(1, 15) + ",pp=app:upstream;type:1000;tx:up^1700000000000^7,"
          + members(16, 31)),
      new Probe("pp with tx, not left-most", "foo=1,pp=app:upstream;type:1000;tx:up^1700000000000^7,bar=2"),
      new Probe("pp without tx", "pp=app:upstream;type:1000,foo=1"),
      new Probe("pp of 256 characters without tx", "pp=app:" + "u".repeat(252) + ",foo=1"),
      new Probe("256-character keys", "foo=1," + "t".repeat(241) + "@" + "v".repeat(14) + "=1,"
          + "z".repeat(256) + "=2"),
      new Probe("257-character key", "foo=1," + "z".repeat(257) + "=1"),
      new Probe("duplicated key", "foo=1,foo=2"),
      new Probe("512 characters", "a=" + "x".repeat(126) + ",b=" + "x".repeat(126) + ",c=" + "x".repeat(126)
          + ",d=" + "x".repeat(123)));

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final HttpServer callbacks;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  TraceContextProbes() throws IOException {
    callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    callbacks.createContext("/", exchange -> {
      try (exchange) {
        List<String> parents = exchange.getRequestHeaders().getOrDefault("traceparent", List.of());
        List<String> states = exchange.getRequestHeaders().getOrDefault("tracestate", List.of());
        seen.put(exchange.getRequestURI().getPath(), new Seen(String.join(",", parents), String.join(",", states)));
        exchange.getRequestBody().readAllBytes();
        byte[] body = "null".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    callbacks.start();
  }

  /** {@code key01=01,...}: members {@code from} to {@code to}, keys {@code barNN}. */
  static String members(int from, int to) {
    List<String> members = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      members.add(String.format("bar%02d=%02d", i, i));
    }
    return String.join(",", members);
  }

  /** Sends {@code probe} to {@code service} with parent flags {@code flags}; what the service sent on. */
  Seen send(URI service, Probe probe, String flags) throws IOException, InterruptedException {
    String path = "/probe/" + ids.incrementAndGet();
    String callback = "http://127.0.0.1:" + callbacks.getAddress().getPort() + path;
    HttpRequest request = HttpRequest.newBuilder(service).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-" + flags)
        .header("tracestate", probe.tracestate())
        .POST(HttpRequest.BodyPublishers.ofString("[{\"url\": \"" + callback + "\", \"arguments\": []}]"))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    Seen result = seen.remove(path);
    if (response.statusCode() != 200 || result == null) {
      throw new AssertionError(probe.name() + " to " + service + ": status " + response.statusCode() + ", "
          + response.body() + (result == null ? ", and no callback arrived" : ""));
    }
    return result;
  }

  @Override
  public void close() {
    callbacks.stop(0);
  }
}
