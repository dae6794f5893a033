package io.pinscope.alarm.anomaly;

import io.pinscope.model.Histogram;

/**
 * An application's calls in one time window, summed over its agents and minute slots: enough for every
 * {@link AnomalySignal} (average response time is {@code sumMillis / requests}, as {@link Histogram#averageMillis}).
 *
 * @param startMillis the window's start (epoch ms); the window is {@code [startMillis, startMillis + width)}
 * @param requests calls in the window (>= 0)
 * @param errors failed calls among them (0..requests)
 * @param sumMillis the sum of their elapsed milliseconds (>= 0)
 */
public record WindowTraffic(long startMillis, long requests, long errors, long sumMillis) {
  public WindowTraffic {
    if (requests < 0) {
      throw new IllegalArgumentException("requests: " + requests + " (expected: >= 0)");
    }
    if (errors < 0 || errors > requests) {
      throw new IllegalArgumentException("errors: " + errors + " (expected: 0.." + requests + ")");
    }
    if (sumMillis < 0) {
      throw new IllegalArgumentException("sumMillis: " + sumMillis + " (expected: >= 0)");
    }
  }

  /** A window without calls. */
  public static WindowTraffic empty(long startMillis) {
    return new WindowTraffic(startMillis, 0, 0, 0);
  }

  /** This window plus the calls of {@code histogram} (any schema: only counts and the sum are used). */
  public WindowTraffic plus(Histogram histogram) {
    return new WindowTraffic(startMillis, requests + histogram.totalCount(), errors + histogram.errorCount(),
        sumMillis + histogram.sumMillis());
  }

  /** Average elapsed milliseconds; 0 without calls. */
  public double averageMillis() {
    return requests == 0 ? 0 : (double) sumMillis / requests;
  }

  /** Failed calls in percent of all calls; 0 without calls. */
  public double errorRatePercent() {
    return requests == 0 ? 0 : 100.0 * errors / requests;
  }
}
