package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.storage.MetricRollups;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MetricRollups}: buckets of whole hours answer the same whether their hours are rolled up or folded from
 * the raw points (partial hours at the ends, hours not rolled up yet); roll-ups go on from their progress, are
 * idempotent and survive a restart; a late point is seen by short buckets only.
 */
public abstract class MetricRollupCompliance extends StorageCompliance {
  private static final long HOUR = 3_600_000L;
  /** 06:00 today (UTC): a start of 1, 3 and 6-hour buckets. */
  private static final long H0 = Math.floorDiv(TODAY_MILLIS, 24 * HOUR) * 24 * HOUR + 6 * HOUR;
  private static final int HOURS = 30;

  /** Points every 60 s (jittered) for {@value #HOURS} hours: two gauges, a delta sum and a histogram. */
  private static List<MetricPoint> workload(String agent, long seed) {
    Random random = new Random(seed);
    Attributes eden = Attributes.of("jvm.memory.pool.name", "G1 Eden Space", "jvm.memory.type", "heap");
    List<MetricPoint> out = new ArrayList<>();
    for (long t = H0 + 7_000; t < H0 + HOURS * HOUR; t += 60_000) {
      long nanos = (t + random.nextInt(500)) * 1_000_000L + random.nextInt(1_000_000);
      out.add(point(agent, "jvm.memory.used", "By", MetricPoint.Kind.GAUGE, eden, nanos,
          new MetricValue.Scalar(1e8 * random.nextDouble())));
      out.add(point(agent, "jvm.cpu.recent_utilization", "1", MetricPoint.Kind.GAUGE, Attributes.empty(), nanos,
          new MetricValue.Scalar(random.nextDouble() / 3)));
      out.add(point(agent, "jvm.class.loaded", "{class}", MetricPoint.Kind.SUM, Attributes.empty(), nanos,
          new MetricValue.Scalar(random.nextInt(5))));
      long n = random.nextInt(3); // some minutes without a collection: no average
      double gcSum = n * 0.013 * random.nextDouble();
      // Every seventh minute a histogram without a sum (NaN): its observations count, its sum is unknown.
      out.add(point(agent, "jvm.gc.duration", "s", MetricPoint.Kind.HISTOGRAM,
          Attributes.of("jvm.gc.name", "G1 Young Generation"), nanos, new MetricValue.HistogramValue(n,
              (t / 60_000) % 7 == 0 ? Double.NaN : gcSum, null, null, List.of(), List.of())));
    }
    return out;
  }

  private static MetricPoint point(String agent, String name, String unit, MetricPoint.Kind kind,
      Attributes attributes, long nanos, MetricValue value) {
    return new MetricPoint(agent, name, unit, kind, attributes, nanos, value);
  }

  /** The buckets of a few ranges and sizes, whole hours and not, aligned and not. */
  private static List<List<MetricBucket>> views(Storage storage, String agent) {
    return List.of(
        storage.metrics().buckets(agent, H0, H0 + HOURS * HOUR, HOUR),
        storage.metrics().buckets(agent, H0, H0 + HOURS * HOUR, 3 * HOUR),
        storage.metrics().buckets(agent, H0 + 17 * 60_000 + 3, H0 + 25 * HOUR + 1_234, 6 * HOUR),
        storage.metrics().buckets(agent, H0 - 5 * HOUR, H0 + 40 * HOUR, 24 * HOUR),
        storage.metrics().buckets(agent, H0 + HOUR / 2, H0 + 3 * HOUR + HOUR / 2, HOUR),
        // Whole ten minutes: the ten-minute roll-ups (ahead of the hours' by up to 50 minutes), partial ends.
        storage.metrics().buckets(agent, H0 + 7 * 60_000 + 11, H0 + 12 * HOUR + 1_234, 10 * 60_000),
        storage.metrics().buckets(agent, H0, H0 + 30 * HOUR, 30 * 60_000));
  }

  @Test
  protected void bucketsOfWholeHours_areTheSame_rolledUpOrNot_partlyOrWholly() {
    Storage storage = open();
    String agent = uniqueName("agent");
    storage.metrics().write(workload(agent, 42));
    List<List<MetricBucket>> raw = views(storage, agent);
    MetricRollups rollups = storage.metricRollups();
    assertThat(rollups.rolledUpUntil(agent)).isZero();

    assertThat(rollups.rollUp(agent, H0 + 10 * HOUR + 59 * 60_000)).isEqualTo(10);
    assertThat(rollups.rolledUpUntil(agent)).isEqualTo(H0 + 10 * HOUR);
    assertThat(views(storage, agent)).isEqualTo(raw);

    assertThat(rollups.rollUp(agent, H0 + 100 * HOUR)).isEqualTo(90);
    assertThat(rollups.rolledUpUntil(agent)).isEqualTo(H0 + 100 * HOUR);
    assertThat(views(storage, agent)).isEqualTo(raw);
    assertThat(raw.get(0)).hasSize(4 * HOURS);
    // The histograms without a sum are in the roll-ups' counts but not in their counts of summed observations.
    assertThat(raw.get(0)).filteredOn(MetricBucket::histogram)
        .anyMatch(b -> b.histogramSumCount() < b.histogramCount() && b.histogramSumCount() > 0);
    assertThat(raw.get(1)).hasSize(4 * HOURS / 3);
  }

  @Test
  protected void hourBuckets_foldEveryPointOfTheHour() {
    Storage storage = open();
    String agent = uniqueName("agent");
    Attributes none = Attributes.empty();
    storage.metrics().write(List.of(
        point(agent, "g", "1", MetricPoint.Kind.GAUGE, none, (H0 + 1_000) * 1_000_000L, new MetricValue.Scalar(4)),
        point(agent, "g", "1", MetricPoint.Kind.GAUGE, none, (H0 + HOUR - 1) * 1_000_000L, new MetricValue.Scalar(1)),
        point(agent, "g", "1", MetricPoint.Kind.GAUGE, none, (H0 + HOUR) * 1_000_000L, new MetricValue.Scalar(8)),
        point(agent, "g", "1", MetricPoint.Kind.GAUGE, none, (H0 + 2 * HOUR + 5) * 1_000_000L,
            new MetricValue.Scalar(2))));
    storage.metricRollups().rollUp(agent, H0 + 2 * HOUR);

    assertThat(storage.metrics().buckets(agent, H0, H0 + 3 * HOUR, 3 * HOUR)).containsExactly(
        new MetricBucket("g", "1", MetricPoint.Kind.GAUGE, none, H0, 4, 15, 1.0, 8.0, 2.0, 0, 0));
    assertThat(storage.metrics().buckets(agent, H0, H0 + 3 * HOUR, HOUR)).extracting(MetricBucket::sum)
        .containsExactly(5.0, 8.0, 2.0);
  }

  @Test
  protected void rollUp_goesOnFromItsProgress_andIsIdempotent() {
    Storage storage = open();
    String agent = uniqueName("agent");
    storage.metrics().write(workload(agent, 7));
    MetricRollups rollups = storage.metricRollups();

    assertThat(rollups.rollUp(agent, H0 + 5 * HOUR)).isEqualTo(5);
    assertThat(rollups.rollUp(agent, H0 + 5 * HOUR + 1)).isZero();
    assertThat(rollups.rollUp(agent, H0 + 4 * HOUR)).isZero();
    assertThat(rollups.rolledUpUntil(agent)).isEqualTo(H0 + 5 * HOUR);
    assertThat(rollups.rollUp(agent, H0 + 6 * HOUR)).isEqualTo(1);
    // An agent without points has nothing to roll up, and no progress.
    String silent = uniqueName("silent");
    assertThat(rollups.rollUp(silent, H0 + 6 * HOUR)).isZero();
    assertThat(rollups.rolledUpUntil(silent)).isZero();
  }

  @Test
  protected void latePoint_inARolledUpHour_isInShortBucketsOnly() {
    Storage storage = open();
    String agent = uniqueName("agent");
    Attributes none = Attributes.empty();
    storage.metrics().write(List.of(
        point(agent, "g", "1", MetricPoint.Kind.GAUGE, none, (H0 + 1_000) * 1_000_000L, new MetricValue.Scalar(4))));
    storage.metricRollups().rollUp(agent, H0 + HOUR);
    storage.metrics().write(List.of(
        point(agent, "g", "1", MetricPoint.Kind.GAUGE, none, (H0 + 2_000) * 1_000_000L, new MetricValue.Scalar(6))));

    assertThat(storage.metrics().buckets(agent, H0, H0 + HOUR, HOUR)).singleElement()
        .extracting(MetricBucket::count).isEqualTo(1L);
    // Whole ten minutes were rolled up with the hour: they keep the rolled-up value too.
    assertThat(storage.metrics().buckets(agent, H0, H0 + HOUR, 30 * 60_000)).singleElement()
        .extracting(MetricBucket::count).isEqualTo(1L);
    assertThat(storage.metrics().buckets(agent, H0, H0 + HOUR, 5 * 60_000)).singleElement()
        .extracting(MetricBucket::count).isEqualTo(2L);
  }

  @Test
  protected void rollUps_andTheirProgress_surviveARestart() {
    assumeTrue(engineUnderTest().persistent(), engine() + " keeps data in memory only");
    String agent = uniqueName("agent");
    List<List<MetricBucket>> before;
    try (Storage storage = open()) {
      storage.metrics().write(workload(agent, 3));
      storage.metricRollups().rollUp(agent, H0 + 12 * HOUR);
      before = views(storage, agent);
    }
    try (Storage storage = open()) {
      assertThat(storage.metricRollups().rolledUpUntil(agent)).isEqualTo(H0 + 12 * HOUR);
      assertThat(views(storage, agent)).isEqualTo(before);
      assertThat(storage.metricRollups().rollUp(agent, H0 + 12 * HOUR)).isZero();
    }
  }
}
