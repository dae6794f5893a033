package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.everyField;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.Storage;
import io.pinscope.storage.TraceRepository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TraceRepository}: faithful round trip, idempotency, isolation, point reads, TxId lookup. */
public abstract class TraceRepositoryCompliance extends StorageCompliance {
  @Test
  protected void roundTrip_keepsEveryOtelField() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    StoredSpan full = everyField(traceId);
    storage.traces().write(List.of(full));

    TraceRepository.StoredTrace read = storage.traces().find(traceId);

    assertThat(read.truncated()).isFalse();
    assertThat(read.spans()).containsExactly(full);
  }

  @Test
  protected void find_ordersByStartThenSpanId_acrossBatches() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    StoredSpan late = span(traceId, "orders", 30).build();
    StoredSpan early = span(traceId, "frontend", 0).kind(SpanKind.SERVER).build();
    StoredSpan middle = span(traceId, "orders", 10).kind(SpanKind.CLIENT).parentSpanId(early.spanId()).build();
    storage.traces().write(List.of(late));
    storage.traces().write(List.of(middle, early));

    assertThat(storage.traces().find(traceId).spans()).containsExactly(early, middle, late);
  }

  @Test
  protected void write_isIdempotent_sameKeyReplaces() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    StoredSpan first = span(traceId, "orders", 0).build();
    StoredSpan retried = first.toBuilder().name("renamed on retry").build();
    storage.traces().write(List.of(first));
    storage.traces().write(List.of(first));
    storage.traces().write(List.of(retried));

    assertThat(storage.traces().find(traceId).spans()).containsExactly(retried);
  }

  @Test
  protected void findSpan_isOnePointRead_ofThatTraceOnly() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    StoredSpan full = everyField(traceId);
    StoredSpan other = span(randomTraceId(), "orders", 0).spanId(full.spanId() + 1).build();
    storage.traces().write(List.of(full, other));

    assertThat(storage.traces().findSpan(traceId, full.spanId())).contains(full);
    assertThat(storage.traces().findSpan(traceId, other.spanId())).isEmpty();
    assertThat(storage.traces().findSpan(other.traceId(), full.spanId())).isEmpty();
  }

  @Test
  protected void find_returnsOnlyTheAskedTrace() {
    Storage storage = open();
    TraceId a = randomTraceId();
    TraceId b = new TraceId(a.high(), a.low() + 1);
    storage.traces().write(List.of(span(a, "orders", 0).build(), span(b, "orders", 0).build(),
        span(b, "orders", 1).build()));

    assertThat(storage.traces().find(a).spans()).hasSize(1).allMatch(s -> s.traceId().equals(a));
    assertThat(storage.traces().find(b).spans()).hasSize(2).allMatch(s -> s.traceId().equals(b));
    assertThat(storage.traces().find(randomTraceId()).spans()).isEmpty();
  }

  @Test
  protected void findByTransactionId_usesThePpTraceStateEntry() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    String txId = "agent-" + Long.toHexString(traceId.low()) + "^1700000000000^7";
    storage.traces().write(List.of(span(traceId, "orders", 0)
        .traceState("rojo=00f067aa0ba902b7,pp=app:web;type:1010;tx:" + txId).build()));

    assertThat(storage.traces().findByTransactionId(txId)).contains(traceId);
    assertThat(storage.traces().findByTransactionId(txId + "0")).isEmpty();
  }

  @Test
  protected void find_largeTrace_allSpans() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    List<StoredSpan> spans = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      spans.add(span(traceId, "app-" + (i % 7), i).build());
    }
    storage.traces().write(spans);

    assertThat(storage.traces().find(traceId).spans()).hasSize(2_000);
  }
}
