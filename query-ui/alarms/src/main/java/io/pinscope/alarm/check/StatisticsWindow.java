package io.pinscope.alarm.check;

import io.pinscope.model.SlotValue;

/**
 * The one-minute statistics slots a window reads: the {@code ⌈(to − from) / 1 min⌉} slots ending with the slot
 * that holds the window's last millisecond, so a 5-minute window reads exactly five slots whatever the clock's
 * second, the newest of them possibly still filling. Pass {@link #fromMillis()} and {@link #toMillis()} to the
 * {@code MapStatistics} reads (which read slots whose start lies in {@code [from, to)}).
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

  /** The slots of the window {@code [fromMillis, toMillis)}. */
  public static StatisticsWindow of(long fromMillis, long toMillis) {
    if (toMillis <= fromMillis) {
      throw new IllegalArgumentException("toMillis: " + toMillis + " (expected: > fromMillis " + fromMillis + ")");
    }
    long end = SlotValue.slotOf(toMillis - 1) + SlotValue.SLOT_MILLIS;
    long slots = (toMillis - fromMillis + SlotValue.SLOT_MILLIS - 1) / SlotValue.SLOT_MILLIS;
    return new StatisticsWindow(end - slots * SlotValue.SLOT_MILLIS, end);
  }
}
