package io.pinscope.compat.shop;

import com.sun.net.httpserver.HttpServer;
import io.pinscope.compat.http.JdkHttp;
import io.pinscope.compat.http.JsonExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Java service of the polyglot shop ({@code compat-tests/shop/README.md}): the hop protocol on JDK
 * classes only, so that everything traced is traced by the stock OpenTelemetry Java agent — the
 * {@code com.sun.net.httpserver} server and the {@code java.net.http} client are both instrumented by
 * default ({@code java-http-server}, {@code java-http-client}).
 *
 * <p>Configured like the other runtimes' services, by environment: {@code SERVICE} (its name in answers and
 * in {@code ?fail=}), {@code PORT} (on 127.0.0.1) and {@code DOWNSTREAM} (comma-separated base URLs, may be
 * empty). {@code GET /hop[?fail=NAME]} calls {@code <downstream>/hop} with the same query, one downstream
 * after the other, and answers
 * {@code {"service","runtime","status","traceparent","tracestate","downstream":[answers]}}; the service
 * named by {@code fail} answers 500 without calling on. A failed downstream is reported in the answer,
 * never passed up as this service's failure. Prints {@code READY <port>} once serving.
 */
public final class JavaHopService {
  private JavaHopService() {}

  public static void main(String[] args) throws IOException {
    String service = env("SERVICE");
    int port = Integer.parseInt(env("PORT"));
    List<String> downstream = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("DOWNSTREAM", "").split(",")) {
      String trimmed = d.strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (!trimmed.isEmpty()) {
        downstream.add(trimmed);
      }
    }
    HttpServer server = JdkHttp.server(port, 256, 16);
    HttpClient client = JdkHttp.client(Duration.ofSeconds(5));

    server.createContext("/hop", exchange -> {
      try (exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        boolean fail = service.equals(queryParameter(query, "fail"));
        StringBuilder answers = new StringBuilder();
        if (!fail) {
          for (String d : downstream) {
            if (answers.length() > 0) {
              answers.append(',');
            }
            answers.append(call(client, d + "/hop" + (query == null ? "" : "?" + query)));
          }
        }
        int status = fail ? 500 : 200;
        String body = "{\"service\":" + JsonExchange.quote(service) + ",\"runtime\":\"java\",\"status\":" + status
            + ",\"traceparent\":" + quoteOrNull(exchange.getRequestHeaders().getFirst("traceparent"))
            + ",\"tracestate\":" + quoteOrNull(exchange.getRequestHeaders().getFirst("tracestate"))
            + (fail ? ",\"error\":\"failing on purpose\"" : "")
            + ",\"downstream\":[" + answers + "]}";
        JsonExchange.respond(exchange, status, body);
      }
    });
    server.start();
    System.out.println("READY " + port);
    System.out.flush();
  }

  /** GETs {@code url}; a failure or an answer that is not JSON is reported as a JSON object. */
  private static String call(HttpClient client, String url) {
    try {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      String body = response.body().strip();
      if (body.startsWith("{")) {
        return body;
      }
      return "{\"url\":" + JsonExchange.quote(url) + ",\"status\":" + response.statusCode() + ",\"error\":"
          + JsonExchange.quote("not JSON: " + body) + "}";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "{\"url\":" + JsonExchange.quote(url) + ",\"status\":0,\"error\":\"interrupted\"}";
    } catch (IOException | RuntimeException e) {
      return "{\"url\":" + JsonExchange.quote(url) + ",\"status\":0,\"error\":"
          + JsonExchange.quote(String.valueOf(e)) + "}";
    }
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println(name + " must be set");
      System.exit(2);
    }
    return value;
  }

  private static @Nullable String queryParameter(@Nullable String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String quoteOrNull(@Nullable String s) {
    return s == null ? "null" : JsonExchange.quote(s);
  }

}
