package io.pinscope.otel.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The extension loaded through its service files, as the Java agent loads it. */
class AutoConfiguredSdkTest {
  private AutoConfiguredOpenTelemetrySdk sdk;

  @AfterEach
  void close() {
    if (sdk != null) {
      sdk.getOpenTelemetrySdk().close();
    }
    GlobalOpenTelemetry.resetForTest();
    PinpointIdentity.resetForTest();
  }

  @Test
  void defaultPropagators_includePinpoint() {
    OpenTelemetrySdk otel = build(new HashMap<>());

    assertThat(otel.getPropagators().getTextMapPropagator().fields()).containsExactly("traceparent", "tracestate",
        "baggage", "Pinpoint-TraceID", "Pinpoint-SpanID", "Pinpoint-pSpanID", "Pinpoint-Sampled", "Pinpoint-Flags",
        "Pinpoint-pAppName", "Pinpoint-pAppType", "Pinpoint-pAppNamespace", "Pinpoint-Host");
  }

  @Test
  void pinpointPropagator_isFoundByName() {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.propagators", "pinpoint");
    OpenTelemetrySdk otel = build(properties);

    assertThat(otel.getPropagators().getTextMapPropagator().fields()).containsExactly("Pinpoint-TraceID",
        "Pinpoint-SpanID", "Pinpoint-pSpanID", "Pinpoint-Sampled", "Pinpoint-Flags", "Pinpoint-pAppName",
        "Pinpoint-pAppType", "Pinpoint-pAppNamespace", "Pinpoint-Host");
  }

  @Test
  void pinpointHost_isTheClientSpansAddress() {
    OpenTelemetrySdk otel = build(new HashMap<>());
    Span client = otel.getTracer("test").spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setAttribute("server.address", "orders").setAttribute("server.port", 80L).startSpan();

    assertThat(injected(otel, client)).containsEntry("Pinpoint-Host", "orders:80").containsKey("traceparent");
  }

  @Test
  void namespace_isConfigurable_andSentWithThePinpointHeaders() {
    Map<String, String> properties = new HashMap<>();
    properties.put("pinpoint.application.namespace", "blue");
    OpenTelemetrySdk otel = build(properties);

    assertThat(injected(otel, otel.getTracer("test").spanBuilder("GET").setSpanKind(SpanKind.CLIENT).startSpan()))
        .containsEntry("Pinpoint-pAppNamespace", "blue").containsKey("Pinpoint-TraceID");
  }

  @Test
  void resource_invalidAgentId_isReplacedByTheDerivedOne() {
    Map<String, String> properties = new HashMap<>();
    properties.put("otel.resource.attributes", "pinpoint.agentId=checkout-eu-west-1-pod-7f9c4");
    Resource resource = resource(properties);
    Span span = sdk.getOpenTelemetrySdk().getTracer("test").spanBuilder("GET /").startSpan();

    assertThat(resource.getAttribute(PinpointIdentity.AGENT_ID)).matches("checkout-[0-9a-f]{8}");
    assertThat(PpEntry.get(span.getSpanContext().getTraceState(), "tx"))
        .startsWith(resource.getAttribute(PinpointIdentity.AGENT_ID) + "^");
  }

  @Test
  void resource_hasPinpointIdentity_withAStableDerivedAgentId() {
    Resource resource = resource(new HashMap<>());
    String agentId = resource.getAttribute(PinpointIdentity.AGENT_ID);
    close();
    Resource again = resource(new HashMap<>());

    assertThat(resource.getAttribute(PinpointIdentity.APPLICATION_NAME)).isEqualTo("checkout");
    assertThat(agentId).matches("checkout-[0-9a-f]{8}").hasSizeLessThanOrEqualTo(24)
        .isEqualTo(again.getAttribute(PinpointIdentity.AGENT_ID));
    assertThat(resource.getAttribute(PinpointIdentity.AGENT_START_TIME))
        .isEqualTo(ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  @Test
  void resource_agentIdAndApplicationName_areConfigurable() {
    Map<String, String> properties = new HashMap<>();
    properties.put("pinscope.agent.id", "checkout-a1");
    properties.put("otel.resource.attributes", "pinpoint.applicationName=Checkout-App");
    Resource resource = resource(properties);

    assertThat(resource.getAttribute(PinpointIdentity.AGENT_ID)).isEqualTo("checkout-a1");
    assertThat(resource.getAttribute(PinpointIdentity.APPLICATION_NAME)).isEqualTo("Checkout-App");
  }

  @Test
  void resource_pinpointAgentIdProperty_isHonoured() {
    Map<String, String> properties = new HashMap<>();
    properties.put("pinpoint.agentId", "legacy-7");

    assertThat(resource(properties).getAttribute(PinpointIdentity.AGENT_ID)).isEqualTo("legacy-7");
  }

  @Test
  void sampler_writesPp_andIdGeneratorIsInstalled() {
    Map<String, String> properties = new HashMap<>();
    properties.put("pinscope.agent.id", "checkout-a1");
    OpenTelemetrySdk otel = build(properties);
    Tracer tracer = otel.getTracer("test");
    Span root = tracer.spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).startSpan();
    Span next = tracer.spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).startSpan();
    Span child = tracer.spanBuilder("SELECT").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(root)).startSpan();

    long start = ManagementFactory.getRuntimeMXBean().getStartTime();
    String pp = root.getSpanContext().getTraceState().get("pp");
    assertThat(pp).matches("app:checkout;type:1001;tx:checkout-a1\\^" + start + "\\^\\d+");
    assertThat(next.getSpanContext().getTraceState().get("pp")).isNotEqualTo(pp);
    assertThat(child.getSpanContext().getTraceState().get("pp"))
        .isEqualTo(pp + ";sid:" + child.getSpanContext().getSpanId());
    assertThat(otel.getSdkTracerProvider().toString()).contains("PinscopeIdGenerator")
        .contains("PinpointTraceState{");
  }

  @Test
  void applicationType_isConfigurable() {
    Map<String, String> properties = new HashMap<>();
    properties.put("pinscope.application.type", "1010");
    Span span = build(properties).getTracer("test").spanBuilder("x").startSpan();

    assertThat(PpEntry.get(span.getSpanContext().getTraceState(), "type")).isEqualTo("1010");
  }

  @Test
  void activeRequestGauge_reportsInFlightEntrySpansByBand() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> baseProperties(new HashMap<>()))
        .addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(reader))
        .setResultAsGlobal()
        .build();
    Tracer tracer = sdk.getOpenTelemetrySdk().getTracer("test");
    Span server = tracer.spanBuilder("GET /a").setSpanKind(SpanKind.SERVER).startSpan();
    Span consumer = tracer.spanBuilder("orders process").setSpanKind(SpanKind.CONSUMER).startSpan();
    Span internal = tracer.spanBuilder("job").startSpan();

    assertThat(bands(reader)).containsEntry("fast", 2L).containsEntry("normal", 0L).containsEntry("slow", 0L)
        .containsEntry("very_slow", 0L);
    server.end();
    consumer.end();
    internal.end();
    assertThat(bands(reader)).containsEntry("fast", 0L);
  }

  @Test
  void activeCounts_useTheElapsedBands() {
    EntrySpanTracker tracker = new EntrySpanTracker();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(
        io.opentelemetry.sdk.trace.SdkTracerProvider.builder().addSpanProcessor(tracker).build()).build();
    otel.getTracer("t").spanBuilder("a").setSpanKind(SpanKind.SERVER).startSpan();
    long now = System.nanoTime();

    assertThat(tracker.activeCounts(now + TimeUnit.MILLISECONDS.toNanos(900))).containsExactly(1, 0, 0, 0);
    assertThat(tracker.activeCounts(now + TimeUnit.MILLISECONDS.toNanos(2500))).containsExactly(0, 1, 0, 0);
    assertThat(tracker.activeCounts(now + TimeUnit.MILLISECONDS.toNanos(4500))).containsExactly(0, 0, 1, 0);
    assertThat(tracker.activeCounts(now + TimeUnit.MILLISECONDS.toNanos(6000))).containsExactly(0, 0, 0, 1);
    otel.close();
  }

  private static Map<String, Long> bands(InMemoryMetricReader reader) {
    Map<String, Long> bands = new TreeMap<>();
    for (MetricData metric : reader.collectAllMetrics()) {
      if (metric.getName().equals(EntrySpanTracker.GAUGE_NAME)) {
        assertThat(metric.getInstrumentationScopeInfo().getName()).isEqualTo(EntrySpanTracker.METER_NAME);
        for (LongPointData point : metric.getLongGaugeData().getPoints()) {
          bands.put(point.getAttributes().get(EntrySpanTracker.BAND), point.getValue());
        }
      }
    }
    return bands;
  }

  /** The headers the configured propagators write for {@code span}. */
  private static Map<String, String> injected(OpenTelemetrySdk otel, Span span) {
    Map<String, String> headers = new HashMap<>();
    otel.getPropagators().getTextMapPropagator().inject(Context.root().with(span), headers, MapCarrier.SETTER);
    return headers;
  }

  /** The resource the SDK puts on spans. */
  private Resource resource(Map<String, String> properties) {
    Span span = build(properties).getTracer("test").spanBuilder("probe").startSpan();
    return ((ReadableSpan) span).toSpanData().getResource();
  }

  private OpenTelemetrySdk build(Map<String, String> properties) {
    return sdk(properties).getOpenTelemetrySdk();
  }

  private AutoConfiguredOpenTelemetrySdk sdk(Map<String, String> properties) {
    sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> baseProperties(properties))
        .build();
    return sdk;
  }

  private static Map<String, String> baseProperties(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>();
    all.put("otel.service.name", "checkout");
    all.put("otel.traces.exporter", "none");
    all.put("otel.metrics.exporter", "none");
    all.put("otel.logs.exporter", "none");
    all.putAll(properties);
    return all;
  }
}
