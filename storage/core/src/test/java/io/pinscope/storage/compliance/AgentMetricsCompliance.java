package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AgentMetrics}: every metric type round-trips, time order, range bounds and limits; buckets fold
 * scalars and histograms per series and bucket and read ranges beyond {@link AgentMetrics#MAX_POINTS}.
 */
public abstract class AgentMetricsCompliance extends StorageCompliance {
  private static final long T = (TODAY_MILLIS + 7 * 3_600_000L) * 1_000_000L;

  static List<MetricPoint> everyType(String agent) {
    Attributes heap = Attributes.of("jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Eden Space");
    return List.of(
        new MetricPoint(agent, "jvm.memory.used", "By", MetricPoint.Kind.GAUGE, heap, T + 1, new MetricValue.Scalar(1.5e8)),
        new MetricPoint(agent, "jvm.memory.used", "By", MetricPoint.Kind.GAUGE, Attributes.of("jvm.memory.type", "non_heap"),
            T + 2, new MetricValue.Scalar(3e7)),
        new MetricPoint(agent, "jvm.class.loaded", "{class}", MetricPoint.Kind.SUM, Attributes.empty(), T + 3_000_000_000L,
            new MetricValue.Scalar(12)),
        new MetricPoint(agent, "http.server.request.duration", "s", MetricPoint.Kind.HISTOGRAM,
            Attributes.of("http.route", "/a"), T + 4_000_000_000L,
            new MetricValue.HistogramValue(6, 1.25, 0.01, 0.9, List.of(0.1, 0.5), List.of(3L, 2L, 1L))),
        new MetricPoint(agent, "rpc.duration", "ms", MetricPoint.Kind.EXPONENTIAL_HISTOGRAM, Attributes.empty(),
            T + 5_000_000_000L,
            new MetricValue.ExponentialHistogramValue(9, 42.5, 3, 1, -2, List.of(1L, 2L, 3L), 1, List.of(2L))));
  }

  @Test
  protected void roundTrip_everyMetricType_inTimeOrder() {
    Storage storage = open();
    List<MetricPoint> points = everyType("agent-m");
    storage.metrics().write(List.of(points.get(4), points.get(2), points.get(0), points.get(3), points.get(1)));

    List<MetricPoint> read = storage.metrics().read("agent-m", T / 1_000_000L, T / 1_000_000L + 10_000, 100);

    assertThat(read).hasSize(5).containsExactlyInAnyOrderElementsOf(points);
    assertThat(read).extracting(MetricPoint::epochMillis).isSorted();
  }

  @Test
  protected void read_boundsLimitAndOtherAgents() {
    Storage storage = open();
    storage.metrics().write(everyType("agent-a"));
    storage.metrics().write(everyType("agent-b"));
    long ms = T / 1_000_000L;

    assertThat(storage.metrics().read("agent-a", ms + 3_000, ms + 5_000, 100))
        .extracting(MetricPoint::name).containsExactly("jvm.class.loaded", "http.server.request.duration");
    assertThat(storage.metrics().read("agent-a", ms, ms + 10_000, 2)).hasSize(2);
    assertThat(storage.metrics().read("agent-c", ms, ms + 10_000, 100)).isEmpty();
    assertThatThrownBy(() -> storage.metrics().read("agent-a", 0, 1, 0)).hasMessageContaining("limit: 0");
  }

  private static MetricPoint gauge(String agent, String name, Attributes attributes, long millis, double value) {
    return new MetricPoint(agent, name, "1", MetricPoint.Kind.GAUGE, attributes, millis * 1_000_000L,
        new MetricValue.Scalar(value));
  }

  private static MetricPoint histogram(String agent, long millis, long count, double sum) {
    return new MetricPoint(agent, "jvm.gc.duration", "s", MetricPoint.Kind.HISTOGRAM,
        Attributes.of("jvm.gc.name", "G1 Young Generation"), millis * 1_000_000L,
        new MetricValue.HistogramValue(count, sum, null, null, List.of(), List.of()));
  }

  @Test
  protected void buckets_foldScalarsAndHistogramsPerSeriesAndBucket() {
    Storage storage = open();
    long ms = T / 1_000_000L;
    long b0 = Math.floorDiv(ms, 10_000L) * 10_000L;
    Attributes eden = Attributes.of("pool", "eden");
    Attributes old = Attributes.of("pool", "old");
    storage.metrics().write(List.of(
        gauge("agent-b", "mem", eden, b0 + 9_000, 4),
        gauge("agent-b", "mem", eden, b0 + 1_000, 6),
        gauge("agent-b", "mem", eden, b0 + 5_000, 2),
        gauge("agent-b", "mem", eden, b0 + 12_000, 7),
        gauge("agent-b", "mem", old, b0 + 2_000, 100),
        gauge("agent-b", "cpu", Attributes.empty(), b0 + 3_000, 0.5),
        gauge("agent-b", "cpu", Attributes.empty(), b0 + 30_000, 0.9),
        histogram("agent-b", b0 + 1_000, 4, 2.0),
        histogram("agent-b", b0 + 2_000, 0, 0.0),
        histogram("agent-b", b0 + 3_000, 1, 3.0),
        histogram("agent-b", b0 + 4_000, 6, Double.NaN), // sent without a sum
        gauge("agent-other", "mem", eden, b0 + 1_000, 99)));

    List<MetricBucket> buckets = storage.metrics().buckets("agent-b", b0, b0 + 30_000, 10_000);

    assertThat(buckets).extracting(b -> b.name() + b.attributes() + "@" + (b.bucketStartMillis() - b0))
        .containsExactly("cpu{}@0", "jvm.gc.duration{jvm.gc.name=G1 Young Generation}@0",
            "mem{pool=eden}@0", "mem{pool=eden}@10000", "mem{pool=old}@0");
    MetricBucket eden0 = buckets.get(2);
    assertThat(eden0).isEqualTo(new MetricBucket("mem", "1", MetricPoint.Kind.GAUGE, eden, b0, 3, 12, 2.0, 6.0,
        4.0, 0, 0));
    // The empty histogram point and the one without a sum count but have no average: values are 2.0/4 and
    // 3.0/1; the mean observation is 5.0 over the 5 observations with a sum, not over all 11.
    MetricBucket gc = buckets.get(1);
    assertThat(gc.count()).isEqualTo(4);
    assertThat(gc.sum()).isEqualTo(3.5);
    assertThat(gc.min()).isEqualTo(0.5);
    assertThat(gc.max()).isEqualTo(3.0);
    assertThat(gc.last()).isEqualTo(3.0);
    assertThat(gc.histogramCount()).isEqualTo(11);
    assertThat(gc.histogramSum()).isEqualTo(5.0);
    assertThat(gc.histogramSumCount()).isEqualTo(5);
    assertThat(gc.histogram()).isTrue();
    assertThat(storage.metrics().buckets("agent-b", b0, b0, 1_000)).isEmpty();
    assertThat(storage.metrics().buckets("agent-none", b0, b0 + 30_000, 1_000)).isEmpty();
  }

  @Test
  protected void buckets_onlyEmptyHistogramsHaveNoValue() {
    Storage storage = open();
    long ms = T / 1_000_000L;
    storage.metrics().write(List.of(histogram("agent-e", ms, 0, 0.0)));

    MetricBucket only = storage.metrics().buckets("agent-e", ms, ms + 1, 60_000).get(0);

    assertThat(only.count()).isEqualTo(1);
    assertThat(only.sum()).isZero();
    assertThat(only.min()).isNull();
    assertThat(only.max()).isNull();
    assertThat(only.last()).isNull();
    assertThat(only.bucketStartMillis()).isEqualTo(Math.floorDiv(ms, 60_000L) * 60_000L);
  }

  @Test
  protected void buckets_readEveryPointBeyondMaxPoints() {
    Storage storage = open();
    long ms = Math.floorDiv(T / 1_000_000L, 1_000_000L) * 1_000_000L;
    int millis = 45_000;
    int wideRow = 12_000;
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < millis; i++) {
      batch.add(gauge("agent-big", "a", Attributes.empty(), ms + i, 1));
      batch.add(gauge("agent-big", "b", Attributes.empty(), ms + i, 2));
      flushEvery(storage, batch);
    }
    // One millisecond with more series than a storage page: a row wider than any page.
    for (int i = 0; i < wideRow; i++) {
      batch.add(gauge("agent-big", "w", Attributes.of("i", (long) i), ms + millis, 3));
      flushEvery(storage, batch);
    }
    storage.metrics().write(batch);
    assertThat(2 * millis + wideRow).isGreaterThan(AgentMetrics.MAX_POINTS);

    List<MetricBucket> buckets = storage.metrics().buckets("agent-big", ms, ms + millis + 1, 1_000_000);

    assertThat(buckets).hasSize(2 + wideRow);
    assertThat(buckets.get(0)).extracting(MetricBucket::name, MetricBucket::count, MetricBucket::sum)
        .containsExactly("a", (long) millis, (double) millis);
    assertThat(buckets.get(1)).extracting(MetricBucket::name, MetricBucket::count, MetricBucket::sum)
        .containsExactly("b", (long) millis, 2.0 * millis);
    assertThat(buckets.subList(2, buckets.size())).allSatisfy(b -> assertThat(b.count()).isEqualTo(1));
    assertThat(buckets.stream().mapToLong(MetricBucket::count).sum()).isEqualTo(2L * millis + wideRow);
  }

  private static void flushEvery(Storage storage, List<MetricPoint> batch) {
    if (batch.size() >= 5_000) {
      storage.metrics().write(batch);
      batch.clear();
    }
  }

  @Test
  protected void buckets_rejectBadArguments() {
    Storage storage = open();
    assertThatThrownBy(() -> storage.metrics().buckets("agent-a", 10, 5, 1_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toMillis: 5");
    assertThatThrownBy(() -> storage.metrics().buckets("agent-a", 0, 5, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucketMillis: 0 (expected: >= 1)");
  }
}
