package io.pinscope.query.inspector;

/**
 * The time a query's buckets can hold data in: {@code [fromMillis, min(toMillis, nowMillis))}, now being the
 * query's clock. A rate per second divides by the part of its bucket inside this window, so the bucket in
 * progress and the buckets cut by the range's ends read the real rate, not a fraction of it.
 */
public record BucketWindow(long fromMillis, long toMillis, long nowMillis) {
  /** No bound: every bucket covers its full length (for callers without a range). */
  public static final BucketWindow UNBOUNDED = new BucketWindow(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);

  public BucketWindow {
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException("toMillis: " + toMillis + " (expected: >= fromMillis " + fromMillis + ")");
    }
  }

  /**
   * The seconds of the bucket {@code [bucketStart, bucketStart + bucketMillis)} inside this window:
   * {@code min(bucketEnd, to, now) − max(bucketStart, from)}; the full bucket when none of it is inside (a
   * bucket with data yet past now: a clock behind the agents').
   */
  public double coveredSeconds(long bucketStartMillis, long bucketMillis) {
    long end = Math.min(bucketStartMillis + bucketMillis, Math.min(toMillis, nowMillis));
    long covered = end - Math.max(bucketStartMillis, fromMillis);
    return (covered > 0 ? covered : bucketMillis) / 1000.0;
  }
}
