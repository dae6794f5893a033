package io.pinscope.receiver.mapping;

import static io.pinscope.receiver.mapping.OtlpFixtures.MINUTE;
import static io.pinscope.receiver.mapping.OtlpFixtures.OLD_START;
import static io.pinscope.receiver.mapping.OtlpFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint.Kind;
import io.pinscope.model.MetricValue;
import io.pinscope.model.MetricValue.ExponentialHistogramValue;
import io.pinscope.model.MetricValue.HistogramValue;
import io.pinscope.model.MetricValue.Scalar;
import io.pinscope.receiver.mapping.CumulativeToDelta.Delta;
import io.pinscope.receiver.mapping.CumulativeToDelta.NoDelta;
import io.pinscope.receiver.mapping.CumulativeToDelta.Outcome;
import io.pinscope.receiver.mapping.CumulativeToDelta.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CumulativeToDeltaTest {
  private static final Series CLASSES = new Series("orders-1", "jvm.class.loaded", Kind.SUM, Attributes.empty());
  private static final List<Double> BOUNDS = List.of(0.01, 0.1, 1.0);

  private final CumulativeToDelta deltas = new CumulativeToDelta(100, OtlpFixtures.clockAtT0());

  @Test
  void firstPoint_ofProcessRunningBeforeUs_isOnlyTheBase() {
    assertThat(next(CLASSES, OLD_START, T0, 5_000)).isEqualTo(NoDelta.BASELINE);
    assertThat(next(CLASSES, OLD_START, T0 + MINUTE, 5_012)).isEqualTo(delta(12));
    assertThat(next(CLASSES, OLD_START, T0 + 2 * MINUTE, 5_012)).isEqualTo(delta(0));
  }

  @Test
  void firstPoint_ofSeriesStartedWhileWatching_isEmittedWhole() {
    assertThat(next(CLASSES, T0 + 1_000, T0 + MINUTE, 4_800)).isEqualTo(delta(4_800));
    assertThat(next(CLASSES, T0 + 1_000, T0 + 2 * MINUTE, 4_810)).isEqualTo(delta(10));
  }

  @Test
  void firstPoint_withoutStartTime_isOnlyTheBase() {
    assertThat(next(CLASSES, 0, T0 + MINUTE, 4_800)).isEqualTo(NoDelta.BASELINE);
    assertThat(next(CLASSES, 0, T0 + 2 * MINUTE, 4_810)).isEqualTo(delta(10));
  }

  @Test
  void valueDrop_isAResetThatEmitsTheNewValue() {
    next(CLASSES, 0, T0, 100);
    assertThat(next(CLASSES, 0, T0 + MINUTE, 130)).isEqualTo(delta(30));
    assertThat(next(CLASSES, 0, T0 + 2 * MINUTE, 7)).isEqualTo(delta(7));
    assertThat(next(CLASSES, 0, T0 + 3 * MINUTE, 10)).isEqualTo(delta(3));
  }

  @Test
  void startTimeChange_isARestartEvenWhenTheValueGrew() {
    next(CLASSES, OLD_START, T0, 100);
    long restart = T0 + 30_000_000_000L;
    assertThat(next(CLASSES, restart, T0 + MINUTE, 150)).isEqualTo(delta(150));
    assertThat(next(CLASSES, restart, T0 + 2 * MINUTE, 160)).isEqualTo(delta(10));
  }

  @Test
  void processRestart_newStartAndValueBackNearZero_storesNoNegativeDeltaAndLosesNothingAfterTheReset() {
    // A counter at 100 before us, +30, +30; the process restarts (new start time) and counts 5, then 12.
    long restart = T0 + 2 * MINUTE + 20_000_000_000L;
    List<Outcome> outcomes = List.of(
        next(CLASSES, OLD_START, T0, 100),
        next(CLASSES, OLD_START, T0 + MINUTE, 130),
        next(CLASSES, OLD_START, T0 + 2 * MINUTE, 160),
        next(CLASSES, restart, T0 + 3 * MINUTE, 5),
        next(CLASSES, restart, T0 + 4 * MINUTE, 12));

    assertThat(outcomes).containsExactly(NoDelta.BASELINE, delta(30), delta(30), delta(5), delta(7));
    // Stored total = every increment after the base: 60 before the restart, 12 since it.
    assertThat(outcomes.stream().filter(Delta.class::isInstance)
        .mapToDouble(o -> ((Scalar) ((Delta) o).value()).value()).sum()).isEqualTo(72);
  }

  @Test
  void histogramRestart_newStartTime_emitsTheNewCountsWhole_neverNegativeBuckets() {
    Series gc = new Series("orders-1", "jvm.gc.duration", Kind.HISTOGRAM, Attributes.empty());
    next(gc, OLD_START, T0, histogram(9.0, 0.002, 2.0, 50, 20, 5, 1));
    HistogramValue afterRestart = histogram(0.05, 0.003, 0.04, 2, 1, 0, 0);

    assertThat(next(gc, T0 + 30_000_000_000L, T0 + MINUTE, afterRestart)).isEqualTo(new Delta(afterRestart));
  }

  @Test
  void sameTime_isADuplicate_olderTime_isOutOfOrder_andNeitherMovesTheBase() {
    next(CLASSES, OLD_START, T0, 100);
    next(CLASSES, OLD_START, T0 + MINUTE, 110);

    assertThat(next(CLASSES, OLD_START, T0 + MINUTE, 110)).isEqualTo(NoDelta.DUPLICATE);
    assertThat(next(CLASSES, OLD_START, T0, 100)).isEqualTo(NoDelta.OUT_OF_ORDER);
    assertThat(next(CLASSES, OLD_START, T0 + 2 * MINUTE, 115)).isEqualTo(delta(5));
  }

  @Test
  void seriesAreSeparatedByAgentNameKindAndAttributes() {
    Series heap = new Series("orders-1", "gc", Kind.SUM, Attributes.of("gc", "G1 Young"));
    Series old = new Series("orders-1", "gc", Kind.SUM, Attributes.of("gc", "G1 Old"));
    Series otherAgent = new Series("orders-2", "gc", Kind.SUM, Attributes.of("gc", "G1 Young"));
    for (Series s : List.of(heap, old, otherAgent)) {
      next(s, OLD_START, T0, 10);
    }

    assertThat(next(heap, OLD_START, T0 + MINUTE, 11)).isEqualTo(delta(1));
    assertThat(next(old, OLD_START, T0 + MINUTE, 15)).isEqualTo(delta(5));
    assertThat(next(otherAgent, OLD_START, T0 + MINUTE, 20)).isEqualTo(delta(10));
    assertThat(deltas.size()).isEqualTo(3);
  }

  @Test
  void histogram_subtractsEveryBucket() {
    Series gc = new Series("orders-1", "jvm.gc.duration", Kind.HISTOGRAM, Attributes.empty());
    next(gc, OLD_START, T0, histogram(1.5, 0.002, 0.9, 10, 4, 1, 0));

    Outcome outcome = next(gc, OLD_START, T0 + MINUTE, histogram(4.0, 0.001, 2.5, 12, 4, 3, 1));

    assertThat(outcome).isEqualTo(new Delta(new HistogramValue(5, 2.5, 0.001, 2.5, BOUNDS, List.of(2L, 0L, 2L, 1L))));
  }

  @Test
  void histogram_minAndMaxUnchanged_areUnknownInTheDelta() {
    Series gc = new Series("orders-1", "jvm.gc.duration", Kind.HISTOGRAM, Attributes.empty());
    next(gc, OLD_START, T0, histogram(1.5, 0.002, 0.9, 10, 4, 1, 0));

    HistogramValue delta = (HistogramValue) ((Delta) next(gc, OLD_START, T0 + MINUTE,
        histogram(1.6, 0.002, 0.9, 11, 4, 1, 0))).value();

    assertThat(delta.count()).isEqualTo(1);
    assertThat(delta.min()).isNull();
    assertThat(delta.max()).isNull();
  }

  @Test
  void histogram_decreasedBucketOrChangedBounds_isAReset() {
    Series gc = new Series("orders-1", "jvm.gc.duration", Kind.HISTOGRAM, Attributes.empty());
    next(gc, OLD_START, T0, histogram(1.5, 0.002, 0.9, 10, 4, 1, 0));
    HistogramValue fewer = histogram(1.7, 0.002, 0.9, 9, 6, 1, 0);
    HistogramValue otherBounds = new HistogramValue(20, 3, 0.1, 2.0, List.of(0.5, 5.0), List.of(10L, 5L, 5L));

    assertThat(next(gc, OLD_START, T0 + MINUTE, fewer)).isEqualTo(new Delta(fewer));
    assertThat(next(gc, OLD_START, T0 + 2 * MINUTE, otherBounds)).isEqualTo(new Delta(otherBounds));
  }

  @Test
  void summaryShapedHistogram_withoutBuckets_subtractsCountAndSum() {
    Series rpc = new Series("orders-1", "rpc.duration", Kind.HISTOGRAM, Attributes.empty());
    next(rpc, OLD_START, T0, new HistogramValue(100, 2_000, null, null, List.of(), List.of()));

    assertThat(next(rpc, OLD_START, T0 + MINUTE, new HistogramValue(130, 2_600, null, null, List.of(), List.of())))
        .isEqualTo(new Delta(new HistogramValue(30, 600, null, null, List.of(), List.of())));
  }

  @Test
  void exponential_sameScale_alignsBucketsWhenTheRangeGrows() {
    Series latency = new Series("orders-1", "latency", Kind.EXPONENTIAL_HISTOGRAM, Attributes.empty());
    next(latency, OLD_START, T0, exponential(3, 2, 5, 10, 20, 30));

    // The range grew by one bucket on each side: offset 4, buckets 4..8.
    Outcome outcome = next(latency, OLD_START, T0 + MINUTE, exponential(3, 3, 4, 1, 12, 20, 35, 2));

    assertThat(outcome).isEqualTo(new Delta(new ExponentialHistogramValue(11, 11.0, 3, 1, 4,
        List.of(1L, 2L, 0L, 5L, 2L), 0, List.of())));
  }

  @Test
  void exponential_lowerScale_downscalesTheBaseBeforeSubtracting() {
    Series latency = new Series("orders-1", "latency", Kind.EXPONENTIAL_HISTOGRAM, Attributes.empty());
    // Scale 3, buckets 5, 6, 7 → at scale 2 they fall in buckets 2, 3, 3.
    next(latency, OLD_START, T0, exponential(3, 0, 5, 10, 20, 30));

    Outcome outcome = next(latency, OLD_START, T0 + MINUTE, exponential(2, 0, 2, 11, 52, 100));

    assertThat(outcome).isEqualTo(new Delta(new ExponentialHistogramValue(103, 103.0, 2, 0, 2,
        List.of(1L, 2L, 100L), 0, List.of())));
  }

  @Test
  void exponential_higherScaleOrBaseOutsideTheNewRange_isAReset() {
    Series latency = new Series("orders-1", "latency", Kind.EXPONENTIAL_HISTOGRAM, Attributes.empty());
    next(latency, OLD_START, T0, exponential(2, 0, 5, 10, 20));
    ExponentialHistogramValue finer = exponential(3, 0, 10, 10, 10, 10, 10);
    ExponentialHistogramValue shifted = exponential(3, 0, 20, 50, 50);

    assertThat(next(latency, OLD_START, T0 + MINUTE, finer)).isEqualTo(new Delta(finer));
    assertThat(next(latency, OLD_START, T0 + 2 * MINUTE, shifted)).isEqualTo(new Delta(shifted));
  }

  @Test
  void leastRecentlyUsedSeries_isEvicted_andComesBackAsABaseOnly() {
    CumulativeToDelta small = new CumulativeToDelta(2, OtlpFixtures.clockAtT0());
    Series a = series("a");
    Series b = series("b");
    Series c = series("c");
    long started = T0 + 1_000;
    small.next(a, started, T0 + MINUTE, new Scalar(10));
    small.next(b, started, T0 + MINUTE, new Scalar(20));
    small.next(a, started, T0 + 2 * MINUTE, new Scalar(11));

    small.next(c, started, T0 + 2 * MINUTE, new Scalar(30));

    assertThat(small.size()).isEqualTo(2);
    assertThat(small.evictions()).isEqualTo(1);
    assertThat(small.next(a, started, T0 + 3 * MINUTE, new Scalar(12))).isEqualTo(delta(1));
    // b started while watching, but it was evicted: its whole value would count everything twice.
    assertThat(small.next(b, started, T0 + 3 * MINUTE, new Scalar(25))).isEqualTo(NoDelta.BASELINE);
    // A series that starts no earlier than the evicted ones' last points cannot have been counted before.
    assertThat(small.next(series("d"), T0 + 2 * MINUTE, T0 + 3 * MINUTE, new Scalar(4)))
        .isEqualTo(delta(4));
  }

  @Test
  void maxSeries_belowOne_isRejected() {
    assertThatThrownBy(() -> new CumulativeToDelta(0, OtlpFixtures.clockAtT0()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSeries: 0 (expected: >= 1)");
  }

  @Test
  void concurrentThreads_feedingDistinctSeries_eachGetExactDeltas() throws Exception {
    int threads = 4;
    int seriesPerThread = 200;
    int points = 50;
    CumulativeToDelta shared = new CumulativeToDelta(10_000, OtlpFixtures.clockAtT0());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Double>> totals = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        totals.add(pool.submit(() -> {
          double total = 0;
          for (int i = 0; i < points; i++) {
            for (int s = 0; s < seriesPerThread; s++) {
              Outcome o = shared.next(series(thread + "-" + s), OLD_START, T0 + i * MINUTE,
                  new Scalar(1_000 + i * (s + 1)));
              if (o instanceof Delta d) {
                total += ((Scalar) d.value()).value();
              }
            }
          }
          return total;
        }));
      }
      // Each series grows by (s + 1) per point after its base: 49 * sum(1..200) per thread.
      for (Future<Double> total : totals) {
        assertThat(total.get(30, TimeUnit.SECONDS)).isEqualTo(49.0 * 200 * 201 / 2);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(shared.size()).isEqualTo(threads * seriesPerThread);
    assertThat(shared.evictions()).isZero();
  }

  private Outcome next(Series series, long startNanos, long timeNanos, double value) {
    return deltas.next(series, startNanos, timeNanos, new Scalar(value));
  }

  private Outcome next(Series series, long startNanos, long timeNanos, MetricValue value) {
    return deltas.next(series, startNanos, timeNanos, value);
  }

  private static Delta delta(double value) {
    return new Delta(new Scalar(value));
  }

  private static Series series(String name) {
    return new Series("orders-1", name, Kind.SUM, Attributes.empty());
  }

  private static HistogramValue histogram(double sum, double min, double max, long... buckets) {
    long count = 0;
    List<Long> counts = new ArrayList<>();
    for (long n : buckets) {
      count += n;
      counts.add(n);
    }
    return new HistogramValue(count, sum, min, max, BOUNDS, counts);
  }

  /** Positive buckets only; count = zero count + buckets; sum = count. */
  private static ExponentialHistogramValue exponential(int scale, long zeroCount, int offset, long... buckets) {
    long count = zeroCount;
    List<Long> counts = new ArrayList<>();
    for (long n : buckets) {
      count += n;
      counts.add(n);
    }
    return new ExponentialHistogramValue(count, count, scale, zeroCount, offset, counts, 0, List.of());
  }
}
