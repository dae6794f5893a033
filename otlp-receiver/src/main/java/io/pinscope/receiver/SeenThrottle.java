package io.pinscope.receiver;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a registration through at most once per {@link #REFRESH_MILLIS} per key, so that every batch does
 * not cost a registry write while last-seen times stay within that interval of the truth. Remembers at
 * most {@link #MAX_REMEMBERED} keys (past that it forgets them all: one extra registration each). Two
 * threads may both be let through for one key at once; a registration is an idempotent merge, so that only
 * costs a write.
 */
final class SeenThrottle {
  static final long REFRESH_MILLIS = 60_000;
  private static final int MAX_REMEMBERED = 100_000;

  private final ConcurrentHashMap<String, Long> lastRegistered = new ConcurrentHashMap<>();

  /** Whether {@code key} is due for registration at {@code nowMillis}. */
  boolean due(String key, long nowMillis) {
    Long last = lastRegistered.get(key);
    return last == null || nowMillis - last >= REFRESH_MILLIS;
  }

  /** Records that {@code key} was registered at {@code nowMillis} (after the write: a failed one retries). */
  void registered(String key, long nowMillis) {
    if (lastRegistered.size() >= MAX_REMEMBERED) {
      lastRegistered.clear(); // bounded memory; the cost is one extra registration per key
    }
    lastRegistered.put(key, nowMillis);
  }
}
