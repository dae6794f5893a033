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
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * From a URI-statistics row to its transactions: spans through the real receiver, whose scatter dots carry the
 * route the URI statistics count them under; {@code /scatter} and {@code /transactions} filtered by
 * {@code route=} over HTTP, and the rows' example transactions. Each test has its own application.
 */
class UriDrillDownApiTest extends ReceiverApiTestBase {
  @Override
  ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
    return builder;
  }

  /**
   * {@code GET /orders/12} (10 ms), {@code /orders/13} (20 ms, failed) in minute 0 and {@code /orders/14}
   * (4 s) in minute 1, without {@code http.route}; {@code POST /orders} (route given, 30 ms); a CLIENT span
   * under the first (no dot).
   */
  private String sendShopWorkload() throws Exception {
    String app = TestObjects.uniqueName("shop");
    api.sendSpans(app, workload());
    receiver.flushStatistics();
    return app;
  }

  /** The workload's spans, each entry span in a trace of its own. */
  private List<Span> workload() {
    Span first = server(T0 + 1_000, 10, "GET", "url.path", "/orders/12", false);
    return List.of(first,
        server(T0 + 2_000, 20, "GET", "http.target", "/orders/13?x=1", true),
        server(T0 + MIN + 5_000, 4_000, "GET", "url.path", "/orders/14", false),
        server(T0 + 3_000, 30, "POST", "http.route", "/orders", false),
        first.toBuilder().setSpanId(newSpanId()).setParentSpanId(first.getSpanId())
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT).setName("GET").build());
  }

  @Test
  void uriStatisticsRows_listTheLatestTransactionOfEachMinute_newestFirst() throws Exception {
    String app = TestObjects.uniqueName("shop");
    List<Span> spans = workload();
    api.sendSpans(app, spans);
    receiver.flushStatistics();

    JsonNode rows = api.ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + 5 * MIN))
        .get("rows");
    // GET /orders/{id}: /orders/14 in minute 1, then /orders/13, counted after /orders/12 in minute 0.
    assertThat(rows.get(0).get("examples").toString())
        .isEqualTo("[\"" + traceId(spans.get(2)) + "\",\"" + traceId(spans.get(1)) + "\"]");
    assertThat(rows.get(1).get("examples").toString()).isEqualTo("[\"" + traceId(spans.get(3)) + "\"]");
    // Minute 0 alone.
    assertThat(api.ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + MIN))
        .get("rows").get(0).get("examples").toString()).isEqualTo("[\"" + traceId(spans.get(1)) + "\"]");
  }

  @Test
  void examples_ofTheReturnedRowsOnly_theFiveNewestMinutes() throws Exception {
    String app = TestObjects.uniqueName("shop");
    List<Span> spans = new ArrayList<>();
    for (int minute = 0; minute < 7; minute++) {
      spans.add(server(T0 + minute * MIN + 1_000, 10, "GET", "url.path", "/orders/" + minute, false));
      spans.add(server(T0 + minute * MIN + 1_000, 10, "GET", "http.route", "/orders/{id}/lines", false));
    }
    spans.add(server(T0 + 2_000, 10, "GET", "http.route", "/orders/{id}/lines", false));
    api.sendSpans(app, spans);
    receiver.flushStatistics();

    JsonNode rows = api.ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + 10 * MIN)
        + "&limit=1").get("rows");

    // The busiest route alone (8 calls); its examples: the latest call of each of its 5 newest minutes.
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("route").asText()).isEqualTo("GET /orders/{id}/lines");
    List<String> newest = new ArrayList<>();
    for (int minute = 6; minute >= 2; minute--) {
      newest.add(traceId(spans.get(2 * minute + 1)));
    }
    assertThat(rows.get(0).get("examples")).extracting(JsonNode::asText).containsExactlyElementsOf(newest);
  }

  private static String traceId(Span span) {
    return HexFormat.of().formatHex(span.getTraceId().toByteArray());
  }

  @Test
  void eachUriStatisticsRow_opensTheScatterAndTransactionsOfItsRoute() throws Exception {
    String app = sendShopWorkload();
    String range = "application=" + app + "&from=" + T0 + "&to=" + (T0 + 5 * MIN);

    JsonNode rows = api.ok("/api/v1/applications/" + app + "/uri-stats?from=" + T0 + "&to=" + (T0 + 5 * MIN))
        .get("rows");
    assertThat(rows).hasSize(2);
    for (JsonNode row : rows) {
      String route = "&route=" + encode(row.get("route").asText());
      JsonNode scatter = api.ok("/api/v1/scatter?" + range + route);
      assertThat(scatter.get("dots")).as(row.toString()).hasSize(row.get("totalCount").asInt());
      assertThat(scatter.get("complete").asBoolean()).isTrue();
      JsonNode transactions = api.ok("/api/v1/transactions?" + range + route);
      assertThat(transactions.get("transactions")).hasSize(row.get("totalCount").asInt());
    }
    assertThat(elapsed(api.ok("/api/v1/scatter?" + range + "&route=" + encode("GET /orders/{id}"))))
        .containsExactly(4_000L, 20L, 10L);
    assertThat(api.ok("/api/v1/transactions?" + range + "&route=" + encode("POST /orders"))
        .get("transactions").get(0).get("name").asText()).isEqualTo("POST");
  }

  @Test
  void route_combinesWithTheOtherFilters_unknownRoutesMatchNothing() throws Exception {
    String app = sendShopWorkload();
    String range = "application=" + app + "&from=" + T0 + "&to=" + (T0 + 5 * MIN);
    String byId = "&route=" + encode("GET /orders/{id}");

    assertThat(elapsed(api.ok("/api/v1/scatter?" + range + byId + "&error=true"))).containsExactly(20L);
    assertThat(elapsed(api.ok("/api/v1/scatter?" + range + byId + "&maxElapsed=15"))).containsExactly(10L);
    assertThat(elapsed(api.ok("/api/v1/scatter?" + range + "&route=" + encode("GET /orders/12")))).isEmpty();
    assertThat(elapsed(api.ok("/api/v1/scatter?" + range))).hasSize(4); // no route: every dot
    assertThat(api.ok("/api/v1/transactions?" + range + "&route=other").get("transactions")).isEmpty();
  }

  private Span server(long startMillis, long elapsedMillis, String method, String key, String value,
      boolean error) {
    return span(Span.SpanKind.SPAN_KIND_SERVER, startMillis, elapsedMillis, method, error)
        .addAttributes(text("http.request.method", method)).addAttributes(text(key, value)).build();
  }

  private static List<Long> elapsed(JsonNode scatter) {
    List<Long> out = new ArrayList<>();
    scatter.get("dots").forEach(d -> out.add(d.get("elapsedMs").asLong()));
    return out;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
