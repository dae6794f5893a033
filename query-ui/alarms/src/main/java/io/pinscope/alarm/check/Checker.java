package io.pinscope.alarm.check;

import io.pinscope.model.alarm.AlarmRule;

/**
 * Evaluates rules of one family of kinds over a window. Implementations read storage and keep no state
 * between calls; they are called from several threads at once.
 */
@FunctionalInterface
public interface Checker {
  /**
   * One evaluation of {@code rule} over {@code [fromMillis, toMillis)} (epoch ms; the evaluator passes the
   * last window ending at its clock's time).
   *
   * @throws RuntimeException when the data cannot be read: the evaluator records the rule as FAILED
   */
  Check check(AlarmRule rule, long fromMillis, long toMillis);
}
