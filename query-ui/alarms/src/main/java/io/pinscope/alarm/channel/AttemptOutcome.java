package io.pinscope.alarm.channel;

import static java.util.Objects.requireNonNull;

/**
 * What one attempt to send came to.
 *
 * @param delivered the channel accepted it
 * @param retryable not delivered, and another attempt may succeed (a 5xx, 408 or 429 answer, a timeout, an I/O
 *     error); false for answers that will not change (a 4xx, a rejected address, a channel not configured)
 * @param detail the outcome in words, as {@link Delivery#detail()} records it
 */
record AttemptOutcome(boolean delivered, boolean retryable, String detail) {
  AttemptOutcome {
    requireNonNull(detail, "detail");
    if (delivered && retryable) {
      throw new IllegalArgumentException("retryable: true (expected: false when delivered)");
    }
  }

  static AttemptOutcome delivered(String detail) {
    return new AttemptOutcome(true, false, detail);
  }

  static AttemptOutcome retryable(String detail) {
    return new AttemptOutcome(false, true, detail);
  }

  static AttemptOutcome permanent(String detail) {
    return new AttemptOutcome(false, false, detail);
  }
}
