package io.pinscope.compat.shop;

import com.sun.net.httpserver.HttpServer;
import io.pinscope.compat.http.JdkHttp;
import io.pinscope.compat.http.JsonExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java service of the polyglot shop ({@code compat-tests/shop/README.md}): the hop protocol
 * ({@link HopProtocol}) on JDK classes only, so that everything traced is traced by the stock OpenTelemetry
 * Java agent — the {@code com.sun.net.httpserver} server and the {@code java.net.http} client are both
 * instrumented by default ({@code java-http-server}, {@code java-http-client}). Prints {@code READY <port>} once
 * serving.
 */
public final class JavaHopService {
  private JavaHopService() {}

  public static void main(String[] args) throws IOException {
    HopProtocol hop = HopProtocol.fromEnvironment();
    HttpServer server = JdkHttp.server(hop.port(), 256, 16);
    HttpClient client = JdkHttp.client(Duration.ofSeconds(5));

    server.createContext("/hop", exchange -> {
      try (exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        boolean fail = hop.failsOn(query);
        StringBuilder answers = new StringBuilder();
        if (!fail) {
          for (String d : hop.downstream()) {
            answers.append(answers.length() > 0 ? "," : "").append(call(client, HopProtocol.hopUrl(d, query)));
          }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        int status = fail ? 500 : 200;
        JsonExchange.respond(exchange, status, hop.answer("java", status, headers, answers.toString()));
      }
    });
    server.start();
    System.out.println("READY " + hop.port());
    System.out.flush();
  }

  private static String call(HttpClient client, String url) {
    try {
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return HopProtocol.downstreamAnswer(url, response.statusCode(), response.body(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HopProtocol.downstreamAnswer(url, 0, null, "interrupted");
    } catch (IOException | RuntimeException e) {
      return HopProtocol.downstreamAnswer(url, 0, null, String.valueOf(e));
    }
  }
}
