package io.pinscope.servermap;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;

/**
 * A mutable {@link Histogram} for summing many calls without allocating per call. Not thread-safe.
 */
final class HistogramAccumulator {
  private final HistogramSchema schema;
  private final long[] success = new long[Histogram.BANDS];
  private final long[] error = new long[Histogram.BANDS];
  private long sumMillis;
  private long maxMillis;

  HistogramAccumulator(HistogramSchema schema) {
    this.schema = schema;
  }

  HistogramSchema schema() {
    return schema;
  }

  /** Adds one call; negative times count as 0, as in {@link Histogram#plus(long, boolean)}. */
  void add(long elapsedMillis, boolean isError) {
    long elapsed = Math.max(0, elapsedMillis);
    (isError ? error : success)[schema.band(elapsed)]++;
    sumMillis += elapsed;
    maxMillis = Math.max(maxMillis, elapsed);
  }

  /** The calls added so far, successes and errors. */
  long calls() {
    long n = 0;
    for (int i = 0; i < Histogram.BANDS; i++) {
      n += success[i] + error[i];
    }
    return n;
  }

  /** Adds every call of {@code other} (same schema). */
  void add(HistogramAccumulator other) {
    for (int i = 0; i < Histogram.BANDS; i++) {
      success[i] += other.success[i];
      error[i] += other.error[i];
    }
    sumMillis += other.sumMillis;
    maxMillis = Math.max(maxMillis, other.maxMillis);
  }

  Histogram toHistogram() {
    return new Histogram(schema, success, error, sumMillis, maxMillis);
  }
}
