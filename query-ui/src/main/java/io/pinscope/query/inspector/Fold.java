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
  /** {@link #TOTAL} per second of bucket (a CPU time in seconds becomes a utilisation). */
  RATE,
  /** The histogram observations counted in the bucket. */
  HISTOGRAM_COUNT,
  /** The sum of the histogram observations in the bucket. */
  HISTOGRAM_SUM;

  /** This fold of {@code b} for buckets of {@code bucketMillis}; null when the bucket has no value for it. */
  @Nullable Double read(MetricBucket b, long bucketMillis) {
    return switch (this) {
      case MEAN -> BucketValues.mean(b);
      case LAST -> b.last();
      case MAX -> b.max();
      case TOTAL -> b.min() == null ? null : b.sum();
      case RATE -> b.min() == null ? null : b.sum() / (bucketMillis / 1000.0);
      case HISTOGRAM_COUNT -> b.histogram() ? (double) b.histogramCount() : null;
      case HISTOGRAM_SUM -> b.histogram() ? b.histogramSum() : null;
    };
  }

  /** Two series' values under one label combined. */
  double combine(double a, double b) {
    return this == MAX ? Math.max(a, b) : a + b;
  }
}
