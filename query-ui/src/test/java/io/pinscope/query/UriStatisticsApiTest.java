package io.pinscope.query;

import static io.pinscope.query.TestApiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.TestObjects;
import io.pinscope.receiver.ReceiverConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * URI statistics end to end: OTLP/HTTP spans through the real receiver (its aggregator flushed by hand, on an
 * injected clock) into the memory store, then {@code /uri-stats} and {@code /uri-stats/series} over HTTP. One
 * server for the class, with a cap of {@value #MAX_ROUTES} routes per application; each test has its own
 * application.
 */
class UriStatisticsApiTest extends ReceiverApiTestBase {
  private static final int MAX_ROUTES = 2;

  @Override
  ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
    return builder.maxRoutesPerApplication(MAX_ROUTES);
  }

  /**
   * The shop's workload: {@code GET /orders/12} (10 ms) and {@code GET /orders/13} (20 ms, failed) in minute
   * 0 and {@code GET /orders/14} (4 s) in minute 1, all without {@code http.route}; {@code POST /orders}
   * (with a route, 30 ms) in minute 0; a CLIENT span under the first, which is no entry.
   */
  private String sendShopWorkload() throws Exception {
    String app = TestObjects.uniqueName("shop");
    Span first = server(T0 + 1_000, 10, "GET", "http.target", "/orders/12?expand=items", false);
    List<Span> spans = new ArrayList<>(List.of(first,
        server(T0 + 2_000, 20, "GET", "url.path", "/orders/13", true),
        server(T0 + MIN + 5_000, 4_000, "GET", "url.path", "/orders/14", false),
        server(T0 + 3_000, 30, "POST", "http.route", "/orders", false)));
    spans.add(first.toBuilder().setSpanId(newSpanId()).setParentSpanId(first.getSpanId())
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT).setName("GET").build());
    send(app, spans);
    return app;
  }

  @Test
  void uris_countEachRouteExactly_idsFoldedIntoOneRoute_inTheRange() throws Exception {
    String app = sendShopWorkload();
    receiver.flushStatistics();

    JsonNode all = ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + 5 * MIN));
    assertThat(all.get("folded").asLong()).isZero();
    assertThat(all.get("rows")).hasSize(2);
    JsonNode byId = all.get("rows").get(0);
    assertThat(byId.get("route").asText()).isEqualTo("GET /orders/{id}");
    assertThat(byId.get("totalCount").asLong()).isEqualTo(3);
    assertThat(byId.get("errorCount").asLong()).isEqualTo(1);
    assertThat(byId.get("avgMs").asDouble()).isEqualTo(1343.333); // (10 + 20 + 4000) / 3
    assertThat(byId.get("maxMs").asLong()).isEqualTo(4_000);
    assertThat(byId.get("histogram").toString()).isEqualTo("{\"1s\":1,\"3s\":0,\"5s\":1,\"slow\":0,\"error\":1}");
    JsonNode post = all.get("rows").get(1);
    assertThat(post.get("route").asText()).isEqualTo("POST /orders");
    assertThat(post.get("totalCount").asLong()).isEqualTo(1);
    assertThat(post.get("errorCount").asLong()).isZero();

    // Minute 0 only: the 4-second call of minute 1 is out of range.
    JsonNode minute0 = ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + MIN));
    assertThat(minute0.get("rows").get(0).get("totalCount").asLong()).isEqualTo(2);
    assertThat(minute0.get("rows").get(0).get("maxMs").asLong()).isEqualTo(20);
    assertThat(ok("/api/v1/applications/" + app + "/uri-stats?from=" + (T0 + 2 * MIN) + "&to=" + (T0 + 3 * MIN))
        .get("rows")).isEmpty();
    assertThat(ok("/api/v1/applications/nobody/uri-stats?from=" + T0 + "&to=" + (T0 + MIN)).get("rows")).isEmpty();
  }

  @ParameterizedTest(name = "sort={0}")
  @CsvSource({
      "busiest, GET /orders/{id}",
      "slowest, GET /orders/{id}",
      "errors, GET /orders/{id}",
  })
  void uris_sortedAndLimited(String sort, String first) throws Exception {
    String app = sendShopWorkload();
    receiver.flushStatistics();

    JsonNode one = ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + 5 * MIN) + "&sort=" + sort
        + "&limit=1");
    assertThat(one.get("rows")).singleElement().satisfies(r -> assertThat(r.get("route").asText()).isEqualTo(first));
    // Minute 0 alone: POST (30 ms) is slower on average than GET (15 ms), GET is busier and failed once.
    String minute0 = "/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + MIN) + "&sort=" + sort;
    assertThat(routes(ok(minute0))).containsExactly(sort.equals("slowest")
        ? new String[] {"POST /orders", "GET /orders/{id}"} : new String[] {"GET /orders/{id}", "POST /orders"});
  }

  @Test
  void series_onePointPerMinute_emptyMinutesIncluded() throws Exception {
    String app = sendShopWorkload();
    receiver.flushStatistics();

    JsonNode series = ok("/api/v1/applications/" + app + "/uri-stats/series?route=" + encode("GET /orders/{id}") + "&from="
        + T0 + "&to=" + (T0 + 3 * MIN));
    assertThat(series.get("bucketMs").asLong()).isEqualTo(MIN);
    JsonNode points = series.get("points");
    assertThat(points).hasSize(3);
    assertThat(points.get(0).get(0).asLong()).isEqualTo(T0);
    assertThat(points.get(0).get(1).get("totalCount").asLong()).isEqualTo(2);
    assertThat(points.get(0).get(1).get("errorCount").asLong()).isEqualTo(1);
    assertThat(points.get(0).get(1).get("avgMs").asDouble()).isEqualTo(15.0);
    assertThat(points.get(1).get(0).asLong()).isEqualTo(T0 + MIN);
    assertThat(points.get(1).get(1).get("totalCount").asLong()).isEqualTo(1);
    assertThat(points.get(1).get(1).get("maxMs").asLong()).isEqualTo(4_000);
    assertThat(points.get(2).get(1).get("totalCount").asLong()).isZero();
  }

  @Test
  void longRanges_readTheHourlyRollUps_widenedToWholeHours_sameCounts() throws Exception {
    String app = sendShopWorkload();
    receiver.flushStatistics();
    long hour = 3_600_000L;
    long from = T0 - 7 * 24 * hour + 17 * MIN; // 7 days and a bit: past the 2 days read in minutes
    long to = T0 + 5 * MIN;

    JsonNode week = ok("/api/v1/applications/" + app + "/uri-stats?from=" + from + "&to=" + to);
    assertThat(week.get("resolution").asText()).isEqualTo("1h");
    assertThat(week.get("from").asLong()).isEqualTo(Math.floorDiv(from, hour) * hour);
    assertThat(week.get("to").asLong()).isEqualTo(Math.floorDiv(T0, hour) * hour + hour);
    JsonNode minutes = ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + to);
    assertThat(minutes.get("resolution").asText()).isEqualTo("1m");
    assertThat(minutes.get("from").asLong()).isEqualTo(T0);
    assertThat(week.get("rows")).isEqualTo(minutes.get("rows"));
    assertThat(routes(week)).containsExactly("GET /orders/{id}", "POST /orders");

    JsonNode series = ok("/api/v1/applications/" + app + "/uri-stats/series?route=" + encode("GET /orders/{id}")
        + "&from=" + from + "&to=" + to);
    assertThat(series.get("resolution").asText()).isEqualTo("1h");
    assertThat(series.get("bucketMs").asLong()).isEqualTo(hour);
    JsonNode points = series.get("points");
    assertThat(points).hasSize(7 * 24 + 1);
    JsonNode last = points.get(points.size() - 1);
    assertThat(last.get(0).asLong()).isEqualTo(Math.floorDiv(T0, hour) * hour);
    assertThat(last.get(1).get("totalCount").asLong()).isEqualTo(3);
    assertThat(last.get(1).get("maxMs").asLong()).isEqualTo(4_000);
    assertThat(points.get(0).get(1).get("totalCount").asLong()).isZero();
  }

  @Test
  void routesPastTheCap_foldIntoOther_countedInTheAnswerAndOnMetrics() throws Exception {
    List<Span> spans = new ArrayList<>();
    for (String path : List.of("/a", "/b", "/c", "/a", "/c", "/d")) {
      spans.add(server(T0 + 1_000, 5, "GET", "http.route", path, false));
    }
    String app = TestObjects.uniqueName("catalog");
    long foldedBefore = receiver.statistics().foldedRouteSpans();
    send(app, spans);
    receiver.flushStatistics();

    JsonNode uris = ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + MIN));
    assertThat(uris.get("folded").asLong()).isEqualTo(3);
    assertThat(routes(uris)).containsExactly("other", "GET /a", "GET /b");
    assertThat(uris.get("rows").get(0).get("totalCount").asLong()).isEqualTo(3);
    long folded = receiver.statistics().foldedRouteSpans();
    assertThat(folded - foldedBefore).isEqualTo(3);
    assertCounter("pinscope_statistics_folded_route_spans_total", folded);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "uri-stats?from=1&to=2&sort=fastest | sort: fastest (expected: busiest, slowest or errors)",
      "uri-stats?from=1&to=2&limit=0 | limit: 0 (expected: an integer 1..500)",
      "uri-stats?to=2 | from: (missing) (expected: epoch milliseconds)",
      "uri-stats/series?from=1&to=2 | route: (missing) (expected: a non-empty value)",
      "uri-stats/series?route=x&from=5&to=2 | to: 2 (expected: > from 5)",
      "uri-stats?from=0&to=1209600001 | to: 1209600001 (expected: at most 14 days after from 0; the range limit is 14"
          + " days)",
      "uri-stats/series?route=x&from=0&to=1209600001 | to: 1209600001 (expected: at most 14 days after from 0; the"
          + " range limit is 14 days)",
  })
  void badParameters_answer400NamingTheParameter(String query, String message) throws Exception {
    assertBadRequest("/api/v1/applications/shop/" + query, message);
  }

  private Span server(long startMillis, long elapsedMillis, String method, String key, String value,
      boolean error) {
    return span(Span.SpanKind.SPAN_KIND_SERVER, startMillis, elapsedMillis, method, error)
        .addAttributes(text("http.request.method", method)).addAttributes(text(key, value)).build();
  }

  private void send(String service, List<Span> spans) throws Exception {
    api.sendSpans(service, spans);
  }

  private JsonNode ok(String pathAndQuery) throws Exception {
    return api.ok(pathAndQuery);
  }

  private static List<String> routes(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("rows").forEach(r -> out.add(r.get("route").asText()));
    return out;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
