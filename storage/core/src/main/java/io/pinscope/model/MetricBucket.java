package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The points of one metric series (name and attributes) of one agent in one time bucket
 * {@code [bucketStartMillis, bucketStartMillis + bucket)}.
 *
 * <p>{@code count} is the number of points. {@code sum}, {@code min}, {@code max} and {@code last} are over
 * the points' scalar values: a gauge's reading, a sum's delta, a histogram's average ({@code sum / count};
 * histogram points with count 0 or without a sum (stored as NaN) have no value and are skipped for these
 * four). {@code min}, {@code max} and {@code last} are null when no point had a value; {@code last} is the
 * value of the latest point. {@code histogramCount} and {@code histogramSum} are the totals of the
 * histogram points' counts and (finite) sums, both 0 for gauges and sums; since stored histograms are
 * deltas, they are the bucket's observations. {@code histogramCount} counts every observation (what the
 * bucket saw); {@code histogramSumCount} only those of the points that had a sum, so the mean observation
 * is {@code histogramSum / histogramSumCount} (a histogram sent without a sum — negative values — adds to
 * {@code histogramCount} but to neither of these two); {@code histogramSumCount <= histogramCount}.
 */
public record MetricBucket(
    String name,
    String unit,
    MetricPoint.Kind kind,
    Attributes attributes,
    long bucketStartMillis,
    long count,
    double sum,
    @Nullable Double min,
    @Nullable Double max,
    @Nullable Double last,
    long histogramCount,
    double histogramSum,
    long histogramSumCount) {

  public MetricBucket {
    requireNonNull(name, "name");
    requireNonNull(unit, "unit");
    requireNonNull(kind, "kind");
    requireNonNull(attributes, "attributes");
    if (count < 1) {
      throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
    }
    if (histogramCount < 0) {
      throw new IllegalArgumentException("histogramCount: " + histogramCount + " (expected: >= 0)");
    }
    if (histogramSumCount < 0 || histogramSumCount > histogramCount) {
      throw new IllegalArgumentException("histogramSumCount: " + histogramSumCount + " (expected: 0.."
          + histogramCount + ", at most histogramCount)");
    }
  }

  /** A bucket whose histogram points all had a sum ({@code histogramSumCount == histogramCount}). */
  public MetricBucket(String name, String unit, MetricPoint.Kind kind, Attributes attributes,
      long bucketStartMillis, long count, double sum, @Nullable Double min, @Nullable Double max,
      @Nullable Double last, long histogramCount, double histogramSum) {
    this(name, unit, kind, attributes, bucketStartMillis, count, sum, min, max, last, histogramCount, histogramSum,
        histogramCount);
  }

  /** Whether the series is a histogram (explicit or exponential). */
  public boolean histogram() {
    return kind == MetricPoint.Kind.HISTOGRAM || kind == MetricPoint.Kind.EXPONENTIAL_HISTOGRAM;
  }
}
