package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * A response-time histogram in Pinpoint's bands: success and error counts for each of the four bands of
 * its {@link HistogramSchema}, plus the sum and maximum of elapsed milliseconds so that average and max
 * are exact. Immutable; combine with {@link #plus(Histogram)}.
 */
public record Histogram(HistogramSchema schema, long[] successCounts, long[] errorCounts,
    long sumMillis, long maxMillis) {

  /** Number of bands per schema. */
  public static final int BANDS = 4;

  public Histogram {
    requireNonNull(schema, "schema");
    if (successCounts.length != BANDS || errorCounts.length != BANDS) {
      throw new IllegalArgumentException("band counts: " + successCounts.length + "/" + errorCounts.length
          + " (expected: " + BANDS + ")");
    }
    successCounts = successCounts.clone();
    errorCounts = errorCounts.clone();
  }

  /** An empty histogram. */
  public static Histogram empty(HistogramSchema schema) {
    return new Histogram(schema, new long[BANDS], new long[BANDS], 0, 0);
  }

  /** A histogram of one call. */
  public static Histogram of(HistogramSchema schema, long elapsedMillis, boolean error) {
    return empty(schema).plus(elapsedMillis, error);
  }

  /** This histogram plus one call. */
  public Histogram plus(long elapsedMillis, boolean error) {
    long elapsed = Math.max(0, elapsedMillis);
    long[] s = successCounts.clone();
    long[] e = errorCounts.clone();
    (error ? e : s)[schema.band(elapsed)]++;
    return new Histogram(schema, s, e, sumMillis + elapsed, Math.max(maxMillis, elapsed));
  }

  /** The sum of both histograms (same schema required). */
  public Histogram plus(Histogram other) {
    if (other.schema != schema) {
      throw new IllegalArgumentException("schema: " + other.schema + " (expected: " + schema + ")");
    }
    long[] s = successCounts.clone();
    long[] e = errorCounts.clone();
    for (int i = 0; i < BANDS; i++) {
      s[i] += other.successCounts[i];
      e[i] += other.errorCounts[i];
    }
    return new Histogram(schema, s, e, sumMillis + other.sumMillis, Math.max(maxMillis, other.maxMillis));
  }

  @Override
  public long[] successCounts() {
    return successCounts.clone();
  }

  @Override
  public long[] errorCounts() {
    return errorCounts.clone();
  }

  /** Successful calls in band 0..3. */
  public long successCount(int band) {
    return successCounts[band];
  }

  /** Failed calls in band 0..3. */
  public long errorCount(int band) {
    return errorCounts[band];
  }

  /** All calls. */
  public long totalCount() {
    return successTotal() + errorCount();
  }

  /** All failed calls. */
  public long errorCount() {
    long n = 0;
    for (long c : errorCounts) {
      n += c;
    }
    return n;
  }

  /** Calls (successful or not) past the schema's third bound: Pinpoint's "slow" band. */
  public long slowCount() {
    return successCounts[3] + errorCounts[3];
  }

  /** Average elapsed milliseconds, 0 when empty. */
  public double averageMillis() {
    long total = totalCount();
    return total == 0 ? 0 : (double) sumMillis / total;
  }

  /**
   * An upper bound of the {@code q}-quantile (0 &lt; q &le; 1) of the elapsed times, at band resolution: the
   * upper bound of the band holding the call of rank ⌈q·n⌉, but never more than {@link #maxMillis()} (exact).
   * 0 when empty. Pinpoint's four bands hold no finer distribution: this never understates the quantile, and
   * overstates it by at most the width of its band.
   */
  public long quantileUpperBoundMillis(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("q: " + q + " (expected: > 0 and <= 1)");
    }
    long total = totalCount();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int band = 0; band < BANDS; band++) {
      seen += successCounts[band] + errorCounts[band];
      if (seen >= rank) {
        return Math.min(schema.upperBoundMillis(band), maxMillis);
      }
    }
    return maxMillis;
  }

  private long successTotal() {
    long n = 0;
    for (long c : successCounts) {
      n += c;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && h.schema == schema
        && java.util.Arrays.equals(h.successCounts, successCounts)
        && java.util.Arrays.equals(h.errorCounts, errorCounts)
        && h.sumMillis == sumMillis && h.maxMillis == maxMillis;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(schema, java.util.Arrays.hashCode(successCounts),
        java.util.Arrays.hashCode(errorCounts), sumMillis, maxMillis);
  }

  @Override
  public String toString() {
    return "Histogram{" + schema + " ok=" + java.util.Arrays.toString(successCounts)
        + " err=" + java.util.Arrays.toString(errorCounts) + " sum=" + sumMillis + " max=" + maxMillis + "}";
  }
}
