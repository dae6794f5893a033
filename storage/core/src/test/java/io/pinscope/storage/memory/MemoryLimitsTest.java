package io.pinscope.storage.memory;

import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.MutableClock;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.Retention;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The memory engine's bounds: the span cap evicts the oldest exports whole; expired cells are purged on a schedule. */
class MemoryLimitsTest {
  private final MutableClock clock = MutableClock.ofNow();
  private final List<Storage> opened = new ArrayList<>();

  private Storage open(Map<String, String> options, Retention retention) {
    StorageConfig.Builder b = StorageConfig.builder().engine("memory").retention(retention).clock(clock);
    options.forEach(b::engineOption);
    Storage s = Storage.open(b.build());
    opened.add(s);
    return s;
  }

  @AfterEach
  void close() {
    opened.forEach(Storage::close);
  }

  /** One export: an entry span, {@code children - 1} client spans, and the entry's dot. */
  private static List<StoredSpan> export(String app, int offsetMillis, int spans) {
    TraceId traceId = randomTraceId();
    StoredSpan entry = span(traceId, app, offsetMillis).build();
    List<StoredSpan> out = new ArrayList<>(List.of(entry));
    for (int i = 1; i < spans; i++) {
      out.add(span(traceId, app, offsetMillis).kind(SpanKind.CLIENT).parentSpanId(entry.spanId()).build());
    }
    return out;
  }

  private static int dots(Storage storage, StoredSpan entry) {
    return storage.scatter().scan(new ScatterQuery(entry.applicationName(), entry.startEpochMillis(),
        entry.startEpochMillis() + 1, 10, null)).dots().size();
  }

  @Test
  void spanCap_evictsTheOldestExportsWhole_spansWithTheirDots() {
    Storage storage = open(Map.of(MemoryLimits.MAX_SPANS, "100"), Retention.DEFAULTS);
    String app = uniqueName("web");
    List<List<StoredSpan>> exports = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      List<StoredSpan> e = export(app, i, 5);
      exports.add(e);
      storage.traces().write(e, List.of(ScatterDot.of(e.get(0))));
    }

    MemoryStore store = (MemoryStore) storage.store();
    assertThat(store.spans()).isEqualTo(100);
    assertThat(store.evictedSpans()).isEqualTo(50);
    for (int i = 0; i < 30; i++) {
      StoredSpan entry = exports.get(i).get(0);
      boolean kept = i >= 10;
      assertThat(storage.traces().find(entry.traceId()).spans()).as("export %d", i)
          .hasSize(kept ? 5 : 0);
      assertThat(dots(storage, entry)).as("dots of export %d", i).isEqualTo(kept ? 1 : 0);
    }
  }

  @Test
  void spanCap_aSpanWrittenAgainBelongsToItsLatestWrite() {
    Storage storage = open(Map.of(MemoryLimits.MAX_SPANS, "10"), Retention.DEFAULTS);
    String app = uniqueName("web");
    List<StoredSpan> first = export(app, 0, 5);
    storage.traces().write(first, List.of());
    storage.traces().write(export(app, 1, 5), List.of());
    storage.traces().write(first, List.of()); // a retried export: same keys, newest write now
    storage.traces().write(export(app, 2, 5), List.of());

    assertThat(storage.traces().find(first.get(0).traceId()).spans()).hasSize(5);
    assertThat(((MemoryStore) storage.store()).spans()).isEqualTo(10);
  }

  @Test
  void expiredCells_arePurgedOnTheSchedule() {
    Storage storage = open(Map.of(MemoryLimits.PURGE_INTERVAL, "1"), Retention.all(Duration.ofHours(1)));
    String app = uniqueName("web");
    List<StoredSpan> e = export(app, 0, 5);
    storage.traces().write(e, List.of(ScatterDot.of(e.get(0))));
    MemoryStore store = (MemoryStore) storage.store();
    assertThat(store.cells()).as("one group of the trace's 5 spans, one dot, the spans' origin").isEqualTo(3);
    assertThat(store.spans()).isEqualTo(5);

    clock.advance(Duration.ofDays(3)); // past the origins' TTL too (the traces' retention plus two days)
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (store.cells() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // polling the purge thread's effect
    }

    assertThat(store.cells()).as("cells left after the scheduled purge").isZero();
    assertThat(store.spans()).isZero();
  }

  @Test
  void badOptions_nameTheOptionAndTheExpectedValue() {
    assertThatThrownBy(() -> open(Map.of(MemoryLimits.MAX_SPANS, "0"), Retention.DEFAULTS))
        .hasMessage("memory.max-spans: 0 (expected: an integer >= 1)");
    assertThatThrownBy(() -> open(Map.of(MemoryLimits.PURGE_INTERVAL, "soon"), Retention.DEFAULTS))
        .hasMessage("memory.purge-interval-seconds: soon (expected: an integer >= 0)");
  }
}
