package io.pinscope.alarm.check;

import io.pinscope.model.SlotValue;

/**
 * The one-minute statistics slots a window reads: the last {@code ⌈(to − from) / 1 min⌉} complete minutes, the
 * slots ending at the start of the minute that holds {@code to} — so a 5-minute window reads exactly five full
 * slots whatever the clock's second (the minute still in progress, partly filled, is left out, as the anomaly
 * rules leave it out). Pass {@link #fromMillis()} and {@link #toMillis()} to the {@code MapStatistics} reads
 * (which read slots whose start lies in {@code [from, to)}).
 *
 * @param fromMillis the first slot's start (epoch ms)
 * @param toMillis the end of the last slot (epoch ms)
 */
public record StatisticsWindow(long fromMillis, long toMillis) {
  public StatisticsWindow {
    if (toMillis <= fromMillis) {
      throw new IllegalArgumentException("toMillis: " + toMillis + " (expected: > fromMillis " + fromMillis + ")");
    }
  }

  /** The slots of the window {@code [fromMillis, toMillis)}: its complete minutes, as many as it spans. */
  public static StatisticsWindow of(long fromMillis, long toMillis) {
    new StatisticsWindow(fromMillis, toMillis); // validates the range, in one place
    long end = SlotValue.slotOf(toMillis);
    long slots = (toMillis - fromMillis + SlotValue.SLOT_MILLIS - 1) / SlotValue.SLOT_MILLIS;
    return new StatisticsWindow(end - slots * SlotValue.SLOT_MILLIS, end);
  }
}
