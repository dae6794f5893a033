package io.pinscope.model.alarm;

import java.util.List;

/**
 * A second set of channels told once when an alarm has fired for {@code afterMinutes} (counted from its
 * first detection) without being acknowledged; they are also told of its recovery.
 *
 * @param afterMinutes 1..10080 (a week)
 * @param channels at least one; targets checked as for {@link AlarmRule#channels()}
 */
public record Escalation(int afterMinutes, List<AlarmChannel> channels) {
  public static final int MAX_AFTER_MINUTES = 10_080;

  public Escalation {
    if (afterMinutes < 1 || afterMinutes > MAX_AFTER_MINUTES) {
      throw new IllegalArgumentException(
          "escalation.afterMinutes: " + afterMinutes + " (expected: 1.." + MAX_AFTER_MINUTES + ")");
    }
    channels = Checks.channels("escalation.channels", channels);
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("escalation.channels: [] (expected: at least one channel)");
    }
  }
}
