package io.pinscope.otel.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PinpointTraceStateSamplerTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final PinpointIdentity WEIRD = new PinpointIdentity(" a,b=c;d:e\u00e9 ", 1210, "w-1", 5L);

  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .setSampler(new PinpointTraceStateSampler(Sampler.parentBased(Sampler.alwaysOn()), () -> WEIRD))
      // The SDK hands out invalid no-op spans when no processor is registered.
      .addSpanProcessor(new EntrySpanTracker())
      .build();
  private final Tracer tracer = tracerProvider.get("test");

  @AfterEach
  void close() {
    tracerProvider.close();
  }

  @Test
  void root_getsAValidEntryWithANewTxId() {
    Span root = tracer.spanBuilder("job").startSpan();

    assertThat(root.getSpanContext().getTraceState().get("pp")).matches("app:a_b_c_d_e_;type:1210;tx:w-1\\^5\\^\\d+");
  }

  @Test
  void remoteServer_keepsTheCallersEntry() {
    Context caller = remote("app:front;type:1010;tx:f-1^2^3,other=x");
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(caller).startSpan();
    Span consumer = tracer.spanBuilder("q process").setSpanKind(SpanKind.CONSUMER).setParent(caller).startSpan();

    assertThat(server.getSpanContext().getTraceState().get("pp")).isEqualTo("app:front;type:1010;tx:f-1^2^3");
    assertThat(server.getSpanContext().getTraceState().get("other")).isEqualTo("x");
    assertThat(consumer.getSpanContext().getTraceState().get("pp")).isEqualTo("app:front;type:1010;tx:f-1^2^3");
  }

  @Test
  void remoteServer_callerEntryWithoutTx_getsOneFromTheTraceId() {
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER)
        .setParent(remote("app:front;type:1010")).startSpan();

    assertThat(server.getSpanContext().getTraceState().get("pp"))
        .isEqualTo("app:front;type:1010;tx:" + TransactionIds.fromTraceId(TRACE_ID));
  }

  @Test
  void remoteServer_withoutCallerEntry_getsOnlyATx() {
    Span server = tracer.spanBuilder("GET /").setSpanKind(SpanKind.SERVER).setParent(remote(null)).startSpan();
    Span child = tracer.spanBuilder("SELECT").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(server)).startSpan();

    assertThat(server.getSpanContext().getTraceState().get("pp")).isEqualTo("tx:" + TransactionIds.fromTraceId(TRACE_ID));
    assertThat(child.getSpanContext().getTraceState().get("pp"))
        .isEqualTo("app:a_b_c_d_e_;type:1210;tx:" + TransactionIds.fromTraceId(TRACE_ID));
  }

  @Test
  void remoteClientParent_isNotAnEntry_andGetsOurEntryWithTheCallersTx() {
    Span internal = tracer.spanBuilder("work").setParent(remote("app:front;tx:f-1^2^3")).startSpan();

    assertThat(internal.getSpanContext().getTraceState().get("pp")).isEqualTo("app:a_b_c_d_e_;type:1210;tx:f-1^2^3");
  }

  @Test
  void unsampled_isLeftAlone() {
    SdkTracerProvider never = SdkTracerProvider.builder()
        .setSampler(new PinpointTraceStateSampler(Sampler.alwaysOff(), () -> WEIRD))
        .addSpanProcessor(new EntrySpanTracker()).build();
    Span span = never.get("t").spanBuilder("x").startSpan();

    assertThat(span.getSpanContext().isValid()).isTrue();
    assertThat(span.getSpanContext().getTraceState().isEmpty()).isTrue();
    assertThat(new PinpointTraceStateSampler(Sampler.alwaysOff(), () -> WEIRD).getDescription())
        .isEqualTo("PinpointTraceState{AlwaysOffSampler}");
    never.close();
  }

  private static Context remote(String pp) {
    TraceState state = TraceState.getDefault();
    if (pp != null) {
      String[] members = pp.split(",");
      state = TraceState.builder().put("pp", members[0]).build();
      if (members.length > 1) {
        state = state.toBuilder().put("other", members[1].substring("other=".length())).build();
      }
    }
    return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID, "b7ad6b7169203331",
        TraceFlags.getSampled(), state)));
  }
}
