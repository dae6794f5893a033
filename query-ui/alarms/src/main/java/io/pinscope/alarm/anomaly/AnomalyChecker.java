package io.pinscope.alarm.anomaly;

import static java.util.Objects.requireNonNull;

import io.pinscope.alarm.check.Check;
import io.pinscope.alarm.check.Checker;
import io.pinscope.alarm.check.CheckerRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.storage.MapStatistics;
import java.time.Duration;

/**
 * The checker of {@link RuleKind#ANOMALY_AVG_RESPONSE_TIME}, {@link RuleKind#ANOMALY_ERROR_RATE} and
 * {@link RuleKind#ANOMALY_TOTAL_COUNT}: the rule's application's self statistics in the window against its
 * seasonal baseline ({@link BaselineReader}, {@link AnomalyDetector}), with the rule's threshold as the
 * sensitivity and its options {@code minTraffic} and {@code days} ({@link AnomalySettings#of}).
 *
 * <p>The window judged is the whole minutes ending at the start of the minute holding {@code toMillis}, as
 * many as {@code [fromMillis, toMillis)} spans (rounded up): the minute still in progress is left out, because
 * a partly filled minute would read as a drop of traffic against baseline windows that are complete.
 *
 * <p>The check's value is the robust score in the kind's unit ({@code "score"}): z for response time and
 * error rate (negative below normal, which never fires), |z| for the total count (which fires both ways), so
 * that the check fires exactly when its value is {@code >=} the threshold, as {@link RuleKind#fires} says. No
 * verdict (too little traffic or history) gives no value and never fires; the message says why.
 */
public final class AnomalyChecker implements Checker {
  private final BaselineReader reader;

  public AnomalyChecker(MapStatistics statistics) {
    this.reader = new BaselineReader(requireNonNull(statistics, "statistics"));
  }

  /** Adds a checker over {@code statistics} for the three anomaly kinds to {@code registry}; returns it. */
  public static CheckerRegistry.Builder addTo(CheckerRegistry.Builder registry, MapStatistics statistics) {
    AnomalyChecker checker = new AnomalyChecker(statistics);
    registry.add(RuleKind.ANOMALY_AVG_RESPONSE_TIME, checker);
    registry.add(RuleKind.ANOMALY_ERROR_RATE, checker);
    registry.add(RuleKind.ANOMALY_TOTAL_COUNT, checker);
    return registry;
  }

  /** The signal an anomaly kind watches. */
  static AnomalySignal signal(RuleKind kind) {
    return switch (kind) {
      case ANOMALY_AVG_RESPONSE_TIME -> AnomalySignal.AVG_RESPONSE_TIME;
      case ANOMALY_ERROR_RATE -> AnomalySignal.ERROR_RATE;
      case ANOMALY_TOTAL_COUNT -> AnomalySignal.TOTAL_COUNT;
      default -> throw new IllegalArgumentException("kind: " + kind + " (expected: ANOMALY_AVG_RESPONSE_TIME, "
          + "ANOMALY_ERROR_RATE or ANOMALY_TOTAL_COUNT)");
    };
  }

  @Override
  public Check check(AlarmRule rule, long fromMillis, long toMillis) {
    if (toMillis <= fromMillis) {
      throw new IllegalArgumentException("toMillis: " + toMillis + " (expected: > fromMillis " + fromMillis + ")");
    }
    AnomalySignal signal = signal(rule.kind());
    AnomalySettings settings = AnomalySettings.of(rule.threshold(), rule.options());
    long minutes = (toMillis - fromMillis + SlotValue.SLOT_MILLIS - 1) / SlotValue.SLOT_MILLIS;
    Baseline baseline = reader.read(rule.application(), SlotValue.slotOf(toMillis), Duration.ofMinutes(minutes),
        settings);
    return check(rule, baseline.judge(signal, settings));
  }

  /** The check a verdict gives. */
  static Check check(AlarmRule rule, AnomalyVerdict verdict) {
    AnomalyVerdict.Score score = verdict.score();
    if (verdict.outcome() == AnomalyVerdict.Outcome.NO_VERDICT || score == null) {
      return new Check(null, rule.kind().unitSymbol(), false, verdict.message());
    }
    double value = verdict.signal().firesBelow() ? Math.abs(score.z()) : score.z();
    return new Check(value, rule.kind().unitSymbol(), verdict.detected(), verdict.message());
  }
}
