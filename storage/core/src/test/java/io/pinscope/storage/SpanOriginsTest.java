package io.pinscope.storage;

import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.MutableClock;
import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.memory.MemoryEngineProvider;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.Mutation;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import io.pinscope.storage.testing.ForwardingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SpanOrigins}: each origin's row written once (and again after {@link SpanOrigins#REFRESH}), in a write
 * of its own before the spans that refer to it, and spans read back whole through it.
 */
class SpanOriginsTest {
  private static final Duration RETENTION = Duration.ofDays(14);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final RecordingStore store = new RecordingStore(new MemoryEngineProvider().open(
      new EngineConfig(null, Map.of(), clock), Storage.tables(Retention.all(RETENTION))));
  private final Storage storage = new Storage(store, clock);

  /** Spans of two agents (one of them with two scopes, one span of it in a trace of its own). */
  private static List<StoredSpan> export(TraceId traceId) {
    InstrumentationScope jdbc = new InstrumentationScope("io.opentelemetry.jdbc", "2.33.1-alpha",
        Attributes.of("k", "v"));
    return List.of(
        span(traceId, "orders", 0).build(),
        span(traceId, "orders", 1).scope(jdbc).build(),
        span(traceId, "orders", 2).scope(jdbc).build(),
        span(traceId, "stock", 3).build(),
        span(randomTraceId(), "stock", 4).build());
  }

  @Test
  void eachOrigin_isWrittenOnce_beforeTheSpansThatReferToIt_andReadBack() {
    TraceId traceId = randomTraceId();
    List<StoredSpan> spans = export(traceId);
    storage.traces().write(spans);

    assertThat(store.writes).containsExactly("3 origins", "spans");
    assertThat(storage.traces().find(traceId).spans()).containsExactlyInAnyOrderElementsOf(spans.subList(0, 4));
    assertThat(storage.traces().findSpan(spans.get(4).traceId(), spans.get(4).spanId())).contains(spans.get(4));
    Storage restarted = new Storage(store, clock);
    assertThat(restarted.traces().find(traceId).spans()).containsExactlyInAnyOrderElementsOf(spans.subList(0, 4));

    storage.traces().write(export(randomTraceId()));
    clock.advance(SpanOrigins.REFRESH.minusSeconds(1));
    storage.traces().write(export(randomTraceId()));

    assertThat(store.writes).containsExactly("3 origins", "spans", "spans", "spans");
  }

  @Test
  void anOrigin_isWrittenAgainAfterTheRefresh_andKeptForTheRetentionPlusTwoRefreshes() {
    storage.traces().write(export(randomTraceId()));
    clock.advance(SpanOrigins.REFRESH);
    storage.traces().write(export(randomTraceId()));

    assertThat(store.writes).containsExactly("3 origins", "spans", "3 origins", "spans");
    assertThat(Storage.tables(Retention.all(RETENTION)).stream()
        .filter(t -> t.name().equals(Storage.SPAN_ORIGINS)).findFirst().orElseThrow().ttl())
        .isEqualTo(Duration.ofDays(16));
    assertThat(SpanOrigins.ttl(Duration.ZERO)).as("kept forever with the spans").isEqualTo(Duration.ZERO);
    assertThat(SpanOrigins.ttl(Duration.ofSeconds(Long.MAX_VALUE))).as("too long to add to").isZero();
  }

  @Test
  void aFailedOriginWrite_writesNoSpans_andLeavesTheOriginsToTheNextWrite() {
    store.failNext = true;
    assertThatThrownBy(() -> storage.traces().write(export(randomTraceId())))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.writes).isEmpty();

    storage.traces().write(export(randomTraceId()));

    assertThat(store.writes).containsExactly("3 origins", "spans");
  }

  @Test
  void aSpanWhoseOriginRowIsMissing_isReadWithoutIt() {
    TraceId traceId = randomTraceId();
    StoredSpan span = span(traceId, "orders", 0).build();
    storage.traces().write(List.of(span));
    store.raw().write(new WriteBatch().delete(Storage.SPAN_ORIGINS, "o", store.lastOriginRow, new byte[0]));

    assertThat(new Storage(store, clock).traces().find(traceId).spans()).containsExactly(span.toBuilder()
        .applicationName("").agentId("").scope(InstrumentationScope.empty()).build());
  }

  @Test
  void aRow_readsSpansOfBothVersions() {
    TraceId traceId = randomTraceId();
    List<StoredSpan> grouped = export(traceId).subList(0, 3);
    StoredSpan inline = span(traceId, "billing", 9).build();
    storage.traces().write(grouped);
    byte[] row = store.lastSpansRow;
    store.raw().write(new WriteBatch().put(Storage.TRACES, "s", row, Longs.toBytes(inline.spanId()),
        SpanCodec.encode(inline, SpanOrigins.NONE)));

    List<StoredSpan> read = new Storage(store, clock).traces().find(traceId).spans();

    assertThat(read).containsExactlyInAnyOrder(grouped.get(0), grouped.get(1), grouped.get(2), inline);
  }

  /** Records each successful write as "N origins" or "spans"; fails the next write when asked. */
  private static final class RecordingStore extends ForwardingStore {
    final List<String> writes = new ArrayList<>();
    boolean failNext;
    byte[] lastOriginRow;
    byte[] lastSpansRow;

    RecordingStore(WideColumnStore delegate) {
      super(delegate);
    }

    WideColumnStore raw() {
      return delegate();
    }

    @Override
    public void write(WriteBatch batch) {
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("disk full (test)");
      }
      super.write(batch);
      int origins = 0;
      for (Mutation m : batch.mutations()) {
        if (m.table().equals(Storage.SPAN_ORIGINS)) {
          origins++;
          lastOriginRow = m.row();
        } else if (m.table().equals(Storage.TRACES)) {
          lastSpansRow = m.row();
        }
      }
      writes.add(origins == batch.size() ? origins + " origins" : origins == 0 ? "spans" : "mixed");
    }
  }
}
