package io.pinscope.storage;

import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import org.jspecify.annotations.Nullable;

/** Folds the points of one series in one bucket into a {@link MetricBucket}; not thread-safe. */
final class BucketAccumulator {
  private final MetricPoint first;
  private final long bucketStartMillis;
  private long count;
  private double sum;
  private @Nullable Double min;
  private @Nullable Double max;
  private @Nullable Double last;
  private long lastNanos = Long.MIN_VALUE;
  private long histogramCount;
  private double histogramSum;
  /** The observations of the points with a sum: what {@link #histogramSum} is the sum of. */
  private long histogramSumCount;

  BucketAccumulator(MetricPoint first, long bucketStartMillis) {
    this.first = first;
    this.bucketStartMillis = bucketStartMillis;
  }

  void add(MetricPoint p) {
    count++;
    Double value = null;
    if (p.value() instanceof MetricValue.Scalar s) {
      value = s.value();
    } else if (p.value() instanceof MetricValue.HistogramValue h) {
      value = histogram(h.count(), h.sum());
    } else if (p.value() instanceof MetricValue.ExponentialHistogramValue e) {
      value = histogram(e.count(), e.sum());
    }
    if (value == null) {
      return;
    }
    sum += value;
    min = min == null ? value : Math.min(min, value);
    max = max == null ? value : Math.max(max, value);
    // Points arrive in millisecond order; ties within a millisecond are decided by the exact time.
    if (p.epochNanos() >= lastNanos) {
      last = value;
      lastNanos = p.epochNanos();
    }
  }

  /**
   * Adds to the histogram totals and returns the average, or null when the histogram is empty or has no
   * sum (a histogram of negative values may be sent without one; it is stored as NaN).
   */
  private @Nullable Double histogram(long n, double total) {
    histogramCount += n;
    if (!Double.isFinite(total)) {
      return null;
    }
    histogramSum += total;
    histogramSumCount += n;
    return n == 0 ? null : total / n;
  }

  MetricBucket toBucket() {
    return new MetricBucket(first.name(), first.unit(), first.kind(), first.attributes(), bucketStartMillis,
        count, sum, min, max, last, histogramCount, histogramSum,
        histogramSumCount);
  }
}
