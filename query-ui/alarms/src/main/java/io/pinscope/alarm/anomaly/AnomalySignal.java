package io.pinscope.alarm.anomaly;

import java.util.Locale;

/**
 * What an anomaly rule watches in a window of an application's self statistics, and how it is judged: its
 * unit, whether it may fire below normal, and the least spread its baseline is given (see
 * {@link #spreadFloor}).
 */
public enum AnomalySignal {
  /**
   * Average response time in milliseconds; fires only above normal (faster than usual is not a problem).
   * Spread floor: 5 % of the median, at least 1 ms.
   */
  AVG_RESPONSE_TIME("avg response time", "ms", false, 1.0),
  /**
   * Failed calls in percent of all calls; fires only above normal. Spread floor: 5 % of the median, at least
   * 1 percentage point (so an application that never fails needs 4 % errors at sensitivity 4, not one error).
   */
  ERROR_RATE("error rate", "%", false, 1.0),
  /**
   * Calls in the window; fires both ways: a surge, and a drop towards zero (an outage, or callers that can
   * no longer reach the application). Spread floor: 5 % of the median, at least its square root (the Poisson
   * noise of a count, present even when the history happens to be flat).
   */
  TOTAL_COUNT("total count", "requests", true, 0.0);

  /**
   * The spread floor relative to the median. A flat baseline (MAD 0) would make any change infinitely
   * abnormal; with this floor a flat baseline needs a move of sensitivity × 5 % (20 % at the default 4)
   * before it fires, a change operators would call real rather than jitter.
   */
  public static final double RELATIVE_SPREAD_FLOOR = 0.05;

  private final String label;
  private final String unit;
  private final boolean firesBelow;
  private final double absoluteFloor;

  AnomalySignal(String label, String unit, boolean firesBelow, double absoluteFloor) {
    this.label = label;
    this.unit = unit;
    this.firesBelow = firesBelow;
    this.absoluteFloor = absoluteFloor;
  }

  /** The signal's value in a window: ms, percent or a count. */
  public double value(WindowTraffic window) {
    return switch (this) {
      case AVG_RESPONSE_TIME -> window.averageMillis();
      case ERROR_RATE -> window.errorRatePercent();
      case TOTAL_COUNT -> window.requests();
    };
  }

  /**
   * Whether the value is a per-call average (response time, error rate): meaningful only in a window with
   * enough calls. The total count is the traffic itself, meaningful even at zero.
   */
  public boolean perCall() {
    return this != TOTAL_COUNT;
  }

  /** Whether the signal also fires below normal (only {@link #TOTAL_COUNT}). */
  public boolean firesBelow() {
    return firesBelow;
  }

  /** How the message names it: {@code "avg response time"}. */
  public String label() {
    return label;
  }

  /** The value's unit: {@code "ms"}, {@code "%"}, {@code "requests"}. */
  public String unit() {
    return unit;
  }

  /**
   * The least robust spread (in the value's unit) a baseline with this median is given: the larger of
   * {@link #RELATIVE_SPREAD_FLOOR} × |median| and the signal's absolute floor (1 ms; 1 percentage point;
   * √median requests).
   */
  public double spreadFloor(double median) {
    double absolute = this == TOTAL_COUNT ? Math.sqrt(Math.max(1.0, median)) : absoluteFloor;
    return Math.max(RELATIVE_SPREAD_FLOOR * Math.abs(median), absolute);
  }

  /** A value with its unit, as messages show it: {@code "812 ms"}, {@code "4.2 %"}, {@code "0 requests"}. */
  public String format(double value) {
    return number(value) + " " + unit;
  }

  /** A number as messages show it: no decimals from 10 up or when whole, else one from 1, two below. */
  static String number(double value) {
    double abs = Math.abs(value);
    if (abs >= 10 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, abs >= 1 ? "%.1f" : "%.2f", value);
  }
}
