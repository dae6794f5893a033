package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * A statistics value for one key in one 1-minute slot. {@code slotMillis} is the slot's start, epoch
 * milliseconds, a multiple of {@link #SLOT_MILLIS}.
 */
public record SlotValue<K>(long slotMillis, K key, Histogram histogram) {
  /** The statistics slot width: one minute. */
  public static final long SLOT_MILLIS = 60_000L;

  public SlotValue {
    requireNonNull(key, "key");
    requireNonNull(histogram, "histogram");
    if (slotMillis % SLOT_MILLIS != 0) {
      throw new IllegalArgumentException(
          "slotMillis: " + slotMillis + " (expected: a multiple of " + SLOT_MILLIS + ")");
    }
  }

  /** The slot that contains {@code epochMillis}. */
  public static long slotOf(long epochMillis) {
    return Math.floorDiv(epochMillis, SLOT_MILLIS) * SLOT_MILLIS;
  }
}
