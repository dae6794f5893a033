package io.pinscope.receiver.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.TestSpans;
import io.pinscope.model.Attributes;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.servermap.StatisticsBatches;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StatisticsAggregator#accept} sums a call's spans apart and merges them at once: the statistics are
 * exactly those of the same spans accepted one at a time (cells, host mappings, capped routes and statements,
 * folded counts, example transactions, pairing).
 */
class StatisticsAggregatorBatchingTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final Storage traces = Storage.open(StorageConfig.builder().engine("memory").build());
  private final Storage batchedStore = Storage.open(StorageConfig.builder().engine("memory").build());
  private final Storage oneByOneStore = Storage.open(StorageConfig.builder().engine("memory").build());

  @AfterEach
  void close() {
    traces.close();
    batchedStore.close();
    oneByOneStore.close();
  }

  /** Fresh strings, as the receiver decodes each span's values. */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }

  /** Traces of web → api (an HTTP call that may be answered) with database calls, routes and errors. */
  private static List<List<StoredSpan>> batches(Random random) {
    List<List<StoredSpan>> batches = new ArrayList<>();
    for (int b = 0; b < 20; b++) {
      List<StoredSpan> web = new ArrayList<>();
      List<StoredSpan> api = new ArrayList<>();
      for (int t = 0; t < 1 + random.nextInt(8); t++) {
        TraceId trace = new TraceId(b + 1, t + 1);
        long start = random.nextInt(180_000);
        long root = 1;
        long client = 2;
        web.add(span(trace, "web", SpanKind.SERVER, root, SpanIds.NONE, start, random)
            .attributes(Attributes.of("http.route", fresh("/r" + random.nextInt(6)), "http.request.method", "GET"))
            .build());
        web.add(span(trace, "web", SpanKind.CLIENT, client, root, start + 1, random)
            .attributes(Attributes.of("server.address", fresh("api" + random.nextInt(2)), "server.port", 8080L))
            .build());
        if (random.nextInt(4) > 0) { // sometimes nobody answers: an external host
          api.add(span(trace, "api", SpanKind.SERVER, 3, client, start + 2, random)
              .attributes(Attributes.of("url.path", fresh("/items/" + random.nextInt(1000)))).build());
          api.add(span(trace, "api", SpanKind.CLIENT, 4, 3, start + 3, random)
              .attributes(Attributes.of("db.system", "postgresql", "db.name", fresh("shop"), "db.statement",
                  fresh("SELECT * FROM t" + random.nextInt(6) + " WHERE id = " + random.nextInt(100)),
                  "server.address", fresh("pg"), "server.port", 5432L)).build());
        }
      }
      batches.add(web);
      if (!api.isEmpty()) {
        batches.add(api);
      }
    }
    return batches;
  }

  private static StoredSpan.Builder span(TraceId trace, String app, SpanKind kind, long id, long parent, long start,
      Random random) {
    StoredSpan.Builder b = TestSpans.span(app, kind, id, parent, start, start + random.nextInt(3_000))
        .traceId(trace).applicationName(fresh(app));
    return random.nextInt(6) == 0 ? b.status(StatusCode.ERROR, "") : b;
  }

  @Test
  void aCallsSpansAtOnce_countExactlyAsOneAtATime() {
    for (int seed = 0; seed < 10; seed++) {
      Random random = new Random(seed);
      List<List<StoredSpan>> batches = batches(random);
      StatisticsConfig config = new StatisticsConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), 1_000, 3, 4);
      StatisticsAggregatorTest.FlakySink batchedSink = new StatisticsAggregatorTest.FlakySink(
          batchedStore.statistics());
      StatisticsAggregatorTest.FlakySink oneByOneSink = new StatisticsAggregatorTest.FlakySink(
          oneByOneStore.statistics());
      StatisticsAggregator batched = new StatisticsAggregator(batchedSink, traces.traces(), config, clock);
      StatisticsAggregator oneByOne = new StatisticsAggregator(oneByOneSink, traces.traces(), config, clock);
      for (int i = 0; i < batches.size(); i++) {
        List<StoredSpan> spans = batches.get(i);
        traces.traces().write(spans);
        batched.accept(ServiceTypeRegistry.JAVA, spans);
        for (StoredSpan s : spans) {
          oneByOne.accept(ServiceTypeRegistry.JAVA, List.of(s));
        }
        if (i % 7 == 6) {
          clock.advance(Duration.ofSeconds(4));
          batched.flush();
          oneByOne.flush();
        }
      }
      batched.close();
      oneByOne.close();

      assertThat(batchedSink.batches).hasSameSizeAs(oneByOneSink.batches);
      for (int i = 0; i < batchedSink.batches.size(); i++) {
        StatisticsBatches.assertSameBatch(batchedSink.batches.get(i), oneByOneSink.batches.get(i),
            "seed " + seed + ", batch " + i);
      }
      StatisticsAggregator.Snapshot a = batched.snapshot();
      StatisticsAggregator.Snapshot b = oneByOne.snapshot();
      assertThat(a.foldedRouteSpans()).isEqualTo(b.foldedRouteSpans()).isPositive();
      assertThat(a.foldedStatementSpans()).isEqualTo(b.foldedStatementSpans()).isPositive();
      assertThat(a.pairs()).isEqualTo(b.pairs()).isPositive();
      assertThat(a.expiredUnpaired()).isEqualTo(b.expiredUnpaired()).isPositive();
    }
  }
}
