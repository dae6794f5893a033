package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.span;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Concurrent writers: increments to the same cells lose no count; span writes to one trace all land. */
public abstract class ConcurrencyCompliance extends StorageCompliance {
  private static final int THREADS = 8;
  private static final int ROUNDS = 500;

  @Test
  protected void eightThreads_incrementingTheSameCells_loseNoCount() throws Exception {
    Storage storage = open();
    String app = uniqueName("orders");
    long slot = SlotValue.slotOf(TODAY_MILLIS + 3_600_000L);
    SelfKey self = new SelfKey(app, 1001, "a1");
    LinkKey link = new LinkKey(app, 1001, "mysql-orders", 2100, "db:3306");
    runConcurrently(thread -> {
      for (int i = 0; i < ROUNDS; i++) {
        long elapsed = (thread * ROUNDS + i) % 6_000;
        Histogram h = Histogram.of(HistogramSchema.NORMAL, elapsed, i % 10 == 0);
        storage.statistics().write(new StatisticsBatch()
            .addSelf(new SlotValue<>(slot, self, h)).addLink(new SlotValue<>(slot, link, h)));
      }
    });

    Histogram expected = Histogram.empty(HistogramSchema.NORMAL);
    for (int thread = 0; thread < THREADS; thread++) {
      for (int i = 0; i < ROUNDS; i++) {
        expected = expected.plus((thread * ROUNDS + i) % 6_000, i % 10 == 0);
      }
    }
    assertThat(expected.totalCount()).isEqualTo(THREADS * ROUNDS);
    assertThat(storage.statistics().readSelf(app, slot, slot + SlotValue.SLOT_MILLIS))
        .containsExactly(new SlotValue<>(slot, self, expected));
    assertThat(storage.statistics().readOutLinks(app, slot, slot + SlotValue.SLOT_MILLIS))
        .containsExactly(new SlotValue<>(slot, link, expected));
    assertThat(storage.statistics().readInLinks("mysql-orders", slot, slot + SlotValue.SLOT_MILLIS))
        .filteredOn(v -> v.key().callerName().equals(app))
        .containsExactly(new SlotValue<>(slot, link, expected));
  }

  @Test
  protected void eightThreads_writingSpansOfOneTrace_allLand() throws Exception {
    Storage storage = open();
    TraceId traceId = randomTraceId();
    List<StoredSpan> written = java.util.Collections.synchronizedList(new ArrayList<>());
    runConcurrently(thread -> {
      for (int i = 0; i < 100; i++) {
        StoredSpan s = span(traceId, "app-" + thread, i).build();
        written.add(s);
        storage.traces().write(List.of(s));
      }
    });

    assertThat(storage.traces().find(traceId).spans()).containsExactlyInAnyOrderElementsOf(written);
  }

  /** One thread's share of concurrent work. */
  interface Work {
    void run(int thread) throws Exception;
  }

  private static void runConcurrently(Work work) throws Exception {
    runConcurrently(THREADS, work);
  }

  /** Runs {@code work} on {@code threads} threads released together; rethrows the first failure. */
  static void runConcurrently(int threads, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          work.run(thread);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
