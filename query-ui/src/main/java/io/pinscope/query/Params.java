package io.pinscope.query;

import org.jspecify.annotations.Nullable;

/**
 * Parses and validates query parameters. Every failure is an {@link IllegalArgumentException} whose
 * message names the parameter, the value and the expectation ({@code "from: abc (expected: epoch
 * milliseconds)"}), which the API answers with 400.
 */
final class Params {
  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  /** A validated {@code [from, to)} range in epoch milliseconds. */
  record Range(long from, long to) {
    long length() {
      return to - from;
    }
  }

  /** A required, non-blank text parameter. */
  static String required(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + ": (missing) (expected: a non-empty value)");
    }
    return value;
  }

  /** An optional text parameter: null when absent or empty. */
  static @Nullable String optional(String value) {
    return value.isEmpty() ? null : value;
  }

  /** A required epoch-milliseconds parameter. */
  static long epochMillis(String name, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + ": (missing) (expected: epoch milliseconds)");
    }
    try {
      long v = Long.parseLong(value);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: epoch milliseconds)");
    }
  }

  /** {@code from} and {@code to}, both required, {@code from < to}, at most {@code maxDays} apart. */
  static Range range(String from, String to, int maxDays) {
    long f = epochMillis("from", from);
    long t = epochMillis("to", to);
    if (t <= f) {
      throw new IllegalArgumentException("to: " + t + " (expected: > from " + f + ")");
    }
    if (t - f > maxDays * DAY) {
      throw new IllegalArgumentException("to: " + t + " (expected: at most " + maxDays + " days after from "
          + f + "; the range limit is " + maxDays + " days)");
    }
    return new Range(f, t);
  }

  /** An integer parameter within {@code [min, max]}, {@code defaultValue} when empty. */
  static int intIn(String name, String value, int defaultValue, int min, int max) {
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(name + ": " + value + " (expected: an integer " + min + ".." + max + ")");
  }

  /** An optional non-negative long (milliseconds), null when empty. */
  static @Nullable Long optionalMillis(String name, String value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      long v = Long.parseLong(value);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(name + ": " + value + " (expected: milliseconds >= 0)");
  }

  /** An optional boolean, null when empty. */
  static @Nullable Boolean optionalBoolean(String name, String value) {
    return switch (value) {
      case "" -> null;
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException(name + ": " + value + " (expected: true or false)");
    };
  }

  /**
   * The series bucket for a range (Pinpoint's TimeWindowDownSampler up to 2 days, as the node load uses it):
   * ≤1 h: 1 min, ≤6 h: 5 min, ≤12 h: 10 min, ≤1 d: 20 min, ≤2 d: 30 min; then for the inspector's longer
   * ranges ≤7 d: 1 h, else 6 h (42 days: 168 buckets).
   */
  static long bucketMillis(Range r) {
    long len = r.length();
    if (len <= HOUR) {
      return MINUTE;
    } else if (len <= 6 * HOUR) {
      return 5 * MINUTE;
    } else if (len <= 12 * HOUR) {
      return 10 * MINUTE;
    } else if (len <= DAY) {
      return 20 * MINUTE;
    } else if (len <= 2 * DAY) {
      return 30 * MINUTE;
    } else if (len <= 7 * DAY) {
      return HOUR;
    }
    return 6 * HOUR;
  }

  private Params() {}
}
