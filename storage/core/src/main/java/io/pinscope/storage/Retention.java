package io.pinscope.storage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long each kind of data is kept. Defaults: traces (spans, scatter index, TxId index) 14 days,
 * statistics 14 days, metrics 14 days, logs 14 days, applications and agents 90 days.
 */
public record Retention(Duration traces, Duration statistics, Duration metrics, Duration logs,
    Duration applications) {
  /** The documented defaults. */
  public static final Retention DEFAULTS = new Retention(Duration.ofDays(14), Duration.ofDays(14),
      Duration.ofDays(14), Duration.ofDays(14), Duration.ofDays(90));

  public Retention {
    check("traces", traces);
    check("statistics", statistics);
    check("metrics", metrics);
    check("logs", logs);
    check("applications", applications);
  }

  private static void check(String name, Duration d) {
    requireNonNull(d, name);
    if (d.isNegative() || (!d.isZero() && d.toSeconds() < 1)) {
      throw new IllegalArgumentException(
          "retention of " + name + ": " + d + " (expected: 0 for forever, or at least 1s)");
    }
  }

  /** The same retention for every kind (tests use short ones). */
  public static Retention all(Duration d) {
    return new Retention(d, d, d, d, d);
  }
}
