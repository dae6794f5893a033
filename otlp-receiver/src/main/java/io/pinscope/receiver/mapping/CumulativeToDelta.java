package io.pinscope.receiver.mapping;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.MetricValue.ExponentialHistogramValue;
import io.pinscope.model.MetricValue.HistogramValue;
import io.pinscope.model.MetricValue.Scalar;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns cumulative points (monotonic sums, histograms, exponential histograms, summaries) into deltas,
 * remembering the last cumulative point of each series. A series is (agent id, metric name, kind, point
 * attributes); a host's metrics come with the host's reserved owner id as the agent id
 * ({@link io.pinscope.model.HostInfo#metricsOwner}), so their bases are kept per host. Thread-safe: ingest
 * threads share one instance.
 *
 * <p>For each point of a series, by its time and {@code start_time_unix_nano}:
 * <ul>
 *   <li><b>first point seen</b>: it becomes the base. Its whole value is also emitted as the delta when its
 *       start time is set and not before the <em>watermark</em>, i.e. the series started while this instance
 *       was watching, so none of its counts can have been reported before: an application that starts
 *       after Pinscope keeps the requests it served before its first export, and a short-lived job that
 *       exports once is not lost. Otherwise (start unknown, or before the watermark: the process was
 *       already running when Pinscope started or the series was evicted) it gives no delta, so a Pinscope
 *       restart or an eviction never turns hours of history into one spike. The watermark starts at this
 *       instance's creation time (our clock; the start time is the sender's clock, so a few seconds of skew
 *       can misclassify a series that starts exactly then) and moves up to the last point time of every
 *       evicted series.
 *   <li><b>newer point, same start, no count decreased</b>: the difference is emitted.
 *   <li><b>reset</b>: the start time changed (the process or the instrument restarted), a count or value
 *       decreased, or the shape no longer matches (histogram bounds, an exponential histogram whose scale
 *       grew or whose old buckets fall outside the new range): the counter restarted from 0, so the new
 *       value is emitted whole as the delta since the reset, and becomes the base.
 *   <li><b>same time as the base</b>: a duplicate (typically a retried export); nothing is emitted.
 *   <li><b>older than the base</b>: out of order; nothing is emitted and the caller rejects it.
 * </ul>
 *
 * <p>Histogram deltas subtract every bucket. The delta's min (max) is known only when it is below (above)
 * the base's, or when the base counted nothing; otherwise it is null. Exponential histograms are aligned
 * by bucket index: a base at a finer scale is downscaled to the new one (the SDK only ever lowers the scale
 * of a cumulative histogram), and the delta keeps the new point's scale and offsets.
 *
 * <p>Memory is bounded by {@code maxSeries}: past it, the least recently used series is evicted, and its
 * next point becomes a new base (one interval of that series is not counted). A series costs its key (the
 * names and attributes: about 0.5 KB with two attributes) and its last value (16 bytes per histogram
 * bucket), so the default 50,000 series (500 agents of the Java agent's ~100 series) take 25 to 40 MB.
 * All state sits behind one lock; the work under it is a few subtractions per point.
 */
public final class CumulativeToDelta {
  /** The default bound on remembered series. */
  public static final int DEFAULT_MAX_SERIES = 50_000;

  private final int maxSeries;
  private final Object lock = new Object();
  private final LinkedHashMap<Series, Base> bases;
  private long watermarkNanos;
  private long evictions;

  /**
   * A store remembering at most {@code maxSeries} series (at least 1); {@code clock} gives the initial
   * watermark (see the class description).
   */
  public CumulativeToDelta(int maxSeries, Clock clock) {
    requireNonNull(clock, "clock");
    if (maxSeries < 1) {
      throw new IllegalArgumentException("maxSeries: " + maxSeries + " (expected: >= 1)");
    }
    this.maxSeries = maxSeries;
    this.watermarkNanos = toNanos(clock.instant());
    this.bases = new LinkedHashMap<>(Math.min(maxSeries, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Series, Base> eldest) {
        if (size() <= CumulativeToDelta.this.maxSeries) {
          return false;
        }
        watermarkNanos = Math.max(watermarkNanos, eldest.getValue().timeNanos());
        evictions++;
        return true;
      }
    };
  }

  /** A store with {@link #DEFAULT_MAX_SERIES} and the system clock. */
  public static CumulativeToDelta create() {
    return new CumulativeToDelta(DEFAULT_MAX_SERIES, Clock.systemUTC());
  }

  /** The bound on remembered series. */
  public int maxSeries() {
    return maxSeries;
  }

  /** The number of series remembered now. */
  public int size() {
    synchronized (lock) {
      return bases.size();
    }
  }

  /** How many series were evicted to stay within {@link #maxSeries()} since creation. */
  public long evictions() {
    synchronized (lock) {
      return evictions;
    }
  }

  /**
   * The delta for the next cumulative point of {@code series}: times in epoch nanoseconds
   * ({@code startNanos} 0 when unknown), {@code cumulative} a {@link Scalar} (a monotonic sum), a
   * {@link HistogramValue} or an {@link ExponentialHistogramValue} with non-negative counts.
   */
  Outcome next(Series series, long startNanos, long timeNanos, MetricValue cumulative) {
    synchronized (lock) {
      Base base = bases.get(series);
      if (base == null) {
        // Decide before put(): an eviction it causes may raise the watermark.
        boolean startedUnderWatch = startNanos != 0 && startNanos >= watermarkNanos;
        bases.put(series, new Base(startNanos, timeNanos, cumulative));
        return startedUnderWatch ? new Delta(cumulative) : NoDelta.BASELINE;
      }
      if (timeNanos == base.timeNanos()) {
        return NoDelta.DUPLICATE;
      }
      if (timeNanos < base.timeNanos()) {
        return NoDelta.OUT_OF_ORDER;
      }
      MetricValue delta = startNanos == base.startNanos() ? subtract(base.cumulative(), cumulative) : null;
      bases.put(series, new Base(startNanos, timeNanos, cumulative));
      return new Delta(delta != null ? delta : cumulative);
    }
  }

  /** One time series. {@code attributes} are compared in order, so callers pass them normalized. */
  record Series(String agentId, String name, MetricPoint.Kind kind, Attributes attributes) {}

  /** What {@link #next} made of a point. */
  sealed interface Outcome permits Delta, NoDelta {}

  /** The delta since the previous point, or since the counter started. */
  record Delta(MetricValue value) implements Outcome {}

  /** No delta: why. */
  enum NoDelta implements Outcome {
    /** The first point of a series that may have been counted before; it only became the base. */
    BASELINE,
    /** Same time as the base: a repeated point. */
    DUPLICATE,
    /** Older than the base. */
    OUT_OF_ORDER
  }

  private record Base(long startNanos, long timeNanos, MetricValue cumulative) {}

  /** {@code current - previous}, or null when {@code current} is a reset. */
  private static @Nullable MetricValue subtract(MetricValue previous, MetricValue current) {
    if (previous instanceof Scalar p && current instanceof Scalar c) {
      return c.value() < p.value() ? null : new Scalar(c.value() - p.value());
    }
    if (previous instanceof HistogramValue p && current instanceof HistogramValue c) {
      return subtract(p, c);
    }
    if (previous instanceof ExponentialHistogramValue p && current instanceof ExponentialHistogramValue c) {
      return subtract(p, c);
    }
    return null;
  }

  private static @Nullable HistogramValue subtract(HistogramValue p, HistogramValue c) {
    if (c.count() < p.count() || !c.bounds().equals(p.bounds())
        || c.bucketCounts().size() != p.bucketCounts().size()) {
      return null;
    }
    List<Long> buckets = new ArrayList<>(c.bucketCounts().size());
    for (int i = 0; i < c.bucketCounts().size(); i++) {
      long d = c.bucketCounts().get(i) - p.bucketCounts().get(i);
      if (d < 0) {
        return null;
      }
      buckets.add(d);
    }
    long count = c.count() - p.count();
    Double min = null;
    Double max = null;
    if (count > 0) {
      // A new extreme can only come from this interval; an unchanged one may be older.
      min = c.min() != null && (p.count() == 0 || p.min() != null && c.min() < p.min()) ? c.min() : null;
      max = c.max() != null && (p.count() == 0 || p.max() != null && c.max() > p.max()) ? c.max() : null;
    }
    return new HistogramValue(count, c.sum() - p.sum(), min, max, c.bounds(), buckets);
  }

  private static @Nullable ExponentialHistogramValue subtract(ExponentialHistogramValue p,
      ExponentialHistogramValue c) {
    int shift = p.scale() - c.scale();
    if (shift < 0 || shift > 62 || c.count() < p.count() || c.zeroCount() < p.zeroCount()) {
      return null;
    }
    List<Long> positive = subtract(p.positiveOffset(), p.positiveCounts(), shift, c.positiveOffset(),
        c.positiveCounts());
    List<Long> negative = subtract(p.negativeOffset(), p.negativeCounts(), shift, c.negativeOffset(),
        c.negativeCounts());
    if (positive == null || negative == null) {
      return null;
    }
    return new ExponentialHistogramValue(c.count() - p.count(), c.sum() - p.sum(), c.scale(),
        c.zeroCount() - p.zeroCount(), c.positiveOffset(), positive, c.negativeOffset(), negative);
  }

  /**
   * Current buckets minus previous ones downscaled by {@code shift} (bucket {@code i} at the finer scale
   * falls in bucket {@code i >> shift}), or null when a previous count has no room in the current range.
   */
  private static @Nullable List<Long> subtract(int previousOffset, List<Long> previous, int shift,
      int offset, List<Long> current) {
    long[] out = new long[current.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = current.get(i);
    }
    for (int i = 0; i < previous.size(); i++) {
      long n = previous.get(i);
      if (n == 0) {
        continue;
      }
      long j = (((long) previousOffset + i) >> shift) - offset;
      if (j < 0 || j >= out.length) {
        return null;
      }
      out[(int) j] -= n;
      if (out[(int) j] < 0) {
        return null;
      }
    }
    List<Long> result = new ArrayList<>(out.length);
    for (long n : out) {
      result.add(n);
    }
    return result;
  }

  private static long toNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
