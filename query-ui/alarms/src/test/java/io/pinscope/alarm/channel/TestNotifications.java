package io.pinscope.alarm.channel;

import java.time.Instant;

/** Notifications for the channel tests: an ERROR RATE alarm of application "shop". */
final class TestNotifications {
  static final long FIRST_DETECTED = Instant.parse("2026-11-30T08:00:00Z").toEpochMilli();
  static final long EVALUATED = Instant.parse("2026-11-30T08:05:00Z").toEpochMilli();

  /** ERROR RATE of shop at 23.4 % against a 10 % threshold, first found 5 minutes ago, no link. */
  static Notification errorRate(Notification.Kind kind) {
    return new Notification(kind, "r-1", "checkout errors", "shop", "ERROR RATE", null, 10, 23.4, "%",
        "23.4 % of 1200 requests failed", FIRST_DETECTED, EVALUATED, 6, null);
  }

  static Notification firing() {
    return errorRate(Notification.Kind.FIRING);
  }

  private TestNotifications() {}
}
