package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.everyField;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.Storage;
import io.pinscope.storage.TraceRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link TraceRepository}: faithful round trip, idempotency, isolation, point reads, TxId lookup, spans written
 * with their scatter dots in one write.
 */
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
  protected void manySpansOfOneTrace_inOneWrite_readBackWholeAndOneByOne() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    List<StoredSpan> spans = new ArrayList<>();
    spans.add(everyField(traceId));
    for (int i = 1; i < 70; i++) { // more than one group's worth: several cells of one write
      spans.add(span(traceId, "app-" + (i % 3), i).build());
    }
    storage.traces().write(spans);

    assertThat(storage.traces().find(traceId).spans()).containsExactlyInAnyOrderElementsOf(spans);
    for (StoredSpan s : spans) {
      assertThat(storage.traces().findSpan(traceId, s.spanId())).contains(s);
    }
    assertThat(storage.traces().findSpan(traceId, spans.get(0).spanId() ^ 1)).isEmpty();
  }

  @Test
  protected void spansSentAgain_inOtherBatches_areReadOnce() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    StoredSpan a = span(traceId, "orders", 0).build();
    StoredSpan b = span(traceId, "orders", 1).build();
    StoredSpan c = span(traceId, "orders", 2).build();
    storage.traces().write(List.of(a, b, c));
    storage.traces().write(List.of(a, b, c)); // a retried export
    storage.traces().write(List.of(c, b)); // the same spans batched otherwise

    assertThat(storage.traces().find(traceId).spans()).containsExactly(a, b, c);
  }

  @Test
  protected void aSpanWrittenAlone_replacesItsCopyInAnEarlierBatch() {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    StoredSpan a = span(traceId, "orders", 0).build();
    StoredSpan b = span(traceId, "orders", 1).build();
    StoredSpan renamed = b.toBuilder().name("renamed on retry").build();
    storage.traces().write(List.of(a, b));
    storage.traces().write(List.of(renamed));

    assertThat(storage.traces().find(traceId).spans()).containsExactly(a, renamed);
    assertThat(storage.traces().findSpan(traceId, b.spanId())).contains(renamed);
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

  @Test
  protected void writeWithDots_storesSpansAndDots() {
    Storage storage = open();
    String app = uniqueName("web");
    TraceId traceId = randomTraceId();
    StoredSpan entry = span(traceId, app, 0).build();
    StoredSpan child = span(traceId, app, 1).kind(SpanKind.CLIENT).parentSpanId(entry.spanId()).build();
    ScatterDot dot = ScatterDot.of(entry);

    storage.traces().write(List.of(entry, child), List.of(dot));
    storage.traces().write(List.of(), List.of());

    assertThat(storage.traces().find(traceId).spans()).containsExactly(entry, child);
    assertThat(storage.scatter().scan(new ScatterQuery(app, dot.epochMillis(), dot.epochMillis() + 1, 10, null))
        .dots()).containsExactly(dot);
  }

  /**
   * A reader racing the writer never sees a trace's spans without its dot, nor its dot without all its spans:
   * each {@code write(spans, dots)} is one engine write. (Written as two writes, in either order, a reader that
   * reads the first-written part, then the other, catches the gap between them.)
   */
  @Test
  protected void writeWithDots_isOneWrite_noReaderSeesHalf() throws Exception {
    assumeTrue(engineUnderTest().atomicBatches(),
        engine() + " declares writes atomic per row only (EngineUnderTest.atomicBatches = false)");
    Storage storage = open();
    String app = uniqueName("web");
    int traces = 3_000;
    int spansPerTrace = 4;
    List<List<StoredSpan>> all = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      TraceId traceId = randomTraceId();
      StoredSpan entry = span(traceId, app, i).build();
      List<StoredSpan> spans = new ArrayList<>(List.of(entry));
      for (int c = 1; c < spansPerTrace; c++) {
        spans.add(span(traceId, app, i).kind(SpanKind.CLIENT).parentSpanId(entry.spanId()).build());
      }
      all.add(spans);
    }
    AtomicInteger writing = new AtomicInteger(-1);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < traces; i++) {
        writing.set(i);
        storage.traces().write(all.get(i), List.of(ScatterDot.of(all.get(i).get(0))));
      }
    });
    AtomicReference<String> half = new AtomicReference<>();
    int checked = 0;
    while (!writer.isDone() && half.get() == null) {
      int i = writing.get();
      if (i < 0) {
        continue;
      }
      StoredSpan entry = all.get(i).get(0);
      // Read in both orders: whatever comes second was written no earlier than what was seen first. With one
      // write per trace, spans seen first imply the dot, and a dot seen first implies every span.
      boolean spansFirst = checked % 2 == 0;
      int spansSeen = spansFirst ? storage.traces().find(entry.traceId()).spans().size() : 0;
      int dotsSeen = storage.scatter().scan(new ScatterQuery(app, entry.startEpochMillis(),
          entry.startEpochMillis() + 1, 10, null)).dots().size();
      if (!spansFirst) {
        spansSeen = storage.traces().find(entry.traceId()).spans().size();
      }
      checked++;
      boolean torn = spansFirst ? spansSeen > 0 && (dotsSeen == 0 || spansSeen != spansPerTrace)
          : dotsSeen > 0 && spansSeen != spansPerTrace;
      if (torn) {
        half.set("trace " + i + ": " + spansSeen + " spans then " + dotsSeen + " dots seen"
            + (spansFirst ? "" : " (dot read first)") + " (expected: " + spansPerTrace + " and 1, or none first)");
      }
    }
    writer.get();
    assertThat(half.get()).as("after %d racing reads", checked).isNull();
    assertThat(checked).isPositive();
  }
}
