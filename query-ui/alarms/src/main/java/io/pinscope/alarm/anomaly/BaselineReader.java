package io.pinscope.alarm.anomaly;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.MapStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an application's current window and its baseline from the self statistics
 * ({@link MapStatistics#readSelf}, minute slots, every agent summed): the window {@code [to − width, to)}, the
 * same window shifted back by 1..days days, and the windows {@code [to − (k+1)·width, to − k·width)} for
 * k = 1..windows. A window holds the minute slots whose start lies in it, as the statistics reads do. Reads
 * {@code 1 + days} ranges: one covering the current and recent windows, one per previous day. Days older
 * than the statistics retention (14 days by default) read as windows without calls. Thread-safe.
 */
public final class BaselineReader {
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  private final MapStatistics statistics;

  public BaselineReader(MapStatistics statistics) {
    this.statistics = requireNonNull(statistics, "statistics");
  }

  /**
   * The current window ending at {@code toMillis} (exclusive, epoch ms) and its baseline.
   *
   * @param width the window's width: whole minutes, at least one
   * @param days how many previous days (0..30)
   * @param windows how many windows before the current one (0..288)
   * @throws IllegalArgumentException naming the bad argument
   */
  public Baseline read(String application, long toMillis, Duration width, int days, int windows) {
    requireNonNull(application, "application");
    long w = width.toMillis();
    if (w < SlotValue.SLOT_MILLIS || w % SlotValue.SLOT_MILLIS != 0) {
      throw new IllegalArgumentException("window: " + width + " (expected: whole minutes, at least 1)");
    }
    if (days < 0 || days > 30) {
      throw new IllegalArgumentException("days: " + days + " (expected: 0..30)");
    }
    if (windows < 0 || windows > 288) {
      throw new IllegalArgumentException("windows: " + windows + " (expected: 0..288)");
    }
    // One read for the current window and the recent ones; slot s belongs to window k = ⌊(to − s − 1) / w⌋.
    WindowTraffic[] recent = new WindowTraffic[windows + 1];
    for (int k = 0; k <= windows; k++) {
      recent[k] = WindowTraffic.empty(toMillis - (k + 1) * w);
    }
    for (SlotValue<SelfKey> v : statistics.readSelf(application, toMillis - (windows + 1) * w, toMillis)) {
      int k = (int) Math.floorDiv(toMillis - v.slotMillis() - 1, w);
      recent[k] = recent[k].plus(v.histogram());
    }
    List<WindowTraffic> previousDays = new ArrayList<>(days);
    for (int d = 1; d <= days; d++) {
      long to = toMillis - d * DAY_MILLIS;
      WindowTraffic day = WindowTraffic.empty(to - w);
      for (SlotValue<SelfKey> v : statistics.readSelf(application, to - w, to)) {
        day = day.plus(v.histogram());
      }
      previousDays.add(day);
    }
    List<WindowTraffic> previousWindows = new ArrayList<>(List.of(recent).subList(1, windows + 1));
    return new Baseline(recent[0], previousDays, previousWindows);
  }

  /** {@link #read(String, long, Duration, int, int)} with the baseline shape of {@code settings}. */
  public Baseline read(String application, long toMillis, Duration width, AnomalySettings settings) {
    return read(application, toMillis, width, settings.baselineDays(), settings.baselineWindows());
  }
}
