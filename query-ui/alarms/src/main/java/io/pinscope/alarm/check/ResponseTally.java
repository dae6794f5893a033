package io.pinscope.alarm.check;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import java.util.EnumMap;
import java.util.Map;

/**
 * The figures of a set of response histograms, each read in its own schema's bands (so NORMAL and FAST
 * histograms may be mixed).
 *
 * @param total every call
 * @param errors failed calls
 * @param slow calls in the slow and very slow bands (past the schema's second bound: 3 s for NORMAL), failed
 *     or not — Pinpoint's SLOW COUNT
 * @param satisfied successful calls in the fast band (Apdex "satisfied")
 * @param tolerating successful calls in the normal band (Apdex "tolerating"); every other call is frustrated
 * @param sumMillis elapsed milliseconds of every call
 * @param p95Millis an upper bound of the 95th percentile: per schema {@link Histogram#quantileUpperBoundMillis}
 *     of its calls, the largest of those (an upper bound of the whole's too); 0 when empty
 */
public record ResponseTally(long total, long errors, long slow, long satisfied, long tolerating, long sumMillis,
    long p95Millis) {
  /** The quantile of {@link #p95Millis}. */
  static final double P95 = 0.95;

  /** The tally of {@code histograms}. */
  public static ResponseTally of(Iterable<Histogram> histograms) {
    Map<HistogramSchema, Histogram> bySchema = new EnumMap<>(HistogramSchema.class);
    for (Histogram h : histograms) {
      bySchema.merge(h.schema(), h, Histogram::plus);
    }
    long total = 0;
    long errors = 0;
    long slow = 0;
    long satisfied = 0;
    long tolerating = 0;
    long sum = 0;
    long p95 = 0;
    for (Histogram h : bySchema.values()) {
      total += h.totalCount();
      errors += h.errorCount();
      // Bands 2 and 3 (Histogram#slowCount is band 3 alone, the very slow one).
      slow += h.successCount(2) + h.errorCount(2) + h.slowCount();
      satisfied += h.successCount(0);
      tolerating += h.successCount(1);
      sum += h.sumMillis();
      p95 = Math.max(p95, h.quantileUpperBoundMillis(P95));
    }
    return new ResponseTally(total, errors, slow, satisfied, tolerating, sum, p95);
  }

  /** Failed calls in percent of all, 0 when empty. */
  public double errorPercent() {
    return percent(errors);
  }

  /** Slow calls in percent of all, 0 when empty. */
  public double slowPercent() {
    return percent(slow);
  }

  /** The Apdex score {@code (satisfied + tolerating / 2) / total}, 1 when empty. */
  public double apdex() {
    return total == 0 ? 1 : (satisfied + tolerating / 2.0) / total;
  }

  /** Average elapsed milliseconds, 0 when empty. */
  public double averageMillis() {
    return total == 0 ? 0 : (double) sumMillis / total;
  }

  /** Calls that were neither satisfied nor tolerating (errors among them). */
  public long frustrated() {
    return total - satisfied - tolerating;
  }

  private double percent(long part) {
    return total == 0 ? 0 : 100.0 * part / total;
  }
}
