package io.pinscope.alarm.anomaly;

import java.util.Map;

/**
 * How an anomaly rule judges: its sensitivity and guards, and the shape of its baseline.
 *
 * @param sensitivity the robust z (distance from the baseline median in robust standard deviations) at or
 *     past which the rule fires; the rule's threshold; default 4
 * @param minTraffic the fewest requests a window needs for its per-call value (response time, error rate) to
 *     count, for the current window and for each baseline window (a window without requests never counts);
 *     for the total count, the fewest requests in the current window or in the normal one (the baseline
 *     median) for a verdict; default 50; 0 turns the guard off
 * @param baselineDays the baseline's seasonal part: the same window on each of this many previous days
 *     (0..30); default 7
 * @param baselineWindows the baseline's recent part: this many windows just before the current one
 *     (0..288); default 12 (the last hour with 5-minute windows); used only while fewer than
 *     {@code minBaselineWindows} previous days count (a short history), see {@link Baseline#judge}
 * @param minBaselineWindows the fewest baseline windows with traffic for a verdict; default 5
 */
public record AnomalySettings(double sensitivity, long minTraffic, int baselineDays, int baselineWindows,
    int minBaselineWindows) {
  /** The rule option setting {@link #minTraffic} (as {@code RuleKind} lists it). */
  public static final String MIN_TRAFFIC = "minTraffic";
  /** The rule option setting {@link #baselineDays} (as {@code RuleKind} lists it). */
  public static final String DAYS = "days";

  public static final double DEFAULT_SENSITIVITY = 4;
  public static final long DEFAULT_MIN_TRAFFIC = 50;
  public static final int DEFAULT_BASELINE_DAYS = 7;
  public static final int DEFAULT_BASELINE_WINDOWS = 12;
  public static final int DEFAULT_MIN_BASELINE_WINDOWS = 5;

  /** Every default. */
  public static final AnomalySettings DEFAULTS = new AnomalySettings(DEFAULT_SENSITIVITY, DEFAULT_MIN_TRAFFIC,
      DEFAULT_BASELINE_DAYS, DEFAULT_BASELINE_WINDOWS, DEFAULT_MIN_BASELINE_WINDOWS);

  public AnomalySettings {
    if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
      throw new IllegalArgumentException("sensitivity: " + sensitivity + " (expected: a number > 0)");
    }
    if (minTraffic < 0) {
      throw new IllegalArgumentException(MIN_TRAFFIC + ": " + minTraffic + " (expected: >= 0)");
    }
    if (baselineDays < 0 || baselineDays > 30) {
      throw new IllegalArgumentException(DAYS + ": " + baselineDays + " (expected: 0..30)");
    }
    if (baselineWindows < 0 || baselineWindows > 288) {
      throw new IllegalArgumentException("baselineWindows: " + baselineWindows + " (expected: 0..288)");
    }
    if (minBaselineWindows < 1 || minBaselineWindows > baselineDays + baselineWindows) {
      throw new IllegalArgumentException("minBaselineWindows: " + minBaselineWindows + " (expected: 1.."
          + (baselineDays + baselineWindows) + ", the baseline's days plus windows)");
    }
  }

  /** These settings with another sensitivity. */
  public AnomalySettings withSensitivity(double newSensitivity) {
    return new AnomalySettings(newSensitivity, minTraffic, baselineDays, baselineWindows, minBaselineWindows);
  }

  /**
   * A rule's settings: {@code threshold} is the sensitivity, {@code options} may set {@value #MIN_TRAFFIC} and
   * {@value #DAYS} (whole numbers); the recent windows (12) and the fewest baseline windows (5) take their
   * defaults; other options are ignored.
   *
   * @throws IllegalArgumentException naming the option and its bad value
   */
  public static AnomalySettings of(double threshold, Map<String, Double> options) {
    return new AnomalySettings(threshold, whole(options, MIN_TRAFFIC, DEFAULT_MIN_TRAFFIC),
        (int) whole(options, DAYS, DEFAULT_BASELINE_DAYS), DEFAULT_BASELINE_WINDOWS, DEFAULT_MIN_BASELINE_WINDOWS);
  }

  private static long whole(Map<String, Double> options, String name, long fallback) {
    Double v = options.get(name);
    if (v == null) {
      return fallback;
    }
    // Ranges are the constructor's; this only refuses fractions and numbers past int.
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + ": " + v + " (expected: a whole number)");
    }
    return v.longValue();
  }
}
