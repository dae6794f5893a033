package io.pinscope.model.alarm;

import static java.util.Objects.requireNonNull;

/**
 * What became of one notification sent to one channel, as the history stores it (the stored form of the
 * alarm module's channel {@code Delivery}).
 *
 * @param channel where it was sent
 * @param delivered whether the channel accepted it
 * @param attempts how many attempts were made (at least 1)
 * @param detail the last attempt's outcome in words (e.g. {@code "HTTP 200"}, {@code "connection refused"})
 * @param finishedMillis when the last attempt ended (epoch ms)
 */
public record DeliveryRecord(AlarmChannel channel, boolean delivered, int attempts, String detail,
    long finishedMillis) {
  public DeliveryRecord {
    requireNonNull(channel, "channel");
    requireNonNull(detail, "detail");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
    }
    Checks.nonNegative("finished", finishedMillis);
  }
}
