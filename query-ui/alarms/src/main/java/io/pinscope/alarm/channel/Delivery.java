package io.pinscope.alarm.channel;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.AlarmChannel;

/**
 * What became of one notification sent to one channel, as the alarm history records it.
 *
 * @param channel where it was sent
 * @param delivered whether the channel accepted it (a 2xx answer, or the SMTP server took the mail)
 * @param attempts how many attempts were made (at least 1; a delivery refused before any attempt, e.g. because
 *     the dispatcher is full or closed or the target is unusable, counts 1)
 * @param detail the last attempt's outcome in words: {@code "HTTP 200"}, {@code "HTTP 500: <body start>"},
 *     {@code "timed out after 5000 ms"}, {@code "connection refused"}, {@code "250 OK"},
 *     {@code "dispatcher queue full (256 in flight)"}, {@code "dispatcher closed"}
 * @param finishedMillis when the last attempt ended (epoch ms)
 */
public record Delivery(AlarmChannel channel, boolean delivered, int attempts, String detail, long finishedMillis) {
  public Delivery {
    requireNonNull(channel, "channel");
    requireNonNull(detail, "detail");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
    }
  }
}
