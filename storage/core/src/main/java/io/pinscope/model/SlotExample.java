package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * An example transaction of a statistics key in one 1-minute slot: the trace of the latest call counted
 * there. {@code slotMillis} is the slot's start, a multiple of {@link SlotValue#SLOT_MILLIS}.
 */
public record SlotExample<K>(long slotMillis, K key, TraceId traceId) {
  public SlotExample {
    requireNonNull(key, "key");
    requireNonNull(traceId, "traceId");
    if (slotMillis % SlotValue.SLOT_MILLIS != 0) {
      throw new IllegalArgumentException(
          "slotMillis: " + slotMillis + " (expected: a multiple of " + SlotValue.SLOT_MILLIS + ")");
    }
  }
}
