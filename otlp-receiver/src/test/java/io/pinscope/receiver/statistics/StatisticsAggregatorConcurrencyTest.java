package io.pinscope.receiver.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.TestObjects;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several ingest threads accept spans while a scheduler thread flushes: nothing is lost or counted twice. */
class StatisticsAggregatorConcurrencyTest {
  private static final int THREADS = 4;
  private static final int TRACES_PER_THREAD = 2_000;
  private static final int TRACES = THREADS * TRACES_PER_THREAD;
  private static final long BASE_MILLIS = TestObjects.BASE_NANOS / 1_000_000L;
  private static final long FROM = SlotValue.slotOf(BASE_MILLIS);
  private static final long TO = FROM + 10 * SlotValue.SLOT_MILLIS;

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").build());
  private final MapStatistics stats = storage.statistics();
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

  @AfterEach
  void close() {
    pool.shutdownNow();
    storage.close();
  }

  @Test
  void acceptFromSeveralThreads_whileAnotherFlushes_totalsAreExact() throws Exception {
    StatisticsAggregator aggregator = new StatisticsAggregator(stats, storage.traces(),
        new StatisticsConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), TRACES * 2), clock);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean producing = new AtomicBoolean(true);
    List<Future<?>> producers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      producers.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < TRACES_PER_THREAD; i++) {
          sendTrace(aggregator, thread * TRACES_PER_THREAD + i);
        }
        return null;
      }));
    }
    Future<Integer> flusher = pool.submit(() -> {
      int flushes = 0;
      start.await();
      while (producing.get()) {
        aggregator.flush();
        aggregator.snapshot();
        flushes++;
      }
      return flushes;
    });

    start.countDown();
    for (Future<?> p : producers) {
      p.get(60, TimeUnit.SECONDS);
    }
    producing.set(false);
    assertThat(flusher.get(60, TimeUnit.SECONDS)).isPositive();
    clock.advance(Duration.ofSeconds(10));
    aggregator.flush();

    assertThat(stats.readSelf("front", FROM, TO).stream().mapToLong(s -> s.histogram().totalCount()).sum())
        .isEqualTo(TRACES);
    assertThat(stats.readSelf("back", FROM, TO).stream().mapToLong(s -> s.histogram().totalCount()).sum())
        .isEqualTo(TRACES);
    Map<String, Histogram> outOfFront = byCallee(stats.readOutLinks("front", FROM, TO));
    assertThat(outOfFront.keySet()).containsExactlyInAnyOrder("front", "back", "partner");
    assertThat(outOfFront.get("front").totalCount()).isEqualTo(TRACES);
    assertThat(outOfFront.get("back").totalCount()).isEqualTo(TRACES);
    assertThat(outOfFront.get("back").errorCount()).isEqualTo(TRACES / 10);
    assertThat(outOfFront.get("back").sumMillis()).isEqualTo(expectedClientMillis());
    assertThat(outOfFront.get("partner").totalCount()).isEqualTo(TRACES);
    assertThat(byCallee(stats.readOutLinks("back", FROM, TO)).get("orders").totalCount()).isEqualTo(TRACES);
    StatisticsAggregator.Snapshot snapshot = aggregator.snapshot();
    assertThat(snapshot.pairs()).isEqualTo(TRACES);
    assertThat(snapshot.expiredUnpaired()).isEqualTo(TRACES);
    assertThat(snapshot.evictedForMemory()).isZero();
    assertThat(snapshot.pendingPairs()).isZero();
    assertThat(snapshot.retainedCells()).isZero();
  }

  private static Map<String, Histogram> byCallee(List<SlotValue<LinkKey>> links) {
    return links.stream().collect(Collectors.toMap(l -> l.key().calleeName(), SlotValue::histogram,
        Histogram::plus));
  }

  private static long clientMillis(int trace) {
    return trace % 1_500;
  }

  private static long expectedClientMillis() {
    long sum = 0;
    for (int i = 0; i < TRACES; i++) {
      sum += clientMillis(i);
    }
    return sum;
  }

  /** One trace, its two halves in separate calls, in alternating order. */
  private static void sendTrace(StatisticsAggregator aggregator, int trace) {
    TraceId traceId = TestObjects.randomTraceId();
    long rootId = TestObjects.randomSpanId();
    long clientId = TestObjects.randomSpanId();
    long serverId = TestObjects.randomSpanId();
    StoredSpan root = span(traceId, "front", SpanKind.SERVER, rootId, -1, 100, false);
    StoredSpan client = span(traceId, "front", SpanKind.CLIENT, clientId, rootId, clientMillis(trace),
        trace % 10 == 0).toBuilder()
        .attributes(Attributes.of("server.address", "back", "server.port", 80L)).build();
    StoredSpan external = span(traceId, "front", SpanKind.CLIENT, TestObjects.randomSpanId(), rootId, 5, false)
        .toBuilder().attributes(Attributes.of("peer.service", "partner")).build();
    StoredSpan server = span(traceId, "back", SpanKind.SERVER, serverId, clientId, 50, false).toBuilder()
        .flags(0x301).attributes(Attributes.of("server.address", "back", "server.port", 80L)).build();
    StoredSpan db = span(traceId, "back", SpanKind.CLIENT, TestObjects.randomSpanId(), serverId, 3, false)
        .toBuilder().attributes(Attributes.of("db.system", "postgresql", "db.name", "orders")).build();
    List<StoredSpan> front = List.of(root, client, external);
    List<StoredSpan> back = List.of(server, db);
    if (trace % 2 == 0) {
      aggregator.accept(ServiceTypeRegistry.JAVA, front);
      aggregator.accept(ServiceTypeRegistry.GO, back);
    } else {
      aggregator.accept(ServiceTypeRegistry.GO, back);
      aggregator.accept(ServiceTypeRegistry.JAVA, front);
    }
  }

  private static StoredSpan span(TraceId traceId, String app, SpanKind kind, long spanId, long parent,
      long elapsedMillis, boolean error) {
    long start = TestObjects.BASE_NANOS;
    return StoredSpan.builder().traceId(traceId).spanId(spanId).parentSpanId(parent).kind(kind)
        .startEpochNanos(start).endEpochNanos(start + elapsedMillis * 1_000_000L)
        .status(error ? StatusCode.ERROR : StatusCode.UNSET, "")
        .applicationName(app).agentId(app + "-1").build();
  }
}
