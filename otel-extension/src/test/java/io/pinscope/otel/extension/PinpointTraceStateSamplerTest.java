package io.pinscope.otel.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code pp} member, asserted on the whole {@code tracestate} header a span would send. */
class PinpointTraceStateSamplerTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN_ID = "b7ad6b7169203331";
  private static final String DERIVED_TX = TransactionIds.fromTraceId(TRACE_ID);
  private static final String CALLER_PP = "pp=app:front;type:1010;tx:f-1^2^3;sid:" + CALLER_SPAN_ID;
  private static final PinpointIdentity WEIRD = new PinpointIdentity(" a,b=c;d:e\u00e9 ", 1210, "w-1", 5L);
  /** The entry {@link #WEIRD} writes, up to its TxId. */
  private static final String OWN = "pp=app:a_b_c_d_e_;type:1210;tx:";

  private final PinscopeIdGenerator ids = new PinscopeIdGenerator();
  private final SdkTracerProvider tracerProvider = provider(Sampler.parentBased(Sampler.alwaysOn()), WEIRD, ids);
  private final Tracer tracer = tracerProvider.get("test");

  @AfterEach
  void close() {
    tracerProvider.close();
  }

  @Test
  void root_getsAValidEntryWithANewTxId() {
    Span root = tracer.spanBuilder("job").startSpan();

    assertThat(tracestate(root)).matches("pp=app:a_b_c_d_e_;type:1210;tx:w-1\\^5\\^\\d+");
  }

  @Test
  void client_carriesItsOwnSpanIdAsSid_andEveryClientOfAParentItsOwn() {
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).startSpan();
    Span first = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(parent(server)).startSpan();
    Span second = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(parent(server)).startSpan();
    Span producer = tracer.spanBuilder("q publish").setSpanKind(SpanKind.PRODUCER).setParent(parent(server))
        .startSpan();

    String tx = PpEntry.get(server.getSpanContext().getTraceState(), "tx");
    assertThat(tracestate(server)).isEqualTo(OWN + tx);
    assertThat(tracestate(first)).isEqualTo(OWN + tx + ";sid:" + first.getSpanContext().getSpanId());
    assertThat(tracestate(second)).isEqualTo(OWN + tx + ";sid:" + second.getSpanContext().getSpanId());
    assertThat(tracestate(producer)).isEqualTo(OWN + tx + ";sid:" + producer.getSpanContext().getSpanId());
    assertThat(first.getSpanContext().getSpanId()).isNotEqualTo(second.getSpanContext().getSpanId());
  }

  @Test
  void remoteServer_keepsTheCallersEntryWithTheCallersSid_whereItIs() {
    String incoming = "other=x," + CALLER_PP;
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(remote(incoming)).startSpan();
    Span consumer = tracer.spanBuilder("q process").setSpanKind(SpanKind.CONSUMER).setParent(remote(incoming))
        .startSpan();

    assertThat(tracestate(server)).isEqualTo(incoming);
    assertThat(tracestate(consumer)).isEqualTo(incoming);
  }

  @Test
  void remoteServer_callerEntryWithoutTx_getsOneFromTheTraceId_andMovesLeft() {
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER)
        .setParent(remote("other=x,pp=app:front;type:1010;sid:" + CALLER_SPAN_ID)).startSpan();

    assertThat(tracestate(server))
        .isEqualTo("pp=app:front;type:1010;sid:" + CALLER_SPAN_ID + ";tx:" + DERIVED_TX + ",other=x");
  }

  @Test
  void remoteServer_withoutCallerEntry_getsOnlyATx_andItsClientsOurs() {
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(remote("other=x")).startSpan();
    Span client = tracer.spanBuilder("SELECT").setSpanKind(SpanKind.CLIENT).setParent(parent(server)).startSpan();

    assertThat(tracestate(server)).isEqualTo("pp=tx:" + DERIVED_TX + ",other=x");
    assertThat(tracestate(client))
        .isEqualTo(OWN + DERIVED_TX + ";sid:" + client.getSpanContext().getSpanId() + ",other=x");
  }

  @Test
  void existingEntry_comesBackLeftmostAndFresh() {
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER)
        .setParent(remote("a=1," + CALLER_PP + ",b=2")).startSpan();
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(parent(server)).startSpan();

    assertThat(tracestate(client))
        .isEqualTo(OWN + "f-1^2^3;sid:" + client.getSpanContext().getSpanId() + ",a=1,b=2");
  }

  @Test
  void localChildren_inheritOurEntry_butNotTheCallers() {
    Span root = tracer.spanBuilder("job").startSpan();
    Span child = tracer.spanBuilder("step").setParent(parent(root)).startSpan();
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(remote(CALLER_PP)).startSpan();
    Span work = tracer.spanBuilder("work").setParent(parent(server)).startSpan();

    assertThat(child.getSpanContext().getTraceState()).isSameAs(root.getSpanContext().getTraceState());
    // The SERVER span keeps the caller's entry; what runs under it names this application.
    assertThat(tracestate(work)).isEqualTo(OWN + "f-1^2^3");
  }

  @Test
  void remoteClientParent_isNotAnEntry_andGetsOurEntryWithTheCallersTx() {
    Span internal = tracer.spanBuilder("work").setParent(remote("pp=app:front;tx:f-1^2^3")).startSpan();

    assertThat(tracestate(internal)).isEqualTo(OWN + "f-1^2^3");
  }

  @Test
  void thirtyOneForeignMembers_ppIsAddedLeftmost_andAllAreKept() {
    String incoming = members(0, 31);
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(remote(incoming)).startSpan();
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(parent(server)).startSpan();

    // 32 members: the most W3C allows, so the CLIENT span can only replace pp, which the OTel builder ignores.
    assertThat(tracestate(server)).isEqualTo("pp=tx:" + DERIVED_TX + "," + incoming);
    assertThat(tracestate(client))
        .isEqualTo(OWN + DERIVED_TX + ";sid:" + client.getSpanContext().getSpanId() + "," + incoming);
  }

  @Test
  void thirtyTwoForeignMembers_theRightmostMakesRoomForPp() {
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(remote(members(0, 32)))
        .startSpan();
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(parent(server)).startSpan();
    Span direct = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(remote(members(0, 32)))
        .startSpan();

    assertThat(tracestate(server)).isEqualTo("pp=tx:" + DERIVED_TX + "," + members(0, 31));
    assertThat(tracestate(client))
        .isEqualTo(OWN + DERIVED_TX + ";sid:" + client.getSpanContext().getSpanId() + "," + members(0, 31));
    assertThat(tracestate(direct))
        .isEqualTo(OWN + DERIVED_TX + ";sid:" + direct.getSpanContext().getSpanId() + "," + members(0, 31));
  }

  @Test
  void thirtyTwoMembersWithTheCallersEntry_ppMovesLeftmostFresh_andNoneIsDropped() {
    String incoming = members(0, 16) + "," + CALLER_PP + "," + members(16, 31);
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(remote(incoming)).startSpan();
    Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(parent(server)).startSpan();

    assertThat(tracestate(server)).isEqualTo(incoming);
    assertThat(tracestate(client))
        .isEqualTo(OWN + "f-1^2^3;sid:" + client.getSpanContext().getSpanId() + "," + members(0, 31));
  }

  @Test
  void unsampled_writesNothing_andLeavesNoSpanIdBehind() {
    SdkTracerProvider never = provider(Sampler.alwaysOff(), WEIRD, ids);
    String incoming = "a=1," + CALLER_PP + ",b=2";
    Span root = never.get("t").spanBuilder("x").setSpanKind(SpanKind.CLIENT).startSpan();
    Span client = never.get("t").spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(remote(incoming))
        .startSpan();

    assertThat(root.getSpanContext().isValid()).isTrue();
    assertThat(tracestate(root)).isNull();
    assertThat(tracestate(client)).isEqualTo(incoming);
    assertThat(ids.takeLastSpanId()).isNull();
    assertThat(new PinpointTraceStateSampler(Sampler.alwaysOff(), () -> WEIRD, ids::takeLastSpanId).getDescription())
        .isEqualTo("PinpointTraceState{AlwaysOffSampler}");
    never.close();
  }

  @Test
  void anotherIdGenerator_meansNoSid() {
    SdkTracerProvider foreignIds = SdkTracerProvider.builder()
        .setIdGenerator(IdGenerator.random())
        .setSampler(new PinpointTraceStateSampler(Sampler.alwaysOn(), () -> WEIRD, ids::takeLastSpanId))
        .addSpanProcessor(new EntrySpanTracker())
        .build();
    Span client = foreignIds.get("t").spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(remote(CALLER_PP))
        .startSpan();

    assertThat(tracestate(client)).isEqualTo(OWN + "f-1^2^3");
    foreignIds.close();
  }

  @Test
  void anEntryTooLongForTraceState_isLeftOut_ratherThanSentStale() {
    PinpointIdentity longName = new PinpointIdentity(repeat('s', 128), 1001, "shop-1", 5L);
    SdkTracerProvider provider = provider(Sampler.alwaysOn(), longName, ids);
    // Valid alone (173 characters); with a 128-character application name and a sid it exceeds 256.
    String incoming = "a=1,pp=app:front;type:1010;tx:" + repeat('7', 150);
    Span client = provider.get("t").spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(remote(incoming))
        .startSpan();

    assertThat(tracestate(client)).isEqualTo("a=1");
    provider.close();
  }

  private static SdkTracerProvider provider(Sampler sampler, PinpointIdentity identity, PinscopeIdGenerator ids) {
    return SdkTracerProvider.builder()
        .setIdGenerator(ids)
        .setSampler(new PinpointTraceStateSampler(sampler, () -> identity, ids::takeLastSpanId))
        // The SDK hands out invalid no-op spans when no processor is registered.
        .addSpanProcessor(new EntrySpanTracker())
        .build();
  }

  /** The {@code tracestate} header W3C trace context injects for {@code span}, or null when it has none. */
  private static String tracestate(Span span) {
    Map<String, String> headers = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(parent(span), headers, MapCarrier.SETTER);
    assertThat(headers).containsKey("traceparent");
    return headers.get("tracestate");
  }

  private static Context parent(Span span) {
    return Context.root().with(span);
  }

  /** A remote sampled parent, with the trace state parsed from {@code tracestate} as W3C trace context does. */
  private static Context remote(String tracestate) {
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");
    headers.put("tracestate", tracestate);
    Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, MapCarrier.GETTER);
    SpanContext parent = Span.fromContext(context).getSpanContext();
    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.getTraceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(parent.getTraceState().size()).as("members of %s", tracestate).isEqualTo(tracestate.split(",").length);
    return context;
  }

  private static String repeat(char c, int times) {
    StringBuilder sb = new StringBuilder(times);
    for (int i = 0; i < times; i++) {
      sb.append(c);
    }
    return sb.toString();
  }

  /** {@code k<from>=v<from>,...,k<to-1>=v<to-1>}. */
  private static String members(int from, int to) {
    StringJoiner joiner = new StringJoiner(",");
    for (int i = from; i < to; i++) {
      joiner.add("k" + i + "=v" + i);
    }
    return joiner.toString();
  }
}
