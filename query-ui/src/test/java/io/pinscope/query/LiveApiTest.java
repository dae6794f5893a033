package io.pinscope.query;

import static io.pinscope.query.TestApiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.server.ServerBuilder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.MutableClock;
import io.pinscope.TestObjects;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.receiver.ReceiverConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real-time view end to end: spans and the {@code pinpoint.active_requests} gauge sent as OTLP/HTTP through
 * the real receiver into the memory store, then {@code /applications/{app}/active} over HTTP, the query API's
 * "now" an injected clock ({@link #NOW}, agents not seen for 5 minutes being gone). Each test has its own
 * application.
 */
class LiveApiTest extends ReceiverApiTestBase {
  /** The query API's now: 30 s after the receiver's clock, which registered the agents. */
  static final long NOW = T0 + 10 * MIN + 30_000;

  private final MutableClock queryClock = new MutableClock(Instant.ofEpochMilli(NOW));

  @Override
  ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
    return builder;
  }

  @Override
  void configureQuery(ServerBuilder sb) {
    QueryApi.configure(sb, storage, queryClock, Duration.ofMinutes(5));
  }

  /**
   * Agent {@code a}: gauge exports 70 s and 10 s ago, a later unrelated metric; entry spans 5 s (100 ms),
   * 8 s (300 ms, failed) and 20 s (700 ms) ago. Agent {@code b}: one export 6 minutes ago (too old), a span
   * 1 s ago (1 s). Agent {@code c}: no gauge, a span 2 s ago (50 ms). Agent {@code d}: registered, last seen
   * 10 minutes ago.
   */
  private String sendWorkload() throws Exception {
    String app = TestObjects.uniqueName("shop");
    sendSpans(app, "a", entry(NOW - 5_000, 100, false), entry(NOW - 8_000, 300, true),
        entry(NOW - 20_000, 700, false));
    sendMetrics(app, "a", gauge(NOW - 70_000, Map.of("fast", 5L)),
        gauge(NOW - 10_000, Map.of("fast", 2L, "normal", 1L, "slow", 0L, "very_slow", 3L)),
        Metric.newBuilder().setName("jvm.thread.count").setGauge(Gauge.newBuilder().addDataPoints(
            NumberDataPoint.newBuilder().setTimeUnixNano((NOW - 5_000) * 1_000_000L).setAsInt(40))).build());
    sendSpans(app, "b", entry(NOW - 1_000, 1_000, false));
    sendMetrics(app, "b", gauge(NOW - 6 * MIN, Map.of("fast", 9L, "normal", 9L, "slow", 9L, "very_slow", 9L)));
    sendSpans(app, "c", entry(NOW - 2_000, 50, false));
    storage.applications().register(new AgentInfo(app, app + "-d", ServiceTypeRegistry.JAVA.code(), "h",
        NOW - 20 * MIN, NOW - 20 * MIN, NOW - 10 * MIN, Attributes.empty()));
    return app;
  }

  @Test
  void active_newestGaugeExportPerLiveAgent_liveFiguresFromTheScatterWindow() throws Exception {
    String app = sendWorkload();

    JsonNode active = api.ok("/api/v1/applications/" + app + "/active?lagSeconds=0");
    assertThat(active.fieldNames()).toIterable().containsExactly("time", "windowMs", "lagMs", "agents", "live");
    assertThat(active.get("time").asLong()).isEqualTo(NOW);
    assertThat(active.get("windowMs").asLong()).isEqualTo(10_000);
    assertThat(active.get("agents").toString()).isEqualTo("["
        + "{\"agentId\":\"" + app + "-a\",\"time\":" + (NOW - 10_000)
        + ",\"fast\":2,\"normal\":1,\"slow\":0,\"verySlow\":3},"
        + "{\"agentId\":\"" + app + "-b\",\"time\":null,\"fast\":0,\"normal\":0,\"slow\":0,\"verySlow\":0},"
        + "{\"agentId\":\"" + app + "-c\",\"time\":null,\"fast\":0,\"normal\":0,\"slow\":0,\"verySlow\":0}]");
    // The last 10 s: 100, 300 (failed), 1000 and 50 ms; the 700 ms call 20 s ago is out.
    assertThat(active.get("live").toString()).isEqualTo("{\"tps\":0.4,\"avgMs\":362.5,\"maxMs\":1000,"
        + "\"errorRate\":0.25,\"totalCount\":4,\"errorCount\":1,\"source\":\"scatter\"}");

    // By default the window ends 10 s ago, as spans arrive only after their SDK's batch delay: [NOW-20 s, NOW-10 s).
    JsonNode lagging = api.ok("/api/v1/applications/" + app + "/active");
    assertThat(lagging.get("lagMs").asLong()).isEqualTo(10_000);
    assertThat(lagging.get("live").toString()).isEqualTo("{\"tps\":0.1,\"avgMs\":700.0,\"maxMs\":700,"
        + "\"errorRate\":0.0,\"totalCount\":1,\"errorCount\":0,\"source\":\"scatter\"}");

    JsonNode wide = api.ok("/api/v1/applications/" + app + "/active?windowSeconds=30&lagSeconds=0");
    assertThat(wide.get("windowMs").asLong()).isEqualTo(30_000);
    assertThat(wide.get("live").get("totalCount").asLong()).isEqualTo(5);
    assertThat(wide.get("live").get("tps").asDouble()).isEqualTo(0.167);
    assertThat(wide.get("live").get("avgMs").asDouble()).isEqualTo(430.0); // (1450 + 700) / 5

    // Five minutes on, the newest export of a is older than 5 minutes, and every agent is gone.
    queryClock.advance(Duration.ofMinutes(5).plusSeconds(1));
    try {
      JsonNode later = api.ok("/api/v1/applications/" + app + "/active?lagSeconds=0");
      assertThat(later.get("agents")).isEmpty();
      assertThat(later.get("live").get("totalCount").asLong()).isZero();
      assertThat(later.get("live").get("errorRate").asDouble()).isZero();
    } finally {
      queryClock.advance(Duration.ofMinutes(-5).minusSeconds(1));
    }
  }

  @Test
  void moreDotsThanTheBound_liveFiguresFromTheSelfStatisticsOfTheWindowsMinutes() throws Exception {
    String app = sendWorkload();
    receiver.flushStatistics();

    // The bound is below the 4 dots of the window: the slot of the window's start (T0 + 10 min) is read
    // whole, so the call 20 s ago counts, over the 30 s from that slot's start.
    Map<String, Object> live = new LiveQueries(storage, 3).active(app, 10, 0, NOW, 5 * MIN);
    assertThat(live.get("windowMs")).isEqualTo(30_000L);
    assertThat(live.get("live")).hasToString(
        "{tps=0.167, avgMs=430.0, maxMs=1000, errorRate=0.2, totalCount=5, errorCount=1, source=statistics}");
    // Exactly as many dots as the bound: the scatter still answers.
    assertThat(new LiveQueries(storage, 4).active(app, 10, 0, NOW, 5 * MIN).get("live"))
        .hasToString("{tps=0.4, avgMs=362.5, maxMs=1000, errorRate=0.25, totalCount=4, errorCount=1, source=scatter}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "windowSeconds=0 | windowSeconds: 0 (expected: an integer 1..300)",
      "windowSeconds=301 | windowSeconds: 301 (expected: an integer 1..300)",
      "windowSeconds=x | windowSeconds: x (expected: an integer 1..300)",
      "lagSeconds=61 | lagSeconds: 61 (expected: an integer 0..60)",
  })
  void badParameters_answer400NamingTheParameter(String query, String message) throws Exception {
    assertBadRequest("/api/v1/applications/shop/active?" + query, message);
  }

  private Span entry(long startMillis, long elapsedMillis, boolean error) {
    return span(Span.SpanKind.SPAN_KIND_SERVER, startMillis, elapsedMillis, "GET /", error).build();
  }

  private static Metric gauge(long timeMillis, Map<String, Long> bands) {
    Gauge.Builder g = Gauge.newBuilder();
    bands.forEach((band, count) -> g.addDataPoints(NumberDataPoint.newBuilder()
        .setTimeUnixNano(timeMillis * 1_000_000L).setAsInt(count).addAttributes(text("band", band))));
    return Metric.newBuilder().setName(LiveQueries.GAUGE).setUnit("{request}").setGauge(g).build();
  }

  private static Resource resource(String app, String agent) {
    return Resource.newBuilder().addAttributes(text("service.name", app))
        .addAttributes(text("service.instance.id", app + "-" + agent))
        .addAttributes(text("telemetry.sdk.language", "java")).build();
  }

  private void sendSpans(String app, String agent, Span... spans) throws Exception {
    post("/v1/traces", ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(resource(app, agent)).addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build().toByteArray());
  }

  private void sendMetrics(String app, String agent, Metric... metrics) throws Exception {
    post("/v1/metrics", ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(resource(app, agent)).addScopeMetrics(ScopeMetrics.newBuilder()
            .addAllMetrics(List.of(metrics)))).build().toByteArray());
  }

  private void post(String path, byte[] body) throws Exception {
    HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri(path))
        .header("content-type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
