package io.pinscope.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The value of one metric data point: a number, an explicit-bucket histogram or an exponential one. */
public sealed interface MetricValue {
  /** A gauge reading or a (delta) sum. */
  record Scalar(double value) implements MetricValue {}

  /**
   * An explicit-bucket histogram: {@code bucketCounts} has one more entry than {@code bounds}
   * (the last bucket is unbounded above).
   */
  record HistogramValue(long count, double sum, @Nullable Double min, @Nullable Double max,
      List<Double> bounds, List<Long> bucketCounts) implements MetricValue {
    public HistogramValue {
      bounds = List.copyOf(bounds);
      bucketCounts = List.copyOf(bucketCounts);
      if (!bucketCounts.isEmpty() && bucketCounts.size() != bounds.size() + 1) {
        throw new IllegalArgumentException("bucketCounts: " + bucketCounts.size()
            + " (expected: bounds + 1 = " + (bounds.size() + 1) + ")");
      }
    }
  }

  /** An OTel exponential histogram (base 2^(2^-scale)). */
  record ExponentialHistogramValue(long count, double sum, int scale, long zeroCount,
      int positiveOffset, List<Long> positiveCounts, int negativeOffset, List<Long> negativeCounts)
      implements MetricValue {
    public ExponentialHistogramValue {
      positiveCounts = List.copyOf(positiveCounts);
      negativeCounts = List.copyOf(negativeCounts);
    }
  }
}
