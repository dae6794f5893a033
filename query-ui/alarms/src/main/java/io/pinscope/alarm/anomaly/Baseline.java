package io.pinscope.alarm.anomaly;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The current window of an application and its baseline, as {@link BaselineReader} reads them.
 *
 * @param current the window being judged
 * @param previousDays the same window 1, 2, … days earlier, nearest first (windows without calls included)
 * @param previousWindows the windows just before the current one, nearest first (windows without calls
 *     included)
 */
public record Baseline(WindowTraffic current, List<WindowTraffic> previousDays,
    List<WindowTraffic> previousWindows) {
  public Baseline {
    requireNonNull(current, "current");
    previousDays = List.copyOf(previousDays);
    previousWindows = List.copyOf(previousWindows);
  }

  /** Every baseline window: the previous days' then the previous windows. */
  public List<WindowTraffic> windows() {
    List<WindowTraffic> all = new ArrayList<>(previousDays.size() + previousWindows.size());
    all.addAll(previousDays);
    all.addAll(previousWindows);
    return all;
  }

  /**
   * The verdict on the current window against this baseline: against the previous days' windows alone when at
   * least {@code minBaselineWindows} of them count ({@link AnomalyDetector#counted}), else against every
   * baseline window. The recent windows are only a fallback for a short history: during a long incident they
   * fill up with the incident itself, and a median over them would soon call it normal (a sustained anomaly
   * would recover by itself after about {@code baselineWindows} windows).
   */
  public AnomalyVerdict judge(AnomalySignal signal, AnomalySettings settings) {
    boolean seasonal = AnomalyDetector.counted(signal, previousDays, settings) >= settings.minBaselineWindows();
    return AnomalyDetector.detect(signal, current, seasonal ? previousDays : windows(), settings);
  }
}
