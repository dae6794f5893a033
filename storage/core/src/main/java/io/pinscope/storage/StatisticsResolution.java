package io.pinscope.storage;

/**
 * The slot width a statistics read returns: the 1-minute slots the receiver writes, or the hourly roll-ups
 * written beside them in the same write (the same increments into one row per hour, so an hour holds
 * exactly the counts and sum of its minutes; see {@link MapStatistics#replace} for its maximum).
 */
public enum StatisticsResolution {
  /** 1-minute slots ({@link io.pinscope.model.SlotValue#SLOT_MILLIS}). */
  MINUTE(60_000L),
  /** 1-hour slots, starting on the hour (UTC). */
  HOUR(3_600_000L);

  private final long millis;

  StatisticsResolution(long millis) {
    this.millis = millis;
  }

  /** The slot width in milliseconds. */
  public long millis() {
    return millis;
  }

  /** The start of the slot of this width that contains {@code epochMillis}. */
  public long slotOf(long epochMillis) {
    return Math.floorDiv(epochMillis, millis) * millis;
  }
}
