package io.pinscope.query;

import static io.pinscope.query.TestApiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.TestObjects;
import io.pinscope.receiver.ReceiverConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent inspector end to end: OTLP/HTTP metrics and spans as the SDKs send them (cumulative counters and
 * histograms, UpDownCounters, gauges) through the real receiver, which turns cumulative points into deltas,
 * then {@code GET /agents/{id}/inspector} and the application inspector's panels. Every value asserted is
 * worked out by hand from the points sent, in 1-minute buckets from {@link #T0}; each test has its own
 * application.
 */
class AgentInspectorApiTest extends ReceiverApiTestBase {
  /**
   * A start time before the receiver started (by its clock or the real one: {@link #T0} is later today), so
   * a series' first point is only the base of its deltas.
   */
  private static final long OLD_START = (T0 - 24 * 60 * MIN) * 1_000_000L;
  /** The process restarted at minute 2: a new start time. */
  private static final long RESTART = (T0 + 2 * MIN + 5_000) * 1_000_000L;
  private static final String RANGE = "?from=" + T0 + "&to=" + (T0 + 5 * MIN);

  @Override
  ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
    return builder;
  }

  /**
   * A JVM agent over three minutes: two heap pools, GC and class counters that restart with the process in
   * minute 2, CPU, threads by state and daemon-ness, active requests, a route histogram and a custom gauge.
   */
  private String sendJvm(String app, String agentId, double edenOffset) throws Exception {
    Resource resource = resource(app, agentId, "java");
    List<Metric> metrics = new ArrayList<>();
    Map<String, String> eden = Map.of("jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Eden Space");
    Map<String, String> old = Map.of("jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Old Gen");
    Map<String, String> meta = Map.of("jvm.memory.type", "non_heap", "jvm.memory.pool.name", "Metaspace");
    // Minute 0: eden 100 then 300 (mean 200), old 1000: heap used 1200 (+ the offset); minute 1: eden 500.
    metrics.add(upDown("jvm.memory.used", "By", eden, T0 + 10_000, 100 + edenOffset));
    metrics.add(upDown("jvm.memory.used", "By", eden, T0 + 40_000, 300 + edenOffset));
    metrics.add(upDown("jvm.memory.used", "By", eden, T0 + 70_000, 500 + edenOffset));
    metrics.add(upDown("jvm.memory.used", "By", old, T0 + 10_000, 1000));
    metrics.add(upDown("jvm.memory.used", "By", old, T0 + 70_000, 1000));
    metrics.add(upDown("jvm.memory.limit", "By", old, T0 + 10_000, 4000));
    metrics.add(upDown("jvm.memory.used", "By", meta, T0 + 10_000, 50));
    // GC: 10 collections (1 s) before us; +2 (0.5 s) in minute 0, +3 (0.3 s) in minute 1; restarted: 1 (0.05 s).
    Map<String, String> young = Map.of("jvm.gc.name", "G1 Young Generation", "jvm.gc.action", "end of minor GC");
    metrics.add(histogram("jvm.gc.duration", young, OLD_START, T0 + 10_000, 10, 1.0));
    metrics.add(histogram("jvm.gc.duration", young, OLD_START, T0 + 40_000, 12, 1.5));
    metrics.add(histogram("jvm.gc.duration", young, OLD_START, T0 + 70_000, 15, 1.8));
    metrics.add(histogram("jvm.gc.duration", young, RESTART, T0 + 130_000, 1, 0.05));
    // Classes loaded: 5000 before us, +12, +8; restarted: 4800 since the restart, never a negative delta.
    metrics.add(counter("jvm.class.loaded", "{class}", Map.of(), OLD_START, T0 + 10_000, 5000));
    metrics.add(counter("jvm.class.loaded", "{class}", Map.of(), OLD_START, T0 + 40_000, 5012));
    metrics.add(counter("jvm.class.loaded", "{class}", Map.of(), OLD_START, T0 + 70_000, 5020));
    metrics.add(counter("jvm.class.loaded", "{class}", Map.of(), RESTART, T0 + 130_000, 4800));
    metrics.add(upDown("jvm.class.count", "{class}", Map.of(), T0 + 10_000, 4990));
    metrics.add(gauge("jvm.cpu.recent_utilization", "1", Map.of(), T0 + 10_000, 0.2));
    metrics.add(gauge("jvm.cpu.recent_utilization", "1", Map.of(), T0 + 40_000, 0.4));
    metrics.add(upDown("jvm.thread.count", "{thread}",
        Map.of("jvm.thread.state", "runnable", "jvm.thread.daemon", "true"), T0 + 10_000, 5));
    metrics.add(upDown("jvm.thread.count", "{thread}",
        Map.of("jvm.thread.state", "runnable", "jvm.thread.daemon", "false"), T0 + 10_000, 3));
    metrics.add(upDown("jvm.thread.count", "{thread}",
        Map.of("jvm.thread.state", "waiting", "jvm.thread.daemon", "true"), T0 + 10_000, 4));
    metrics.add(gauge("pinpoint.active_requests", "{request}", Map.of("band", "fast"), T0 + 10_000, 2));
    metrics.add(gauge("pinpoint.active_requests", "{request}", Map.of("band", "fast"), T0 + 40_000, 5));
    metrics.add(gauge("pinpoint.active_requests", "{request}", Map.of("band", "slow"), T0 + 40_000, 1));
    // Not curated: generic series.
    metrics.add(gauge("shop.queue.depth", "{item}", Map.of("queue", "orders"), T0 + 10_000, 4));
    metrics.add(gauge("shop.queue.depth", "{item}", Map.of("queue", "orders"), T0 + 40_000, 8));
    metrics.add(counter("shop.orders", "{order}", Map.of(), OLD_START, T0 + 10_000, 100));
    metrics.add(counter("shop.orders", "{order}", Map.of(), OLD_START, T0 + 20_000, 103));
    metrics.add(counter("shop.orders", "{order}", Map.of(), OLD_START, T0 + 50_000, 110));
    sendMetrics(resource, metrics);
    // Minute 0: three entry calls, 10 ms, 20 ms and a failed 4 s one.
    sendSpans(resource, List.of(
        span(Span.SpanKind.SPAN_KIND_SERVER, T0 + 1_000, 10, "GET /a", false).build(),
        span(Span.SpanKind.SPAN_KIND_SERVER, T0 + 2_000, 20, "GET /a", false).build(),
        span(Span.SpanKind.SPAN_KIND_SERVER, T0 + 3_000, 4_000, "GET /a", true).build()));
    return agentId;
  }

  @Test
  void jvmAgent_curatedPanels_fromTheReceiversDeltas_throughAProcessRestart() throws Exception {
    String app = TestObjects.uniqueName("shop");
    String agent = sendJvm(app, app + "-1", 0);
    receiver.flushStatistics();

    JsonNode body = ok("/api/v1/agents/" + agent + "/inspector" + RANGE);

    assertThat(body.get("agentId").asText()).isEqualTo(agent);
    assertThat(body.get("application").asText()).isEqualTo(app);
    assertThat(body.get("runtime").asText()).isEqualTo("JVM");
    assertThat(body.get("bucketMs").asLong()).isEqualTo(MIN);
    assertThat(body.get("truncated").asBoolean()).isFalse();
    Map<String, JsonNode> panels = panels(body);
    assertThat(panels.keySet()).containsExactly("tps", "responseTime", "responseBands", "activeRequests", "heap",
        "nonHeap", "gcCount", "gcTime", "cpu", "threads", "classes");
    assertThat(series(panels.get("tps"))).isEqualTo("tps=[[" + T0 + ",0.05]]");
    assertThat(series(panels.get("responseTime")))
        .isEqualTo("avg=[[" + T0 + ",1343.3333333333333]] max=[[" + T0 + ",4000.0]]");
    assertThat(series(panels.get("responseBands"))).isEqualTo("1s=[[" + T0 + ",2.0]] 3s=[[" + T0 + ",0.0]] "
        + "5s=[[" + T0 + ",0.0]] slow=[[" + T0 + ",0.0]] error=[[" + T0 + ",1.0]]");
    assertThat(series(panels.get("activeRequests")))
        .isEqualTo("fast=[[" + T0 + ",5.0]] slow=[[" + T0 + ",1.0]]");
    assertThat(series(panels.get("heap"))).isEqualTo("used=[[" + T0 + ",1200.0],[" + (T0 + MIN) + ",1500.0]] "
        + "max=[[" + T0 + ",4000.0]]");
    assertThat(series(panels.get("nonHeap"))).isEqualTo("used=[[" + T0 + ",50.0]]");
    // The first GC point is only the base; the restart's point counts whole, never negative.
    assertThat(series(panels.get("gcCount"))).isEqualTo("G1 Young Generation=[[" + T0 + ",2.0],["
        + (T0 + MIN) + ",3.0],[" + (T0 + 2 * MIN) + ",1.0]]");
    assertThat(panels.get("gcTime").get("unit").asText()).isEqualTo("ms");
    assertThat(values(panels.get("gcTime").get("series").get(0))).containsExactly(500.0, 300.0, 50.0);
    assertThat(values(panels.get("cpu").get("series").get(0))).containsExactly(0.3);
    assertThat(series(panels.get("threads"))).isEqualTo("runnable=[[" + T0 + ",8.0]] waiting=[[" + T0 + ",4.0]]");
    assertThat(series(panels.get("classes"))).isEqualTo("count=[[" + T0 + ",4990.0]] loaded=[[" + T0 + ",12.0],["
        + (T0 + MIN) + ",8.0],[" + (T0 + 2 * MIN) + ",4800.0]]");
    // Generic: the metrics no panel uses, gauges as bucket means, counters as bucket totals.
    JsonNode generic = body.get("generic");
    assertThat(generic).hasSize(2);
    assertThat(generic.get(0).toString()).isEqualTo("{\"name\":\"shop.orders\",\"unit\":\"{order}\","
        + "\"kind\":\"SUM\",\"attributes\":{},\"points\":[[" + T0 + ",10.0]]}");
    assertThat(generic.get(1).get("name").asText()).isEqualTo("shop.queue.depth");
    assertThat(generic.get(1).get("attributes").toString()).isEqualTo("{\"queue\":\"orders\"}");
    assertThat(generic.get(1).get("points").toString()).isEqualTo("[[" + T0 + ",6.0]]");
  }

  @Test
  void applicationInspector_panelsAcrossAgents_andItsSeriesFromBuckets() throws Exception {
    String app = TestObjects.uniqueName("shop");
    String a = sendJvm(app, app + "-a", 0);
    String b = sendJvm(app, app + "-b", 600); // heap used 1800 in minute 0
    receiver.flushStatistics();

    // The registry saw both agents at the receiver's clock, ten minutes after T0.
    JsonNode body = ok("/api/v1/applications/" + app + "/inspector?from=" + T0 + "&to=" + (T0 + 15 * MIN));

    assertThat(body.get("agents").toString()).isEqualTo("[\"" + a + "\",\"" + b + "\"]");
    JsonNode heapUsed = panels(body).get("heap").get("series").get(0);
    assertThat(heapUsed.get("label").asText()).isEqualTo("used");
    assertThat(heapUsed.get("points").get(0).toString())
        .isEqualTo("[" + T0 + ",1500.0,1200.0,1800.0,\"" + a + "\",\"" + b + "\"]");
    assertThat(panels(body).get("tps").get("series").get(0).get("points").get(0).toString())
        .isEqualTo("[" + T0 + ",0.05,0.05,0.05,\"" + a + "\",\"" + a + "\"]");
    // The raw series stay: jvm.gc.duration as the average observation (0.5 s over 2 collections).
    JsonNode gc = null;
    for (JsonNode s : body.get("series")) {
      if (s.get("name").asText().equals("jvm.gc.duration")) {
        gc = s;
      }
    }
    assertThat(gc).isNotNull();
    assertThat(gc.get("points").get(0).toString()).isEqualTo("[" + T0 + ",0.25,0.25,0.25,\"" + a + "\",\"" + a + "\"]");
  }

  @Test
  void pythonAgent_cpuFromCpuTime_memoryPrefersTheNewerName_gcByGeneration() throws Exception {
    String app = TestObjects.uniqueName("pricing");
    Resource resource = resource(app, app + "-1", "python");
    Map<String, String> user = Map.of("type", "user");
    Map<String, String> system = Map.of("type", "system");
    List<Metric> metrics = new ArrayList<>(List.of(
        // 6 s user + 1.5 s system of CPU in minute 0: 7.5 / 60 = 0.125 of a core.
        counter("process.cpu.time", "s", user, OLD_START, T0 + 10_000, 1.0),
        counter("process.cpu.time", "s", system, OLD_START, T0 + 10_000, 0.5),
        counter("process.cpu.time", "s", user, OLD_START, T0 + 40_000, 7.0),
        counter("process.cpu.time", "s", system, OLD_START, T0 + 40_000, 2.0),
        counter("process.runtime.cpython.cpu_time", "s", user, OLD_START, T0 + 10_000, 1.0),
        counter("process.runtime.cpython.cpu_time", "s", user, OLD_START, T0 + 40_000, 99.0),
        upDown("process.memory.usage", "By", Map.of(), T0 + 10_000, 100e6),
        upDown("process.memory.virtual", "By", Map.of(), T0 + 10_000, 300e6),
        upDown("process.runtime.cpython.memory", "By", Map.of("type", "rss"), T0 + 10_000, 1),
        counter("cpython.gc.collections", "{collection}", Map.of("cpython.gc.generation", 0L), OLD_START,
            T0 + 10_000, 150),
        counter("cpython.gc.collections", "{collection}", Map.of("cpython.gc.generation", 0L), OLD_START,
            T0 + 40_000, 154)));
    sendMetrics(resource, metrics);

    JsonNode body = ok("/api/v1/agents/" + app + "-1/inspector" + RANGE);

    assertThat(body.get("runtime").asText()).isEqualTo("PYTHON");
    Map<String, JsonNode> panels = panels(body);
    assertThat(panels.keySet()).containsExactly("cpu", "memory", "gcCount");
    assertThat(series(panels.get("cpu"))).isEqualTo("process=[[" + T0 + ",0.125]]");
    assertThat(series(panels.get("memory"))).isEqualTo("rss=[[" + T0 + ",1.0E8]] vms=[[" + T0 + ",3.0E8]]");
    assertThat(series(panels.get("gcCount"))).isEqualTo("0=[[" + T0 + ",4.0]]");
    assertThat(body.get("generic")).isEmpty();
  }

  @Test
  void nodeAgent_knownByItsMetrics_eventLoopDelayInMs_heapSummedOverSpaces() throws Exception {
    String app = TestObjects.uniqueName("inventory");
    Resource resource = Resource.newBuilder().addAttributes(text("service.name", app))
        .addAttributes(text("service.instance.id", app + "-1")).build();
    sendMetrics(resource, List.of(
        gauge("nodejs.eventloop.delay.p50", "s", Map.of(), T0 + 10_000, 0.010),
        gauge("nodejs.eventloop.delay.p99", "s", Map.of(), T0 + 10_000, 0.0125),
        gauge("nodejs.eventloop.utilization", "1", Map.of(), T0 + 10_000, 0.02),
        gauge("v8js.memory.heap.used", "By", Map.of("v8js.heap.space.name", "new_space"), T0 + 10_000, 6e6),
        gauge("v8js.memory.heap.used", "By", Map.of("v8js.heap.space.name", "old_space"), T0 + 10_000, 4e6),
        upDown("v8js.memory.heap.space.size", "By", Map.of("v8js.heap.space.name", "old_space"), T0 + 10_000, 16e6),
        gauge("v8js.memory.heap.space.available_size", "By", Map.of("v8js.heap.space.name", "old_space"),
            T0 + 10_000, 1e6)));

    JsonNode body = ok("/api/v1/agents/" + app + "-1/inspector" + RANGE);

    assertThat(body.get("runtime").asText()).isEqualTo("NODE");
    Map<String, JsonNode> panels = panels(body);
    assertThat(panels.keySet()).containsExactly("eventLoopDelay", "eventLoopUtilization", "v8Heap");
    assertThat(series(panels.get("eventLoopDelay"))).isEqualTo("p50=[[" + T0 + ",10.0]] p99=[[" + T0 + ",12.5]]");
    assertThat(series(panels.get("v8Heap"))).isEqualTo("used=[[" + T0 + ",1.0E7]] size=[[" + T0 + ",1.6E7]]");
    assertThat(body.get("generic")).hasSize(1);
    assertThat(body.get("generic").get(0).get("name").asText()).isEqualTo("v8js.memory.heap.space.available_size");
  }

  @Test
  void longRanges_coarserBuckets_upTo42Days() throws Exception {
    String app = TestObjects.uniqueName("shop");
    String agent = sendJvm(app, app + "-1", 0);
    long day = 24 * 60 * MIN;

    JsonNode threeDays = ok("/api/v1/agents/" + agent + "/inspector?from=" + (T0 - day) + "&to=" + (T0 + 2 * day));
    JsonNode tenDays = ok("/api/v1/agents/" + agent + "/inspector?from=" + (T0 - day) + "&to=" + (T0 + 9 * day));

    assertThat(threeDays.get("bucketMs").asLong()).isEqualTo(60 * MIN);
    assertThat(tenDays.get("bucketMs").asLong()).isEqualTo(6 * 60 * MIN);
    // Minutes 0 and 1 fall into one hour: GC counts add up, the pools' means are of the whole hour.
    long hour = Math.floorDiv(T0, 60 * MIN) * 60 * MIN;
    assertThat(series(panels(threeDays).get("gcCount"))).isEqualTo("G1 Young Generation=[[" + hour + ",6.0]]");
    assertThat(ok("/api/v1/agents/" + agent + "/inspector?from=0&to=" + 42 * day).get("agentId").asText())
        .isEqualTo(agent);
    assertBadRequest("/api/v1/agents/" + agent + "/inspector?from=0&to=" + (42 * day + 1), "to: " + (42 * day + 1)
        + " (expected: at most 42 days after from 0; the range limit is 42 days)");
    assertBadRequest("/api/v1/agents/" + agent + "/inspector?from=" + T0, "to: (missing) (expected: epoch milliseconds)");
  }

  @Test
  void unknownAgent_is404() throws Exception {
    HttpResponse<String> r = api.get("/api/v1/agents/nobody-here/inspector" + RANGE);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(TestApiServer.MAPPER.readTree(r.body()).get("error").asText())
        .isEqualTo("agentId: nobody-here (no such agent)");
  }

  // ---- OTLP as the SDKs send it ----

  private static Resource resource(String app, String agentId, String language) {
    return Resource.newBuilder().addAttributes(text("service.name", app))
        .addAttributes(text("service.instance.id", agentId)).addAttributes(text("telemetry.sdk.language", language))
        .build();
  }

  private static Metric gauge(String name, String unit, Map<String, ?> attributes, long millis, double value) {
    return Metric.newBuilder().setName(name).setUnit(unit)
        .setGauge(Gauge.newBuilder().addDataPoints(point(attributes, 0, millis, value))).build();
  }

  /** A cumulative non-monotonic sum (an UpDownCounter): stored as the current level. */
  private static Metric upDown(String name, String unit, Map<String, ?> attributes, long millis, double value) {
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setIsMonotonic(false)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(point(attributes, OLD_START, millis, value))).build();
  }

  /** A cumulative monotonic sum (a Counter) started at {@code startNanos}. */
  private static Metric counter(String name, String unit, Map<String, ?> attributes, long startNanos, long millis,
      double value) {
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(point(attributes, startNanos, millis, value))).build();
  }

  private static Metric histogram(String name, Map<String, ?> attributes, long startNanos, long millis, long count,
      double sum) {
    return Metric.newBuilder().setName(name).setUnit("s").setHistogram(Histogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(HistogramDataPoint.newBuilder().addAllAttributes(attributes(attributes))
            .setStartTimeUnixNano(startNanos).setTimeUnixNano(millis * 1_000_000L).setCount(count).setSum(sum)
            .addExplicitBounds(0.1).addBucketCounts(count).addBucketCounts(0))).build();
  }

  private static NumberDataPoint point(Map<String, ?> attributes, long startNanos, long millis, double value) {
    return NumberDataPoint.newBuilder().addAllAttributes(attributes(attributes)).setStartTimeUnixNano(startNanos)
        .setTimeUnixNano(millis * 1_000_000L).setAsDouble(value).build();
  }

  private static List<KeyValue> attributes(Map<String, ?> attributes) {
    List<KeyValue> out = new ArrayList<>();
    attributes.forEach((k, v) -> out.add(v instanceof Long n
        ? KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(n)).build()
        : text(k, (String) v)));
    return out;
  }

  /** One export per point, in the order given, as an SDK exporting every interval does. */
  private void sendMetrics(Resource resource, List<Metric> metrics) throws Exception {
    for (Metric m : metrics) {
      post("/v1/metrics", ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
          .setResource(resource).addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(m))).build());
    }
  }

  private void sendSpans(Resource resource, List<Span> spans) throws Exception {
    post("/v1/traces", ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(resource).addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build());
  }

  private void post(String path, Message request) throws Exception {
    HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri(path))
        .header("content-type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.body()).as(path).doesNotContain("rejected");
  }

  // ---- reading the answer ----

  private JsonNode ok(String pathAndQuery) throws Exception {
    return api.ok(pathAndQuery);
  }

  private static Map<String, JsonNode> panels(JsonNode body) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    body.get("panels").forEach(p -> out.put(p.get("id").asText(), p));
    return out;
  }

  /** A panel's series as {@code label=points} separated by spaces. */
  private static String series(JsonNode panel) {
    List<String> out = new ArrayList<>();
    panel.get("series").forEach(s -> out.add(s.get("label").asText() + "=" + s.get("points")));
    return String.join(" ", out);
  }

  /** A series' values, rounded to 6 decimals (they are sums of doubles). */
  private static List<Double> values(JsonNode series) {
    List<Double> out = new ArrayList<>();
    series.get("points").forEach(p -> out.add(Math.round(p.get(1).asDouble() * 1e6) / 1e6));
    return out;
  }
}
