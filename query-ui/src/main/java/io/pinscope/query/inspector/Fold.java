package io.pinscope.query.inspector;

import io.pinscope.model.MetricBucket;
import org.jspecify.annotations.Nullable;

/**
 * How a panel series reads one metric series' bucket; the values of the metric series that share a label are
 * added (pools of a heap, modes of a CPU time, daemon and non-daemon threads), except for {@link #MAX}.
 */
public enum Fold {
  /** The mean of the bucket's readings (gauges, levels). */
  MEAN,
  /** The latest reading in the bucket. */
  LAST,
  /** The highest reading in the bucket; series sharing a label keep the highest. */
  MAX,
  /** The total of the bucket's values (delta sums: what was counted in the bucket). */
  TOTAL,
  /**
   * {@link #TOTAL} per second of the time the bucket covers ({@link BucketWindow#coveredSeconds}: a CPU time in
   * seconds becomes a utilisation).
   */
  RATE,
  /** The histogram observations counted in the bucket. */
  HISTOGRAM_COUNT,
  /** The sum of the histogram observations in the bucket. */
  HISTOGRAM_SUM;

  /**
   * This fold of {@code b}, a bucket covering {@code coveredSeconds} of time; null when the bucket has no value
   * for it.
   */
  @Nullable Double read(MetricBucket b, double coveredSeconds) {
    return switch (this) {
      case MEAN -> BucketValues.mean(b);
      case LAST -> b.last();
      case MAX -> b.max();
      case TOTAL -> b.min() == null ? null : b.sum();
      case RATE -> b.min() == null ? null : b.sum() / coveredSeconds;
      case HISTOGRAM_COUNT -> b.histogram() ? (double) b.histogramCount() : null;
      case HISTOGRAM_SUM -> b.histogram() ? b.histogramSum() : null;
    };
  }

  /** Two series' values under one label combined. */
  double combine(double a, double b) {
    return this == MAX ? Math.max(a, b) : a + b;
  }
}
