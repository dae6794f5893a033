package io.pinscope.query;

import io.pinscope.query.Params.Range;
import io.pinscope.storage.StatisticsResolution;
import java.util.Map;

/**
 * The statistics a URI-, SQL- (or other statistics-table) query reads for a range: up to
 * {@value #MINUTE_MAX_DAYS} days the 1-minute slots, range as asked (slots starting in it); longer ranges, up to
 * {@value #MAX_DAYS} days (the default statistics retention), the hourly roll-ups, the range widened to whole
 * hours. Answers say which ({@link #describe}).
 *
 * @param from the start of the first slot read (epoch ms)
 * @param to the end of the range read (exclusive)
 */
record StatisticsRange(StatisticsResolution resolution, long from, long to) {
  /** The longest range read in 1-minute slots, in days. */
  static final int MINUTE_MAX_DAYS = 2;
  /** The longest statistics range, in days. */
  static final int MAX_DAYS = 14;
  /** How many hours at the end of an hourly range example transactions are read from. */
  static final int EXAMPLE_HOURS = 6;

  /** The range to read for {@code r} (already validated to at most {@link #MAX_DAYS}). */
  static StatisticsRange of(Range r) {
    if (r.length() <= MINUTE_MAX_DAYS * Params.DAY) {
      return new StatisticsRange(StatisticsResolution.MINUTE, r.from(), r.to());
    }
    StatisticsResolution hour = StatisticsResolution.HOUR;
    return new StatisticsRange(hour, hour.slotOf(r.from()), hour.slotOf(r.to() - 1) + hour.millis());
  }

  /** Parses and validates {@code from} and {@code to} (at most {@value #MAX_DAYS} days apart). */
  static StatisticsRange parse(String from, String to) {
    return of(Params.range(from, to, MAX_DAYS));
  }

  Range range() {
    return new Range(from, to);
  }

  /**
   * Where example transactions are read: the range at minute resolution; at hour resolution its last
   * {@value #EXAMPLE_HOURS} hours (examples are kept per minute: a week of them is too many cells to read).
   */
  Range exampleRange() {
    return resolution == StatisticsResolution.MINUTE ? range()
        : new Range(Math.max(from, to - EXAMPLE_HOURS * Params.HOUR), to);
  }

  /**
   * Puts {@code resolution} ({@code "1m"} or {@code "1h"}) and the range read, {@code from} and {@code to}
   * (widened to whole hours at {@code "1h"}), into {@code answer}.
   */
  Map<String, Object> describe(Map<String, Object> answer) {
    answer.put("resolution", resolution == StatisticsResolution.HOUR ? "1h" : "1m");
    answer.put("from", from);
    answer.put("to", to);
    return answer;
  }

  /**
   * The series bucket: at minute resolution as the node load series ({@link Params#bucketMillis}); at hour
   * resolution 1 h up to 8 days (so a week, widened to whole hours, is in hours), else 6 h (as the inspectors).
   */
  long bucketMillis() {
    if (resolution == StatisticsResolution.MINUTE) {
      return Params.bucketMillis(range());
    }
    return to - from <= 8 * Params.DAY ? Params.HOUR : 6 * Params.HOUR;
  }
}
