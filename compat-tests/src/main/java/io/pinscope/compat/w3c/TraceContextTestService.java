package io.pinscope.compat.w3c;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pinscope.compat.http.JdkHttp;
import io.pinscope.compat.http.JsonExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The test service of the W3C trace-context test suite (its README's "Implement Test Service"), on JDK
 * classes only so that the stock OpenTelemetry Java agent does all the tracing: the
 * {@code com.sun.net.httpserver} server and the {@code java.net.http} client are both instrumented by
 * default ({@code java-http-server}, {@code java-http-client}).
 *
 * <p>{@code POST /test} with a JSON array of {@code {"url", "arguments"}} posts each {@code arguments},
 * as JSON, to its {@code url}, one after the other, adding no header of its own: the {@code traceparent}
 * and {@code tracestate} the harness receives are the agent's. It answers 200 with the statuses of the
 * calls ({@code -1} for one that failed to connect), or 400 for a body it cannot read.
 *
 * <p>Arguments: {@code [--port N]} (0, the default, picks a free port). Prints {@code READY <port>} on
 * stdout once serving.
 */
public final class TraceContextTestService {
  private TraceContextTestService() {}

  public static void main(String[] args) throws IOException {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: TraceContextTestService [--port N]");
        System.exit(2);
      }
    }
    HttpServer server = JdkHttp.server(port, 64, 8);
    HttpClient client = JdkHttp.client(Duration.ofSeconds(3));
    server.createContext("/test", exchange -> {
      try (exchange) {
        handle(exchange, client);
      }
    });
    server.start();
    System.out.println("READY " + server.getAddress().getPort());
    System.out.flush();
  }

  private static void handle(HttpExchange exchange, HttpClient client) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      JsonExchange.respond(exchange, 405, "{\"error\":\"POST only\"}");
      return;
    }
    List<CallList.Call> calls;
    try (InputStream in = exchange.getRequestBody()) {
      calls = CallList.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      JsonExchange.respond(exchange, 400, "{\"error\":" + JsonExchange.quote(e.getMessage()) + "}");
      return;
    }
    StringBuilder statuses = new StringBuilder("[");
    for (CallList.Call call : calls) {
      if (statuses.length() > 1) {
        statuses.append(',');
      }
      statuses.append(post(client, call));
    }
    JsonExchange.respond(exchange, 200, statuses.append(']').toString());
  }

  /** The call's HTTP status, or -1 when it could not be made (the harness notices the missing callback). */
  private static int post(HttpClient client, CallList.Call call) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(call.url()))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(call.argumentsJson(), StandardCharsets.UTF_8))
        .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("POST " + call.url() + " failed: " + e);
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
