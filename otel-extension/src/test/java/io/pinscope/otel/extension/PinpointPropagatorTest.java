package io.pinscope.otel.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PinpointPropagatorTest {
  private static final PinpointIdentity SHOP = new PinpointIdentity("shop", 1001, "shop-1", 1700000000000L);
  private static final String CALLER_TX = "front-7^1690000000000^42";

  private final PinpointPropagator pinpoint = new PinpointPropagator(() -> SHOP);
  private final TextMapPropagator composite =
      TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), pinpoint);
  private final PinscopeIdGenerator ids = new PinscopeIdGenerator();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .setIdGenerator(ids)
      .setSampler(new PinpointTraceStateSampler(Sampler.parentBased(Sampler.alwaysOn()), () -> SHOP, ids::takeLastSpanId))
      .addSpanProcessor(new EntrySpanTracker())
      .build();
  private final Tracer tracer = tracerProvider.get("test");

  @AfterEach
  void close() {
    tracerProvider.close();
  }

  @Test
  void fields_listEveryHeader() {
    assertThat(pinpoint.fields()).containsExactly("Pinpoint-TraceID", "Pinpoint-SpanID", "Pinpoint-pSpanID",
        "Pinpoint-Sampled", "Pinpoint-Flags", "Pinpoint-pAppName", "Pinpoint-pAppType", "Pinpoint-pAppNamespace",
        "Pinpoint-Host");
  }

  @Test
  void inject_writesTheHostTheClientSpanCalls() {
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setAttribute("server.address", "orders.internal").setAttribute("server.port", 8080L).startSpan();

    assertThat(inject(client)).containsEntry("Pinpoint-Host", "orders.internal:8080");
  }

  @Test
  void inject_host_fromOlderConventions_withoutPort_andIpv6() {
    Span old = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setAttribute("net.peer.name", "legacy").setAttribute("net.peer.port", 9090L).startSpan();
    Span noPort = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setAttribute("server.address", "orders.internal").startSpan();
    Span ipv6 = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setAttribute("server.address", "::1").setAttribute("server.port", 8443L).startSpan();

    assertThat(inject(old)).containsEntry("Pinpoint-Host", "legacy:9090");
    assertThat(inject(noPort)).containsEntry("Pinpoint-Host", "orders.internal");
    assertThat(inject(ipv6)).containsEntry("Pinpoint-Host", "[::1]:8443");
  }

  @Test
  void inject_withoutAnAddress_orWithoutAnSdkSpan_writesNoHost() {
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).startSpan();
    Span wrapped = Span.wrap(client.getSpanContext());

    assertThat(inject(client)).containsKey("Pinpoint-TraceID").doesNotContainKey("Pinpoint-Host");
    assertThat(inject(wrapped)).containsKey("Pinpoint-TraceID").doesNotContainKey("Pinpoint-Host");
  }

  @Test
  void inject_namespace_onlyWhenConfigured() {
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).startSpan();
    Map<String, String> headers = new HashMap<>();
    new PinpointPropagator(() -> SHOP, " blue ").inject(Context.root().with(client), headers, MapCarrier.SETTER);

    assertThat(headers).containsEntry("Pinpoint-pAppNamespace", "blue");
    assertThat(inject(client)).doesNotContainKey("Pinpoint-pAppNamespace");
    assertThat(new PinpointPropagator(() -> SHOP, "  ").fields()).contains("Pinpoint-pAppNamespace");
  }

  @Test
  void extract_foreignNamespace_startsANewTrace() {
    Map<String, String> headers = pinpointHeaders();
    headers.put("Pinpoint-pAppNamespace", "green");

    SpanContext remote = Span.fromContext(new PinpointPropagator(() -> SHOP, "blue")
        .extract(Context.root(), headers, MapCarrier.GETTER)).getSpanContext();
    assertThat(remote.isValid()).isFalse();

    headers.put("Pinpoint-Sampled", "s0");
    SpanContext unsampled = Span.fromContext(new PinpointPropagator(() -> SHOP, "blue")
        .extract(Context.root(), headers, MapCarrier.GETTER)).getSpanContext();
    assertThat(unsampled.isSampled()).isFalse();
    assertThat(unsampled.getTraceId()).isNotEqualTo(TransactionIds.toTraceId(CALLER_TX));
  }

  @Test
  void extract_sameOrAbsentNamespace_continues() {
    Map<String, String> sameNamespace = pinpointHeaders();
    sameNamespace.put("Pinpoint-pAppNamespace", "blue");
    Map<String, String> foreignNamespace = pinpointHeaders();
    foreignNamespace.put("Pinpoint-pAppNamespace", "green");
    PinpointPropagator blue = new PinpointPropagator(() -> SHOP, "blue");

    // Ours; a caller that sets none; and any caller when this side sets none.
    assertThat(traceIdOf(blue, sameNamespace)).isEqualTo(TransactionIds.toTraceId(CALLER_TX));
    assertThat(traceIdOf(blue, pinpointHeaders())).isEqualTo(TransactionIds.toTraceId(CALLER_TX));
    assertThat(traceIdOf(pinpoint, foreignNamespace)).isEqualTo(TransactionIds.toTraceId(CALLER_TX));
  }

  @Test
  void inject_writesPinpointHeadersBesideTraceparent() {
    Span server = tracer.spanBuilder("GET /order").setSpanKind(SpanKind.SERVER).startSpan();
    Span internal = tracer.spanBuilder("work").setParent(Context.root().with(server)).startSpan();
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(internal)).startSpan();
    Map<String, String> headers = new HashMap<>();
    composite.inject(Context.root().with(client), headers, MapCarrier.SETTER);

    String clientId = client.getSpanContext().getSpanId();
    String serverId = server.getSpanContext().getSpanId();
    assertThat(headers.get("traceparent")).isEqualTo("00-" + client.getSpanContext().getTraceId() + "-" + clientId + "-03");
    assertThat(headers.get("Pinpoint-TraceID")).matches("shop-1\\^1700000000000\\^\\d+")
        .isEqualTo(PpEntry.get(server.getSpanContext().getTraceState(), "tx"));
    assertThat(headers.get("Pinpoint-SpanID")).isEqualTo(Long.toString(Long.parseUnsignedLong(clientId, 16)));
    assertThat(headers.get("Pinpoint-pSpanID")).isEqualTo(Long.toString(Long.parseUnsignedLong(serverId, 16)));
    assertThat(headers).containsEntry("Pinpoint-Sampled", "s1").containsEntry("Pinpoint-Flags", "0")
        .containsEntry("Pinpoint-pAppName", "shop").containsEntry("Pinpoint-pAppType", "1001");
  }

  @Test
  void inject_unsampled_writesOnlyS0() {
    SpanContext unsampled = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getDefault(), TraceState.getDefault());
    Map<String, String> headers = new HashMap<>();
    composite.inject(Context.root().with(Span.wrap(unsampled)), headers, MapCarrier.SETTER);

    assertThat(headers).containsEntry("Pinpoint-Sampled", "s0").doesNotContainKeys("Pinpoint-TraceID",
        "Pinpoint-SpanID", "Pinpoint-pSpanID").containsKey("traceparent");
  }

  @Test
  void inject_withoutPpTraceState_derivesTxIdFromTraceId() {
    SpanContext foreign = SpanContext.create("8af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault());
    Map<String, String> headers = new HashMap<>();
    pinpoint.inject(Context.root().with(Span.wrap(foreign)), headers, MapCarrier.SETTER);

    assertThat(headers.get("Pinpoint-TraceID"))
        .isEqualTo("otel3^" + (0x8af7651916cd43ddL & Long.MAX_VALUE) + "^" + (0x8448eb211c80319cL & Long.MAX_VALUE));
  }

  @Test
  void extract_pinpointOnly_continuesTheTransaction() {
    Context extracted = composite.extract(Context.root(), pinpointHeaders(), MapCarrier.GETTER);
    SpanContext remote = Span.fromContext(extracted).getSpanContext();

    assertThat(remote.isValid()).isTrue();
    assertThat(remote.isRemote()).isTrue();
    assertThat(remote.isSampled()).isTrue();
    assertThat(remote.getTraceId()).isEqualTo(TransactionIds.toTraceId(CALLER_TX))
        .isEqualTo(Span.fromContext(pinpoint.extract(Context.root(), pinpointHeaders(), MapCarrier.GETTER))
            .getSpanContext().getTraceId());
    assertThat(remote.getSpanId()).isEqualTo(SpanId.fromLong(-8_000_000_000L));
    assertThat(remote.getTraceState().get("pp"))
        .isEqualTo("app:front;type:1010;tx:front-7^1690000000000^42;ps:1234567890123");
  }

  @Test
  void extract_thenInject_reEmitsTheIncomingTxId() {
    Context extracted = composite.extract(Context.root(), pinpointHeaders(), MapCarrier.GETTER);
    Span server = tracer.spanBuilder("GET /order").setSpanKind(SpanKind.SERVER).setParent(extracted).startSpan();
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(server)).startSpan();
    Map<String, String> headers = new HashMap<>();
    composite.inject(Context.root().with(client), headers, MapCarrier.SETTER);

    assertThat(server.getSpanContext().getTraceState().get("pp"))
        .isEqualTo("app:front;type:1010;tx:front-7^1690000000000^42;ps:1234567890123");
    assertThat(client.getSpanContext().getTraceState().get("pp"))
        .isEqualTo("app:shop;type:1001;tx:front-7^1690000000000^42;sid:" + client.getSpanContext().getSpanId());
    assertThat(headers).containsEntry("Pinpoint-TraceID", CALLER_TX)
        .containsEntry("Pinpoint-pSpanID", Long.toString(Long.parseUnsignedLong(server.getSpanContext().getSpanId(), 16)))
        .containsEntry("Pinpoint-pAppName", "shop");
    assertThat(headers.get("traceparent")).contains(TransactionIds.toTraceId(CALLER_TX));
  }

  @Test
  void receivedTxId_isPassedOnAsItIs_evenWithAnAgentIdPinpointWouldNotMake() {
    // The root's TxId names the root's agent: rewriting it would split the transaction.
    String rootTx = "an-agent-id-longer-than-24^1690000000000^7";
    Map<String, String> received = pinpointHeaders();
    received.put("Pinpoint-TraceID", rootTx);
    Span server = tracer.spanBuilder("GET /order").setSpanKind(SpanKind.SERVER)
        .setParent(composite.extract(Context.root(), received, MapCarrier.GETTER)).startSpan();
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(server)).startSpan();

    assertThat(inject(client)).containsEntry("Pinpoint-TraceID", rootTx);
  }

  @Test
  void extract_s0_isNotSampled() {
    Map<String, String> headers = pinpointHeaders();
    headers.put("Pinpoint-Sampled", "s0");
    SpanContext remote = Span.fromContext(pinpoint.extract(Context.root(), headers, MapCarrier.GETTER))
        .getSpanContext();

    assertThat(remote.isValid()).isTrue();
    assertThat(remote.isSampled()).isFalse();
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(remote))).startSpan();
    assertThat(server.isRecording()).isFalse();
  }

  @Test
  void extract_onlyS0_isNotSampled() {
    Map<String, String> headers = new HashMap<>();
    headers.put("Pinpoint-Sampled", "s0");
    SpanContext remote = Span.fromContext(pinpoint.extract(Context.root(), headers, MapCarrier.GETTER))
        .getSpanContext();

    assertThat(remote.isValid()).isTrue();
    assertThat(remote.isSampled()).isFalse();
  }

  @Test
  void extract_bothHeaderKinds_traceparentWins() {
    Map<String, String> headers = pinpointHeaders();
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03");

    for (TextMapPropagator propagator : new TextMapPropagator[] {composite, pinpoint,
        TextMapPropagator.composite(pinpoint, W3CTraceContextPropagator.getInstance())}) {
      SpanContext remote = Span.fromContext(propagator.extract(Context.root(), headers, MapCarrier.GETTER))
          .getSpanContext();
      if (propagator == pinpoint) {
        assertThat(remote.isValid()).isFalse();
      } else {
        assertThat(remote.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(remote.getSpanId()).isEqualTo("b7ad6b7169203331");
      }
    }
  }

  @Test
  void extract_invalidTraceparent_letsPinpointHeadersContinue() {
    Map<String, String> headers = pinpointHeaders();
    headers.put("traceparent", "00-00000000000000000000000000000000-b7ad6b7169203331-01");

    assertThat(Span.fromContext(composite.extract(Context.root(), headers, MapCarrier.GETTER)).getSpanContext()
        .getTraceId()).isEqualTo(TransactionIds.toTraceId(CALLER_TX));
  }

  @Test
  void extract_incompleteOrMalformedHeaders_startANewTrace() {
    String[][] broken = {
        {"Pinpoint-SpanID", null}, {"Pinpoint-pSpanID", null}, {"Pinpoint-SpanID", "12ab"},
        {"Pinpoint-pSpanID", ""}, {"Pinpoint-TraceID", "front-7^notanumber^42"}, {"Pinpoint-TraceID", "a^1"},
        {"Pinpoint-TraceID", "^1^2"}, {"Pinpoint-TraceID", "fr,nt=7^1^2"}};
    for (String[] change : broken) {
      Map<String, String> headers = pinpointHeaders();
      headers.put(change[0], change[1]);
      assertThat(Span.fromContext(composite.extract(Context.root(), headers, MapCarrier.GETTER)).getSpanContext()
          .isValid()).as("%s=%s", change[0], change[1]).isFalse();
    }
  }

  @Test
  void extract_spanIdZero_isReplacedByANonZeroId() {
    Map<String, String> headers = pinpointHeaders();
    headers.put("Pinpoint-SpanID", "0");
    SpanContext remote = Span.fromContext(pinpoint.extract(Context.root(), headers, MapCarrier.GETTER))
        .getSpanContext();

    assertThat(remote.isValid()).isTrue();
    assertThat(remote.getSpanId()).isNotEqualTo(SpanId.getInvalid()).isNotEqualTo("ffffffffffffffff");
  }

  @Test
  void extract_nullCarrierAndGetter_areIgnored() {
    assertThat(pinpoint.extract(Context.root(), null, MapCarrier.GETTER)).isSameAs(Context.root());
    assertThat(pinpoint.extract(Context.root(), pinpointHeaders(), null)).isSameAs(Context.root());
  }

  private Map<String, String> inject(Span span) {
    Map<String, String> headers = new HashMap<>();
    pinpoint.inject(Context.root().with(span), headers, MapCarrier.SETTER);
    return headers;
  }

  private static String traceIdOf(PinpointPropagator propagator, Map<String, String> headers) {
    return Span.fromContext(propagator.extract(Context.root(), headers, MapCarrier.GETTER)).getSpanContext()
        .getTraceId();
  }

  private static Map<String, String> pinpointHeaders() {
    Map<String, String> headers = new HashMap<>();
    headers.put("Pinpoint-TraceID", CALLER_TX);
    headers.put("Pinpoint-SpanID", "-8000000000");
    headers.put("Pinpoint-pSpanID", "1234567890123");
    headers.put("Pinpoint-Flags", "0");
    headers.put("Pinpoint-pAppName", "front");
    headers.put("Pinpoint-pAppType", "1010");
    return headers;
  }
}
