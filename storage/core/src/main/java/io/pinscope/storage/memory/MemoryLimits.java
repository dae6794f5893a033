package io.pinscope.storage.memory;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.spi.EngineConfig;
import java.time.Duration;

/**
 * The bounds of the {@code memory} engine: at most {@code maxSpans} spans held (oldest writes evicted first),
 * and expired cells purged every {@code purgeInterval} ({@link Duration#ZERO}: only when asked).
 *
 * <p>Engine options: {@value #MAX_SPANS} (default {@value #DEFAULT_MAX_SPANS}) and {@value #PURGE_INTERVAL}
 * in seconds (default {@value #DEFAULT_PURGE_SECONDS}; 0 turns the schedule off).
 */
public record MemoryLimits(long maxSpans, Duration purgeInterval) {
  /** Engine option: the span cap. */
  public static final String MAX_SPANS = "memory.max-spans";
  /** Engine option: seconds between TTL purges. */
  public static final String PURGE_INTERVAL = "memory.purge-interval-seconds";
  public static final long DEFAULT_MAX_SPANS = 1_000_000;
  public static final long DEFAULT_PURGE_SECONDS = 60;
  /** No cap, no scheduled purge (what tests that open the store directly get). */
  public static final MemoryLimits UNBOUNDED = new MemoryLimits(Long.MAX_VALUE, Duration.ZERO);

  public MemoryLimits {
    if (maxSpans < 1) {
      throw new IllegalArgumentException("maxSpans: " + maxSpans + " (expected: >= 1)");
    }
    requireNonNull(purgeInterval, "purgeInterval");
    if (purgeInterval.isNegative()) {
      throw new IllegalArgumentException("purgeInterval: " + purgeInterval + " (expected: >= 0)");
    }
  }

  /** The limits the engine options give, defaults for those unset. */
  static MemoryLimits of(EngineConfig config) {
    long max = number(config, MAX_SPANS, DEFAULT_MAX_SPANS, 1);
    long seconds = number(config, PURGE_INTERVAL, DEFAULT_PURGE_SECONDS, 0);
    return new MemoryLimits(max, Duration.ofSeconds(seconds));
  }

  private static long number(EngineConfig config, String key, long defaultValue, long min) {
    String text = config.option(key, Long.toString(defaultValue));
    try {
      long n = Long.parseLong(text.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + ": " + text + " (expected: an integer >= " + min + ")");
  }
}
