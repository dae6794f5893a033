package io.pinscope.alarm.evaluate;

/**
 * When a firing alarm is notified again: 3, 6, 12 and 24 minutes after its first detection, then every 24
 * minutes (48, 72, ...) — Pinpoint's back-off, in time rather than in evaluations, so it holds whatever the
 * evaluation interval. Pure.
 */
final class Backoff {
  private static final long MINUTE = 60_000L;
  /** The first re-notification times after the first detection, in minutes. */
  private static final long[] FIRST_MINUTES = {3, 6, 12, 24};
  /** The step after the last of {@link #FIRST_MINUTES}, in minutes. */
  private static final long STEP_MINUTES = 24;

  private Backoff() {}

  /**
   * The first re-notification time after {@code nowMillis} of an alarm first detected at {@code sinceMillis}
   * (so a late evaluation skips the times it missed rather than catching up on them one by one).
   */
  static long next(long sinceMillis, long nowMillis) {
    for (long m : FIRST_MINUTES) {
      if (sinceMillis + m * MINUTE > nowMillis) {
        return sinceMillis + m * MINUTE;
      }
    }
    long last = FIRST_MINUTES[FIRST_MINUTES.length - 1];
    long steps = (nowMillis - sinceMillis - last * MINUTE) / (STEP_MINUTES * MINUTE) + 1;
    return sinceMillis + (last + steps * STEP_MINUTES) * MINUTE;
  }
}
