package io.pinscope.query.inspector;

import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import org.jspecify.annotations.Nullable;

/** The one number a metric bucket stands for in a chart. */
public final class BucketValues {
  private BucketValues() {}

  /**
   * The mean of the bucket: of a gauge's or sum's values {@code sum / count}; of a histogram the average
   * observation {@code histogramSum / histogramSumCount} (the observations of points without a sum left out of
   * both). Null when there is none (empty histograms, or none with a sum).
   */
  public static @Nullable Double mean(MetricBucket b) {
    if (b.histogram()) {
      return b.histogramSumCount() == 0 || b.min() == null ? null : b.histogramSum() / b.histogramSumCount();
    }
    return b.min() == null ? null : b.sum() / b.count();
  }

  /**
   * The generic chart value: a delta sum's total in the bucket (what was counted in it), otherwise
   * {@link #mean}.
   */
  public static @Nullable Double value(MetricBucket b) {
    if (b.kind() == MetricPoint.Kind.SUM) {
      return b.min() == null ? null : b.sum();
    }
    return mean(b);
  }
}
