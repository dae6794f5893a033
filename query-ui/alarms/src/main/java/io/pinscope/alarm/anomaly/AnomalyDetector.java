package io.pinscope.alarm.anomaly;

import io.pinscope.alarm.anomaly.AnomalyVerdict.Outcome;
import io.pinscope.alarm.anomaly.AnomalyVerdict.Score;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.jspecify.annotations.Nullable;

/**
 * Scores a window against its baseline with a robust z: {@code z = (value − median) / spread}, where median
 * and MAD are over the baseline windows' values and {@code spread = max(1.4826 × MAD, floor)} — 1.4826 × MAD
 * estimates the standard deviation of normal noise while ignoring outliers (a past incident in the baseline
 * moves it little), and the floor ({@link AnomalySignal#spreadFloor}) keeps a flat baseline from making every
 * wiggle infinitely abnormal. Fires when {@code z >= sensitivity}, and for the total count also when
 * {@code z <= −sensitivity}. Pure and thread-safe.
 *
 * <p>Guards, each giving {@link Outcome#NO_VERDICT} with the reason in the message: for response time and
 * error rate, a current window with fewer than {@code minTraffic} requests (an average over a handful of calls
 * says nothing), and baseline windows count only with at least {@code minTraffic} requests too; for the total
 * count, every baseline window counts (a quiet window is a normal value), but the current window or the
 * baseline median must reach {@code minTraffic} (a move from 3 to 0 requests is not an outage); and fewer than
 * {@code minBaselineWindows} baseline windows with traffic (history too short or too quiet).
 */
public final class AnomalyDetector {
  /** Scales a MAD to the standard deviation of normally distributed noise. */
  public static final double MAD_TO_SD = 1.4826;

  private AnomalyDetector() {}

  /**
   * The verdict on {@code current} against {@code baseline} (any order; windows without traffic included,
   * the guards decide which count).
   */
  public static AnomalyVerdict detect(AnomalySignal signal, WindowTraffic current, List<WindowTraffic> baseline,
      AnomalySettings settings) {
    double value = signal.value(current);
    long minTraffic = settings.minTraffic();
    // A per-call value of a window without requests is no value at all, whatever the guard says.
    long perCallMin = Math.max(1, minTraffic);
    if (signal.perCall() && current.requests() < perCallMin) {
      return noVerdict(signal, value, null, current.requests() + " requests in the window (expected: at least "
          + perCallMin + ")");
    }
    double[] values = baseline.stream()
        .filter(w -> !signal.perCall() || w.requests() >= perCallMin)
        .mapToDouble(signal::value)
        .toArray();
    long withTraffic = counted(signal, baseline, settings);
    if (withTraffic < settings.minBaselineWindows()) {
      return noVerdict(signal, value, null, withTraffic + " of " + baseline.size() + " baseline windows with "
          + (signal.perCall() ? "at least " + perCallMin + " requests" : "traffic") + " (expected: at least "
          + settings.minBaselineWindows() + "; the history is too short or too quiet)");
    }
    Score score = score(signal, value, values);
    if (!signal.perCall() && Math.max(current.requests(), score.median()) < minTraffic) {
      return noVerdict(signal, value, score, current.requests() + " requests in the window and "
          + AnomalySignal.number(score.median()) + " normally (expected: at least " + minTraffic
          + " in one of them)");
    }
    double z = score.z();
    boolean fires = z >= settings.sensitivity() || (signal.firesBelow() && z <= -settings.sensitivity());
    return new AnomalyVerdict(signal, fires ? Outcome.ANOMALY : Outcome.NORMAL, value, score,
        describe(signal, value, score));
  }

  /**
   * How many of {@code baseline}'s windows count towards {@code minBaselineWindows}: for per-call signals those
   * with at least {@code max(1, minTraffic)} requests, for the total count those with any.
   */
  public static long counted(AnomalySignal signal, List<WindowTraffic> baseline, AnomalySettings settings) {
    long min = signal.perCall() ? Math.max(1, settings.minTraffic()) : 1;
    return baseline.stream().filter(w -> w.requests() >= min).count();
  }

  /** The robust score of {@code value} against {@code baseline} values (at least one). */
  static Score score(AnomalySignal signal, double value, double[] baseline) {
    Median median = new Median();
    double center = median.evaluate(baseline);
    double[] deviations = new double[baseline.length];
    for (int i = 0; i < baseline.length; i++) {
      deviations[i] = Math.abs(baseline[i] - center);
    }
    double mad = median.evaluate(deviations);
    double spread = Math.max(MAD_TO_SD * mad, signal.spreadFloor(center));
    return new Score((value - center) / spread, center, mad, spread, baseline.length);
  }

  /**
   * {@code "avg response time 812 ms is 6.3 robust SDs above normal (median 240 ms, MAD 31 ms over 19 baseline
   * windows)"}; when the floor sets the spread, it says so.
   */
  private static String describe(AnomalySignal signal, double value, Score score) {
    boolean floored = score.spread() > MAD_TO_SD * score.mad();
    return signal.label() + " " + signal.format(value) + " is " + AnomalySignal.number(Math.abs(score.z()))
        + " robust SDs " + (score.z() >= 0 ? "above" : "below") + " normal (median "
        + signal.format(score.median()) + ", MAD " + signal.format(score.mad())
        + (floored ? ", spread floored at " + signal.format(score.spread()) + "," : "")
        + " over " + score.baselineWindows() + " baseline windows)";
  }

  private static AnomalyVerdict noVerdict(AnomalySignal signal, double value, @Nullable Score score,
      String reason) {
    return new AnomalyVerdict(signal, Outcome.NO_VERDICT, value, score, "no verdict on the " + signal.label()
        + ": " + reason);
  }
}
