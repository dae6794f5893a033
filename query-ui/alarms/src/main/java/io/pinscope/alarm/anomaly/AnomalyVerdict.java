package io.pinscope.alarm.anomaly;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What {@link AnomalyDetector} decided about one window.
 *
 * @param signal what was judged
 * @param outcome anomalous, normal, or no verdict (too little traffic or history: never detected)
 * @param value the signal's value in the current window (ms, percent or requests)
 * @param score the robust score; null when nothing was scored (a quiet current window for response time or
 *     error rate, or too few baseline windows); present on a total-count verdict refused for low traffic
 * @param message in words, how far from normal the value is, or why there is no verdict
 */
public record AnomalyVerdict(AnomalySignal signal, Outcome outcome, double value, @Nullable Score score,
    String message) {
  /** The three outcomes. */
  public enum Outcome {
    /** Past the sensitivity in a direction the signal fires in. */
    ANOMALY,
    /** Scored and within the sensitivity (or past it in a direction the signal does not fire in). */
    NORMAL,
    /** Not judged: too few requests, or too few baseline windows. */
    NO_VERDICT
  }

  /**
   * A robust score against the baseline.
   *
   * @param z (value − median) / spread: robust standard deviations above (positive) or below normal
   * @param median the baseline's median, in the signal's unit
   * @param mad the baseline's median absolute deviation (unscaled), in the signal's unit
   * @param spread the robust standard deviation used: max(1.4826 × mad, the signal's spread floor)
   * @param baselineWindows how many baseline windows the median and MAD are over
   */
  public record Score(double z, double median, double mad, double spread, int baselineWindows) {
    public Score {
      if (!(spread > 0)) {
        throw new IllegalArgumentException("spread: " + spread + " (expected: > 0)");
      }
    }
  }

  public AnomalyVerdict {
    requireNonNull(signal, "signal");
    requireNonNull(outcome, "outcome");
    requireNonNull(message, "message");
  }

  /** Whether the rule fires: {@link Outcome#ANOMALY}. */
  public boolean detected() {
    return outcome == Outcome.ANOMALY;
  }
}
