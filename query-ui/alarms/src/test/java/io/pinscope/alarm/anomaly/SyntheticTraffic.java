package io.pinscope.alarm.anomaly;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.StatisticsBatch;
import java.util.Random;

/**
 * Synthetic self statistics of one application with daily seasonality: per minute, traffic from 20 calls at
 * 03:00 UTC to 100 at 15:00 (a cosine), and an average response time following the same curve from 200 ms to
 * 400 ms; noise from a seeded {@link Random}: Poisson-like traffic (normal approximation), a log-normal
 * per-minute latency factor (σ 0.08, about what the mean of ~50 calls with a wide per-call spread shows), a
 * per-day factor on both (σ 0.03), and errors at 1 % per call; optionally "hiccups": a share of minutes
 * whose latency is 1.5 to 2.5 times normal and whose calls fail at 5 % (a GC pause, a cold cache, a slow
 * dependency: the heavy tail real noise has). The minutes are kept, so tests and the benchmark can change
 * some (a spike, an outage) and write them again with {@link MapStatistics#replace}.
 */
final class SyntheticTraffic {
  static final String APPLICATION = "checkout";
  static final SelfKey KEY = new SelfKey(APPLICATION, 1010, "checkout-1");
  static final long MINUTE = SlotValue.SLOT_MILLIS;
  static final long DAY = 1_440 * MINUTE;

  private final long startMillis;
  private final Histogram[] minutes;

  /** {@code days} days of minutes from {@code startMillis} (a UTC midnight), drawn from {@code seed}. */
  SyntheticTraffic(long startMillis, int days, long seed) {
    this(startMillis, days, seed, 0);
  }

  /** As {@link #SyntheticTraffic(long, int, long)}, with {@code hiccupShare} (0..1) of the minutes hiccups. */
  SyntheticTraffic(long startMillis, int days, long seed, double hiccupShare) {
    this.startMillis = startMillis;
    this.minutes = new Histogram[days * 1_440];
    Random random = new Random(seed);
    double latencyDay = 1;
    double trafficDay = 1;
    for (int i = 0; i < minutes.length; i++) {
      if (i % 1_440 == 0) {
        latencyDay = Math.exp(0.03 * random.nextGaussian());
        trafficDay = Math.exp(0.03 * random.nextGaussian());
      }
      double season = season(i);
      double rate = (20 + 80 * season) * trafficDay;
      long calls = Math.max(0, Math.round(rate + Math.sqrt(rate) * random.nextGaussian()));
      double latency = (200 + 200 * season) * latencyDay * Math.exp(0.08 * random.nextGaussian() - 0.0032);
      double errorRate = 0.01;
      // Drawn only when asked for, so the plain profile's minutes do not depend on it.
      if (hiccupShare > 0 && random.nextDouble() < hiccupShare) {
        latency *= 1.5 + random.nextDouble();
        errorRate = 0.05;
      }
      long errors = 0;
      for (long c = 0; c < calls; c++) {
        if (random.nextDouble() < errorRate) {
          errors++;
        }
      }
      minutes[i] = histogram(calls, errors, latency);
    }
  }

  /** 0 at 03:00 UTC, 1 at 15:00 UTC. */
  private static double season(int minuteIndex) {
    double hour = (minuteIndex % 1_440) / 60.0;
    return (1 - Math.cos(2 * Math.PI * (hour - 3) / 24)) / 2;
  }

  /** A minute of {@code calls} calls averaging {@code latencyMillis}, {@code errors} of them failed. */
  static Histogram histogram(long calls, long errors, double latencyMillis) {
    long[] ok = new long[Histogram.BANDS];
    long[] failed = new long[Histogram.BANDS];
    int band = HistogramSchema.NORMAL.band(Math.round(latencyMillis));
    ok[band] = calls - errors;
    failed[band] = errors;
    return new Histogram(HistogramSchema.NORMAL, ok, failed, Math.round(calls * latencyMillis),
        calls == 0 ? 0 : Math.round(latencyMillis * 2));
  }

  long startMillis() {
    return startMillis;
  }

  long endMillis() {
    return startMillis + minutes.length * MINUTE;
  }

  /** The minute starting at {@code slotMillis}. */
  Histogram minute(long slotMillis) {
    return minutes[index(slotMillis)];
  }

  /** Writes every minute, a day per batch. */
  void writeTo(MapStatistics statistics) {
    for (int day = 0; day < minutes.length / 1_440; day++) {
      StatisticsBatch batch = new StatisticsBatch();
      for (int i = day * 1_440; i < (day + 1) * 1_440; i++) {
        batch.addSelf(value(i, minutes[i]));
      }
      statistics.write(batch);
    }
  }

  /**
   * Replaces the {@code count} minutes from {@code fromMillis} in storage and here with {@code change} of each;
   * returns a batch of the minutes as they were, for {@link #restore}.
   */
  StatisticsBatch change(MapStatistics statistics, long fromMillis, int count,
      java.util.function.UnaryOperator<Histogram> change) {
    StatisticsBatch before = new StatisticsBatch();
    StatisticsBatch after = new StatisticsBatch();
    for (int i = index(fromMillis); i < index(fromMillis) + count; i++) {
      before.addSelf(value(i, minutes[i]));
      minutes[i] = change.apply(minutes[i]);
      after.addSelf(value(i, minutes[i]));
    }
    statistics.replace(before, after);
    return before;
  }

  /** Puts back the minutes {@link #change} returned. */
  void restore(MapStatistics statistics, StatisticsBatch before) {
    StatisticsBatch now = new StatisticsBatch();
    for (SlotValue<SelfKey> v : before.self()) {
      int i = index(v.slotMillis());
      now.addSelf(value(i, minutes[i]));
      minutes[i] = v.histogram();
    }
    statistics.replace(now, before);
  }

  /** A minute with its average response time multiplied by {@code factor}. */
  static Histogram slower(Histogram minute, double factor) {
    return histogram(minute.totalCount(), minute.errorCount(), minute.averageMillis() * factor);
  }

  private SlotValue<SelfKey> value(int index, Histogram histogram) {
    return new SlotValue<>(startMillis + index * MINUTE, KEY, histogram);
  }

  private int index(long slotMillis) {
    long offset = slotMillis - startMillis;
    if (offset < 0 || offset % MINUTE != 0 || offset >= minutes.length * MINUTE) {
      throw new IllegalArgumentException("slotMillis: " + slotMillis + " (expected: a minute in ["
          + startMillis + ", " + endMillis() + "))");
    }
    return (int) (offset / MINUTE);
  }
}
