package io.pinscope.query;

import static io.pinscope.query.TestApiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.TestObjects;
import io.pinscope.receiver.ReceiverConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * External-host statistics end to end: OTLP/HTTP spans through the real receiver (its aggregator flushed by
 * hand, on an injected clock) into the memory store, then {@code /external-stats} over HTTP. Ingest-time
 * pairing is off, so every client span links to an external-host node at once and only the host map (written
 * when the callee's server span finds its stored parent) can turn it into a call of an application — the
 * path the map takes for calls whose halves arrive far apart. Each test has its own applications.
 */
class ExternalStatisticsApiTest extends ReceiverApiTestBase {
  @Override
  ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
    return builder.pairingWindow(Duration.ZERO);
  }

  /**
   * The shop's workload, under one SERVER span: 20 calls to {@code pay.example:443} in minute 0 (10 ms; the
   * fourth failed, 30 ms) and one of 4 s in minute 1; two failed calls of 2.5 s to the peer service
   * {@code geo}; three calls to {@code stock:8080}, which an instrumented application {@code stock-*}
   * answers; a postgresql query and a kafka send (a database and a queue, no external hosts).
   */
  private String[] sendShopWorkload() throws Exception {
    String app = TestObjects.uniqueName("shop");
    String stock = TestObjects.uniqueName("stock");
    Span entry = span(Span.SpanKind.SPAN_KIND_SERVER, T0 + 500, 9_000, "GET /checkout", false).build();
    List<Span> spans = new ArrayList<>(List.of(entry));
    for (int i = 0; i < 20; i++) {
      spans.add(client(entry, T0 + 1_000 + i, i == 3 ? 30 : 10, i == 3, "server.address", "pay.example",
          "server.port", 443L));
    }
    spans.add(client(entry, T0 + MIN + 1_000, 4_000, false, "server.address", "pay.example", "server.port", 443L));
    for (int i = 0; i < 2; i++) {
      spans.add(client(entry, T0 + 2_000 + i, 2_500, true, "peer.service", "geo"));
    }
    List<Span> stockSpans = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Span call = client(entry, T0 + 3_000 + i, 20, false, "server.address", "stock", "server.port", 8080L);
      spans.add(call);
      stockSpans.add(span(Span.SpanKind.SPAN_KIND_SERVER, T0 + 3_001 + i, 15, "GET /items", false)
          .setTraceId(entry.getTraceId()).setParentSpanId(call.getSpanId())
          .addAttributes(text("server.address", "stock")).addAttributes(number("server.port", 8080L)).build());
    }
    spans.add(client(entry, T0 + 4_000, 7, false, "db.system", "postgresql", "db.name", "orders"));
    spans.add(child(entry, Span.SpanKind.SPAN_KIND_PRODUCER, T0 + 4_100, 3, false)
        .addAttributes(text("messaging.system", "kafka"))
        .addAttributes(text("messaging.destination.name", "order-events")).build());
    api.sendSpans(app, spans);
    api.sendSpans(stock, stockSpans);
    receiver.flushStatistics();
    return new String[] {app, stock};
  }

  @Test
  void externals_countEachExternalHostExactly_callsAnsweredByAnApplicationOrAStoreLeftOut() throws Exception {
    String app = sendShopWorkload()[0];

    JsonNode all = ok(app, "from=" + T0 + "&to=" + (T0 + 5 * MIN));
    assertThat(all.fieldNames()).toIterable().containsExactly("rows", "totalCount", "folded");
    assertThat(all.get("totalCount").asLong()).isEqualTo(23);
    assertThat(all.get("folded").asLong()).isZero();
    assertThat(hosts(all)).containsExactly("pay.example:443^OPENTELEMETRY_CLIENT", "geo^OPENTELEMETRY_CLIENT");
    JsonNode pay = all.get("rows").get(0);
    assertThat(pay.fieldNames()).toIterable().containsExactly("host", "serviceType", "totalCount", "errorCount",
        "avgMs", "maxMs", "p95Ms", "histogram", "examples");
    // Both minutes' latest call are in the shop's one trace: listed once.
    assertThat(pay.get("examples").toString()).isEqualTo("[\"" + traceOf(all) + "\"]");
    assertThat(pay.get("totalCount").asLong()).isEqualTo(21);
    assertThat(pay.get("errorCount").asLong()).isEqualTo(1);
    assertThat(pay.get("avgMs").asDouble()).isEqualTo(200.952); // (19 × 10 + 30 + 4000) / 21
    assertThat(pay.get("maxMs").asLong()).isEqualTo(4_000);
    // 21 calls: rank 20 lies in the ≤1 s band (the 4-second call is the 21st).
    assertThat(pay.get("p95Ms").asLong()).isEqualTo(1_000);
    assertThat(pay.get("histogram").toString())
        .isEqualTo("{\"1s\":19,\"3s\":0,\"5s\":1,\"slow\":0,\"error\":1}");
    JsonNode geo = all.get("rows").get(1);
    assertThat(geo.get("totalCount").asLong()).isEqualTo(2);
    assertThat(geo.get("errorCount").asLong()).isEqualTo(2);
    assertThat(geo.get("p95Ms").asLong()).isEqualTo(2_500); // the band's 3 s, bounded by the exact max

    // Minute 0 only: the 4-second call is out of range.
    JsonNode minute0 = ok(app, "from=" + T0 + "&to=" + (T0 + MIN));
    assertThat(minute0.get("totalCount").asLong()).isEqualTo(22);
    assertThat(minute0.get("rows").get(0).get("maxMs").asLong()).isEqualTo(30);
    assertThat(ok(app, "from=" + (T0 + 2 * MIN) + "&to=" + (T0 + 3 * MIN)).get("rows")).isEmpty();
    JsonNode nobody = ok("nobody", "from=" + T0 + "&to=" + (T0 + MIN));
    assertThat(nobody.get("rows")).isEmpty();
    assertThat(nobody.get("totalCount").asLong()).isZero();
  }

  @Test
  void externals_areTheServerMapsExternalHostNodes() throws Exception {
    String[] apps = sendShopWorkload();
    String range = "from=" + T0 + "&to=" + (T0 + 5 * MIN);

    JsonNode map = api.ok("/api/v1/servermap?application=" + apps[0] + "&" + range);
    Map<String, Long> cloudNodes = new TreeMap<>();
    map.get("nodes").forEach(n -> {
      if (n.get("category").asText().equals("UNKNOWN")) {
        cloudNodes.put(n.get("key").asText(), n.get("totalCount").asLong());
      }
    });
    Map<String, Long> rows = new TreeMap<>();
    ok(apps[0], range).get("rows").forEach(r -> rows.put(
        r.get("host").asText() + "^" + r.get("serviceType").asText(), r.get("totalCount").asLong()));
    assertThat(rows).isEqualTo(cloudNodes).containsOnlyKeys("geo^OPENTELEMETRY_CLIENT",
        "pay.example:443^OPENTELEMETRY_CLIENT");
    // The stock calls are drawn to the application that answered them.
    assertThat(map.get("links").toString()).contains(apps[0] + "^JAVA~" + apps[1] + "^JAVA");
    // The called application calls no external host.
    assertThat(ok(apps[1], range).get("rows")).isEmpty();
  }

  @ParameterizedTest(name = "sort={0}")
  @CsvSource({
      "busiest, pay.example:443, geo",
      "slowest, geo, pay.example:443",
      "errors, geo, pay.example:443",
  })
  void externals_sortedAndLimited(String sort, String first, String second) throws Exception {
    String app = sendShopWorkload()[0];

    JsonNode one = ok(app, "from=" + T0 + "&to=" + (T0 + 5 * MIN) + "&sort=" + sort + "&limit=1");
    assertThat(one.get("rows")).singleElement()
        .satisfies(r -> assertThat(r.get("host").asText()).isEqualTo(first));
    assertThat(one.get("totalCount").asLong()).isEqualTo(23); // rows cut by the limit still count
    JsonNode two = ok(app, "from=" + T0 + "&to=" + (T0 + 5 * MIN) + "&sort=" + sort);
    assertThat(two.get("rows").get(1).get("host").asText()).isEqualTo(second);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "from=1&to=2&sort=fastest | sort: fastest (expected: busiest, slowest or errors)",
      "from=1&to=2&limit=501 | limit: 501 (expected: an integer 1..500)",
      "to=2 | from: (missing) (expected: epoch milliseconds)",
      "from=0&to=172800001 | to: 172800001 (expected: at most 2 days after from 0; the range limit is 2 days)",
  })
  void badParameters_answer400NamingTheParameter(String query, String message) throws Exception {
    assertBadRequest("/api/v1/applications/shop/external-stats?" + query, message);
  }

  /** The trace of the workload, whose every span shares it. */
  private String traceOf(JsonNode externals) throws Exception {
    String id = externals.get("rows").get(1).get("examples").get(0).asText();
    assertThat(api.ok("/api/v1/traces/" + id).get("spanCount").asInt()).isEqualTo(29 + 3); // shop: 29, stock: 3
    return id;
  }

  private JsonNode ok(String app, String query) throws Exception {
    return api.ok("/api/v1/applications/" + app + "/external-stats?" + query);
  }

  /** A CLIENT span under {@code parent} with the attributes {@code keysAndValues} (strings or longs). */
  private Span client(Span parent, long startMillis, long elapsedMillis, boolean error, Object... keysAndValues) {
    Span.Builder b = child(parent, Span.SpanKind.SPAN_KIND_CLIENT, startMillis, elapsedMillis, error);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) keysAndValues[i];
      Object value = keysAndValues[i + 1];
      b.addAttributes(value instanceof Long l ? number(key, l) : text(key, (String) value));
    }
    return b.build();
  }

  private Span.Builder child(Span parent, Span.SpanKind kind, long startMillis, long elapsedMillis, boolean error) {
    return span(kind, startMillis, elapsedMillis, "call", error).setTraceId(parent.getTraceId())
        .setParentSpanId(parent.getSpanId());
  }

  private static KeyValue number(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  private static List<String> hosts(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("rows").forEach(r -> out.add(r.get("host").asText() + "^" + r.get("serviceType").asText()));
    return out;
  }
}
