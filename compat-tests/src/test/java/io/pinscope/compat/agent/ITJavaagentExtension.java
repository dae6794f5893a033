package io.pinscope.compat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinscope.FreePorts;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.server.PinscopeServer;
import io.pinscope.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end proof of issue 5: {@link SampleApp} forked under the stock OpenTelemetry Java agent
 * 2.33.1, with and without Pinscope's extension ({@code otel-extension}), exporting OTLP/HTTP to an
 * in-test Pinscope (memory storage). Assertions read Pinscope's storage and its REST API. The Maven build
 * requires the extension jar ({@code pinscope.extension.required}); run from an IDE without it, the tests
 * that need it are skipped.
 */
class ITJavaagentExtension {
  /** The gauge the extension's EntrySpanTracker exports (Pinpoint's "active thread" view), by band. */
  static final String ACTIVE_REQUESTS_METRIC = "pinpoint.active_requests";
  static final String TX_ID = "agentX^1700000000000^42";
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How many times the inspector test makes the app run {@code System.gc()}. */
  private static final int FORCED_GCS = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static PinscopeServer pinscope;
  private static String otlpEndpoint;
  private static String queryBase;
  private final List<ForkedApp> apps = new ArrayList<>();

  @BeforeAll
  static void startPinscope() throws IOException {
    int[] ports = FreePorts.of(3);
    pinscope = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory", "--bind", "127.0.0.1",
        "--grpc-port", "" + ports[0], "--http-port", "" + ports[1], "--query-port", "" + ports[2],
        "--pairing-window-seconds", "1"}, Map.of()));
    otlpEndpoint = "http://127.0.0.1:" + ports[1];
    queryBase = "http://127.0.0.1:" + ports[2];
  }

  @AfterAll
  static void stopPinscope() {
    if (pinscope != null) {
      pinscope.close();
    }
  }

  @AfterEach
  void killApps() {
    for (ForkedApp app : apps) {
      app.close();
    }
    apps.clear();
  }

  // ---- agent alone (runs before the extension exists, and keeps the harness honest) ----

  @Test
  void agentAlone_traceparentReachesDownstreamAndSpansAreStored() throws Exception {
    ForkedApp app = start(false);

    Map<String, String> seen = echo(app, Map.of());

    W3c tp = W3c.parse(seen.get("traceparent"));
    assertThat(tp.flags & 1).as("sampled flag of %s", seen.get("traceparent")).isEqualTo(1);
    List<StoredSpan> spans = awaitSpans(tp.traceId, 3);
    StoredSpan front = serverSpan(spans, "/front");
    StoredSpan client = only(spans, s -> s.kind() == SpanKind.CLIENT);
    StoredSpan back = serverSpan(spans, "/back");
    assertThat(client.spanId()).as("traceparent parent-id = the client span").isEqualTo(tp.parentId);
    assertThat(client.parentSpanId()).isEqualTo(front.spanId());
    assertThat(back.parentSpanId()).isEqualTo(client.spanId());
    assertThat(front.applicationName()).isEqualTo("sample-app");
    assertThat(seen.keySet()).noneMatch(h -> h.startsWith("pinpoint-"));
  }

  // ---- with the extension ----

  /**
   * (a) A plain request: pp tracestate, pinpoint.* resource, Pinpoint headers beside traceparent. The
   * CLIENT span's pp entry carries its own span id as {@code sid}, so the receiving SERVER span's stored
   * trace state says it was written by its parent.
   */
  @Test
  void plainRequest_carriesTraceStateResourceAndEveryPinpointHeader() throws Exception {
    ForkedApp app = startWithExtension();

    Map<String, String> seen = echo(app, Map.of());

    W3c tp = W3c.parse(seen.get("traceparent"));
    List<StoredSpan> spans = awaitSpans(tp.traceId, 3);
    StoredSpan front = serverSpan(spans, "/front");
    StoredSpan client = only(spans, s -> s.kind() == SpanKind.CLIENT);
    StoredSpan back = serverSpan(spans, "/back");
    assertThat(seen).containsKeys("pinpoint-traceid", "pinpoint-spanid", "pinpoint-pspanid", "pinpoint-flags",
        "pinpoint-sampled", "pinpoint-pappname", "pinpoint-papptype");
    assertThat(Long.parseLong(seen.get("pinpoint-spanid"))).as("Pinpoint-SpanID = client span id")
        .isEqualTo(client.spanId()).isEqualTo(tp.parentId);
    assertThat(Long.parseLong(seen.get("pinpoint-pspanid"))).as("Pinpoint-pSpanID = entry span id")
        .isEqualTo(front.spanId());
    assertThat(seen.get("pinpoint-sampled")).isNotEqualTo("s0");
    assertThat(seen.get("pinpoint-pappname")).isEqualTo("sample-app");

    AgentInfo agent = pinscope.storage().applications().agent(front.agentId()).orElseThrow();
    assertThat(agent.resource().text("pinpoint.applicationName")).isEqualTo("sample-app");
    assertThat(agent.resource().text("pinpoint.agentId")).isEqualTo(front.agentId());
    Long startTime = agent.resource().longValue("pinpoint.agentStartTime");
    assertThat(startTime).isNotNull();

    // A new transaction gets a Pinpoint TxId of this agent, recorded in pp and sent as Pinpoint-TraceID.
    // (The registry may still hold an earlier run's start time: the receiver refreshes a known agent at
    // most once a minute, and agent ids are stable across runs — so the start time is checked against
    // this process instead.)
    String tx = seen.get("pinpoint-traceid");
    String[] txParts = tx.split("\\^");
    assertThat(txParts).hasSize(3);
    assertThat(txParts[0]).isEqualTo(front.agentId());
    long processStart = app.startMillis();
    assertThat(Long.parseLong(txParts[1])).as("TxId start time = JVM start of %s", app.pid())
        .isBetween(processStart - 2_000, System.currentTimeMillis());
    assertThat(PinpointTraceState.transactionId(front.traceState())).isEqualTo(tx);
    assertThat(front.traceState()).as("root SERVER span trace state")
        .isEqualTo("pp=app:sample-app;type:1001;tx:" + tx);
    String sent = "pp=app:sample-app;type:1001;tx:" + tx + ";sid:" + String.format("%016x", client.spanId());
    assertThat(seen.get("tracestate")).as("tracestate the CLIENT span sent").isEqualTo(sent);
    assertThat(back.traceState()).as("trace state of the receiving SERVER span").isEqualTo(sent);
    assertThat(PinpointTraceState.caller(back.traceState()).writtenBy(back.parentSpanId())).isTrue();
    JsonNode trace = awaitJson("/api/v1/traces/" + URLEncoder.encode(tx, StandardCharsets.UTF_8),
        t -> t.path("traceId").asText().equals(tp.traceId.toHex()));
    assertThat(trace.path("spanCount").asInt()).isGreaterThanOrEqualTo(3);
  }

  /** (b) Only Pinpoint headers: the transaction continues and stays findable by its TxId. */
  @Test
  void pinpointOnlyRequest_continuesTheTransaction() throws Exception {
    ForkedApp app = startWithExtension();
    long from = System.currentTimeMillis() - 60_000;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Pinpoint-TraceID", TX_ID);
    headers.put("Pinpoint-SpanID", "7777777777777");
    headers.put("Pinpoint-pSpanID", "-4242424242");
    headers.put("Pinpoint-Flags", "0");
    headers.put("Pinpoint-pAppName", "legacy-app");
    headers.put("Pinpoint-pAppType", "1010");

    Map<String, String> seen = echo(app, headers);

    assertThat(seen.get("pinpoint-traceid")).as("TxId re-emitted unchanged").isEqualTo(TX_ID);
    W3c tp = W3c.parse(seen.get("traceparent"));
    List<StoredSpan> spans = awaitSpans(tp.traceId, 3);
    StoredSpan front = serverSpan(spans, "/front");
    assertThat(front.parentSpanId()).as("entry span's parent = Pinpoint-SpanID").isEqualTo(7777777777777L);
    assertThat(front.traceState()).contains("pp=");

    JsonNode trace = awaitJson("/api/v1/traces/" + URLEncoder.encode(TX_ID, StandardCharsets.UTF_8),
        t -> t.path("traceId").asText().equals(tp.traceId.toHex()));
    assertThat(trace.path("transactionId").asText()).isEqualTo(TX_ID);

    JsonNode map = awaitJson(() -> {
      pinscope.receiver().flushStatistics();
      return "/api/v1/servermap?application=sample-app&from=" + from + "&to=" + (System.currentTimeMillis() + 60_000)
          + "&inbound=1";
    }, m -> hasLink(m, "legacy-app", "sample-app"));
    assertThat(hasLink(map, "legacy-app", "sample-app")).isTrue();
  }

  /** (c) {@code Pinpoint-Sampled: s0}: nothing is sampled downstream. */
  @Test
  void pinpointSampledS0_samplesNothingDownstream() throws Exception {
    ForkedApp app = startWithExtension();

    Map<String, String> bare = echo(app, Map.of("Pinpoint-Sampled", "s0"));
    Map<String, String> full = echo(app, Map.of("Pinpoint-TraceID", "agentY^1700000000000^7",
        "Pinpoint-SpanID", "1234", "Pinpoint-pSpanID", "-1", "Pinpoint-Sampled", "s0",
        "Pinpoint-pAppName", "legacy-app", "Pinpoint-pAppType", "1010"));
    // A sampled request afterwards: once its spans are stored, the unsampled ones would have been too.
    W3c marker = W3c.parse(echo(app, Map.of()).get("traceparent"));
    awaitSpans(marker.traceId, 3);

    for (Map<String, String> seen : List.of(bare, full)) {
      String traceparent = seen.get("traceparent");
      W3c tp = W3c.parse(traceparent);
      assertThat(tp.flags & 1).as("sampled bit of %s", traceparent).isZero();
      assertThat(pinscope.storage().traces().find(tp.traceId).spans()).as("spans of %s", traceparent).isEmpty();
      assertThat(seen).doesNotContainKey("pinpoint-traceid");
      assertThat(seen.get("pinpoint-sampled")).as("Pinpoint-Sampled downstream in %s", seen).isEqualTo("s0");
    }
  }

  /** (d) Both header kinds: {@code traceparent} wins. */
  @Test
  void bothHeaderKinds_traceparentWins() throws Exception {
    ForkedApp app = startWithExtension();
    String traceIdHex = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parentHex = "00f067aa0ba902b7";

    Map<String, String> seen = echo(app, Map.of(
        "traceparent", "00-" + traceIdHex + "-" + parentHex + "-01",
        "Pinpoint-TraceID", "agentZ^1700000000000^9", "Pinpoint-SpanID", "5555", "Pinpoint-pSpanID", "6666",
        "Pinpoint-pAppName", "legacy-app", "Pinpoint-pAppType", "1010"));

    W3c tp = W3c.parse(seen.get("traceparent"));
    assertThat(tp.traceId.toHex()).isEqualTo(traceIdHex);
    StoredSpan front = serverSpan(awaitSpans(tp.traceId, 3), "/front");
    assertThat(front.parentSpanId()).isEqualTo(Long.parseUnsignedLong(parentHex, 16));
  }

  /** A stable agent id: two runs of the same app on the same host report the same pinpoint.agentId. */
  @Test
  void agentId_isStableAcrossRestarts() throws Exception {
    String first = agentIdOfOneRun();
    String second = agentIdOfOneRun();
    assertThat(second).isEqualTo(first);
    // Derived from host and service (not the agent's random service.instance.id), Pinpoint-valid.
    assertThat(first).matches("sample-app-[0-9a-f]{8}").hasSizeLessThanOrEqualTo(24);
  }

  /** The in-flight request count by elapsed band reaches Pinscope's metrics. */
  @Test
  void activeRequestMetric_isStoredWithBands() throws Exception {
    ForkedApp app = startWithExtension();
    W3c tp = W3c.parse(echo(app, Map.of()).get("traceparent"));
    String agentId = serverSpan(awaitSpans(tp.traceId, 3), "/front").agentId();

    List<MetricPoint> points = await(() -> {
      List<MetricPoint> read = pinscope.storage().metrics().read(agentId, System.currentTimeMillis() - 600_000,
          System.currentTimeMillis() + 60_000, 100_000);
      List<MetricPoint> active = read.stream().filter(p -> p.name().equals(ACTIVE_REQUESTS_METRIC)).toList();
      return active.isEmpty() ? null : active;
    }, "metric " + ACTIVE_REQUESTS_METRIC + " of " + agentId);
    assertThat(points).allSatisfy(p -> assertThat(p.attributes().text("band")).isNotNull());
  }

  /**
   * The agent inspector, read through the REST API, shows plausible JVM panels of the stock agent's runtime
   * metrics (exported every second): heap used above 0 and within its max, GC counts adding up to at least the
   * collections the app was made to run ({@code System.gc()} through {@code /gc}), CPU within 0..1, threads and
   * classes above 0.
   */
  @Test
  void agentInspector_showsPlausibleJvmPanels() throws Exception {
    long from = System.currentTimeMillis();
    ForkedApp app = startWithExtension(Map.of("otel.metric.export.interval", "1000"));
    W3c tp = W3c.parse(echo(app, Map.of()).get("traceparent"));
    String agentId = serverSpan(awaitSpans(tp.traceId, 3), "/front").agentId();
    JsonNode gcRun = JSON.readTree(app.get("/gc?n=" + FORCED_GCS, Map.of()));
    assertThat(gcRun.path("collections").asLong()).as("collections the app's JVM counted, %s", gcRun)
        .isGreaterThanOrEqualTo(FORCED_GCS);

    // Every point from this process only: earlier runs of the same agent id stopped before `from`. Wait until
    // the forced collections are exported and counted.
    JsonNode body = awaitJson(() -> "/api/v1/agents/" + URLEncoder.encode(agentId, StandardCharsets.UTF_8)
        + "/inspector?from=" + from + "&to=" + (System.currentTimeMillis() + 60_000),
        b -> panels(b).keySet().containsAll(List.of("heap", "gcCount", "cpu", "threads", "classes"))
            && totalGcCount(panels(b).get("gcCount")) >= FORCED_GCS);

    assertThat(body.path("runtime").asText()).isEqualTo("JVM");
    assertThat(body.path("application").asText()).isEqualTo("sample-app");
    Map<String, JsonNode> panels = panels(body);
    Map<String, Map<Long, Double>> heap = seriesOf(panels.get("heap"));
    assertThat(heap.get("used")).as("heap used, %s", panels.get("heap")).isNotEmpty()
        .allSatisfy((time, used) -> {
          assertThat(used).isPositive();
          Double max = heap.getOrDefault("max", Map.of()).get(time);
          if (max != null) {
            assertThat(used).as("heap used at %s within max %s", time, max).isLessThanOrEqualTo(max);
          }
        });
    assertThat(heap.get("max")).as("heap max, %s", panels.get("heap")).isNotEmpty();
    // Counts per bucket are deltas: never negative; over the range they add up to at least the forced ones.
    assertThat(seriesOf(panels.get("gcCount")).values()).allSatisfy(gc -> assertThat(gc.values())
        .as("GC count per bucket, %s", panels.get("gcCount")).isNotEmpty()
        .allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(0)));
    assertThat(totalGcCount(panels.get("gcCount"))).as("GC count over the range, %s (app: %s)",
        panels.get("gcCount"), gcRun).isGreaterThanOrEqualTo(FORCED_GCS);
    assertThat(seriesOf(panels.get("cpu")).values()).allSatisfy(cpu -> assertThat(cpu.values())
        .as("CPU, %s", panels.get("cpu")).isNotEmpty().allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0)));
    double threads = seriesOf(panels.get("threads")).values().stream()
        .mapToDouble(byTime -> byTime.values().stream().mapToDouble(Double::doubleValue).max().orElse(0)).sum();
    assertThat(threads).as("threads, %s", panels.get("threads")).isPositive();
    assertThat(seriesOf(panels.get("classes")).get("count")).as("classes, %s", panels.get("classes"))
        .isNotEmpty().allSatisfy((time, count) -> assertThat(count).isPositive());
  }

  // ---- helpers ----

  /** The panels of an inspector answer by id. */
  private static Map<String, JsonNode> panels(JsonNode inspector) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    inspector.path("panels").forEach(p -> out.put(p.path("id").asText(), p));
    return out;
  }

  /** The collections a {@code gcCount} panel counts over its range, every collector added. */
  private static double totalGcCount(@Nullable JsonNode gcCount) {
    return gcCount == null ? 0 : seriesOf(gcCount).values().stream()
        .flatMap(byTime -> byTime.values().stream()).mapToDouble(Double::doubleValue).sum();
  }

  /** A panel's series: label → time → value. */
  private static Map<String, Map<Long, Double>> seriesOf(JsonNode panel) {
    Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
    for (JsonNode s : panel.path("series")) {
      Map<Long, Double> points = new LinkedHashMap<>();
      s.path("points").forEach(p -> points.put(p.get(0).asLong(), p.get(1).asDouble()));
      out.put(s.path("label").asText(), points);
    }
    return out;
  }

  private String agentIdOfOneRun() throws Exception {
    ForkedApp app = startWithExtension();
    try {
      W3c tp = W3c.parse(echo(app, Map.of()).get("traceparent"));
      StoredSpan front = serverSpan(awaitSpans(tp.traceId, 3), "/front");
      AgentInfo agent = pinscope.storage().applications().agent(front.agentId()).orElseThrow();
      assertThat(agent.resource().text("pinpoint.agentId")).isEqualTo(front.agentId());
      return front.agentId();
    } finally {
      app.close();
    }
  }

  private ForkedApp startWithExtension() throws IOException {
    return startWithExtension(Map.of());
  }

  private ForkedApp startWithExtension(Map<String, String> extraProperties) throws IOException {
    if (Boolean.getBoolean("pinscope.extension.required")) {
      assertThat(ForkedApp.extensionAvailable()).as("extension jar %s built", ForkedApp.EXTENSION_JAR).isTrue();
    } else {
      assumeThat(ForkedApp.extensionAvailable()).as("extension jar %s built", ForkedApp.EXTENSION_JAR).isTrue();
    }
    return start(true, extraProperties);
  }

  private ForkedApp start(boolean extension) throws IOException {
    return start(extension, Map.of());
  }

  private ForkedApp start(boolean extension, Map<String, String> extraProperties) throws IOException {
    ForkedApp app = ForkedApp.start(otlpEndpoint, extension, extraProperties);
    apps.add(app);
    return app;
  }

  /** GET /front with the headers; the headers /back received, names lower-cased. */
  private static Map<String, String> echo(ForkedApp app, Map<String, String> headers) throws Exception {
    JsonNode body = JSON.readTree(app.get("/front", headers));
    Map<String, String> seen = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      seen.put(e.getKey(), e.getValue().asText());
    }
    return seen;
  }

  private static List<StoredSpan> awaitSpans(TraceId traceId, int atLeast) throws InterruptedException {
    return await(() -> {
      List<StoredSpan> spans = pinscope.storage().traces().find(traceId).spans();
      return spans.size() >= atLeast ? spans : null;
    }, atLeast + " spans of trace " + traceId.toHex());
  }

  private static StoredSpan serverSpan(List<StoredSpan> spans, String path) {
    return only(spans, s -> s.kind() == SpanKind.SERVER && s.name().endsWith(path));
  }

  private static StoredSpan only(List<StoredSpan> spans, java.util.function.Predicate<StoredSpan> p) {
    List<StoredSpan> matching = spans.stream().filter(p).toList();
    assertThat(matching).as("matching spans among %s", spans).hasSize(1);
    return matching.get(0);
  }

  private static boolean hasLink(JsonNode map, String fromApp, String toApp) {
    for (JsonNode link : map.path("links")) {
      if (link.path("from").asText().startsWith(fromApp + "^") && link.path("to").asText().startsWith(toApp + "^")) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> done)
      throws InterruptedException {
    return awaitJson(() -> path, done);
  }

  private static JsonNode awaitJson(Supplier<String> path, java.util.function.Predicate<JsonNode> done)
      throws InterruptedException {
    JsonNode[] last = new JsonNode[1];
    try {
      return await(() -> {
        try {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(queryBase + path.get())).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            return null;
          }
          last[0] = JSON.readTree(r.body());
          return done.test(last[0]) ? last[0] : null;
        } catch (IOException e) {
          return null;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }, "GET " + path.get());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last answer: " + last[0], e);
    }
  }

  /** Polls until {@code poll} answers non-null, failing after {@link #DEADLINE}. */
  private static <T> T await(Supplier<T> poll, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      T value = poll.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + DEADLINE);
      }
      Thread.sleep(100);
    }
  }

  /** A parsed {@code traceparent}: trace id, parent id as a signed long, flags. */
  record W3c(TraceId traceId, long parentId, int flags) {
    static W3c parse(String traceparent) {
      assertThat(traceparent).as("traceparent").isNotNull().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
      String[] parts = traceparent.split("-");
      return new W3c(TraceId.fromHex(parts[1]), Long.parseUnsignedLong(parts[2], 16), Integer.parseInt(parts[3], 16));
    }
  }
}
