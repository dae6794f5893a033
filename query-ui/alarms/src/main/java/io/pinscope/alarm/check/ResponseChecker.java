package io.pinscope.alarm.check;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.RuleKind;

/**
 * The checker of the kinds measured on response histograms — SLOW/ERROR/TOTAL COUNT, SLOW/ERROR RATE, APDEX,
 * AVG and P95 RESPONSE TIME, of the application's own requests, of its calls to a callee, of a route or of a
 * statement — over the window's statistics slots ({@link StatisticsWindow}), summed into a
 * {@link ResponseTally}. Values:
 * <ul>
 *   <li>counts: the calls of the tally (slow = the slow and very slow bands), 0 when there are none;
 *   <li>rates: the calls in percent of all (0..100);
 *   <li>APDEX: {@code (satisfied + tolerating / 2) / total}, satisfied being the successful calls in the fast
 *       band, tolerating those in the normal band, every other call (errors included) frustrated;
 *   <li>AVG: the mean elapsed time, ms; P95: an upper bound at band resolution
 *       ({@link io.pinscope.model.Histogram#quantileUpperBoundMillis}, never above the slowest call), ms.
 * </ul>
 * Rates, Apdex and times have no value when the window holds no call: the check then does not fire (and,
 * during a firing streak, does not end it either: see the evaluator's noise control).
 */
final class ResponseChecker implements Checker {
  /** What is measured on the tally. */
  enum Measure {
    SLOW_COUNT(true), ERROR_COUNT(true), TOTAL_COUNT(true), SLOW_RATE(false), ERROR_RATE(false), APDEX(false),
    AVERAGE(false), P95(false);

    /** Whether an empty window has a value (0): counts do, rates, scores and times do not. */
    final boolean count;

    Measure(boolean count) {
      this.count = count;
    }

    /** The measure of {@code kind}. */
    static Measure of(RuleKind kind) {
      return switch (kind) {
        case SLOW_COUNT, SLOW_COUNT_TO_CALLEE -> SLOW_COUNT;
        case ERROR_COUNT, ERROR_COUNT_TO_CALLEE -> ERROR_COUNT;
        case TOTAL_COUNT, TOTAL_COUNT_TO_CALLEE -> TOTAL_COUNT;
        case SLOW_RATE, SLOW_RATE_TO_CALLEE -> SLOW_RATE;
        case ERROR_RATE, ERROR_RATE_TO_CALLEE, ROUTE_ERROR_RATE, STATEMENT_ERROR_RATE -> ERROR_RATE;
        case APDEX -> APDEX;
        case AVG_RESPONSE_TIME, ROUTE_AVG_RESPONSE_TIME, STATEMENT_AVG_RESPONSE_TIME -> AVERAGE;
        case P95_RESPONSE_TIME -> P95;
        default -> throw new IllegalArgumentException("kind: " + kind + " (expected: a kind measured on response"
            + " histograms)");
      };
    }
  }

  private final ResponseSource source;

  ResponseChecker(ResponseSource source) {
    this.source = requireNonNull(source, "source");
  }

  @Override
  public Check check(AlarmRule rule, long fromMillis, long toMillis) {
    Measure measure = Measure.of(rule.kind());
    ResponseTally t = ResponseTally.of(source.read(rule, StatisticsWindow.of(fromMillis, toMillis)));
    String noun = source.noun(rule);
    if (t.total() == 0 && !measure.count) {
      return Check.noData(rule, "no " + noun + " in the window");
    }
    String of = " of " + t.total() + " " + noun;
    return switch (measure) {
      case SLOW_COUNT -> Check.measured(rule, t.slow(), t.slow() + of + " slow");
      case ERROR_COUNT -> Check.measured(rule, t.errors(), t.errors() + of + " failed");
      case TOTAL_COUNT -> Check.measured(rule, t.total(), t.total() + " " + noun);
      case SLOW_RATE -> Check.measured(rule, t.slowPercent(), t.slow() + of);
      case ERROR_RATE -> Check.measured(rule, t.errorPercent(), t.errors() + of);
      case APDEX -> Check.measured(rule, t.apdex(), t.satisfied() + " satisfied, " + t.tolerating()
          + " tolerating, " + t.frustrated() + " frustrated" + of);
      case AVERAGE -> Check.measured(rule, t.averageMillis(), t.total() + " " + noun);
      case P95 -> Check.measured(rule, t.p95Millis(), t.total() + " " + noun + ", upper bound at band resolution");
    };
  }
}
