package io.pinscope.alarm.anomaly;

import static io.pinscope.alarm.anomaly.SyntheticTraffic.APPLICATION;
import static io.pinscope.alarm.anomaly.SyntheticTraffic.DAY;
import static io.pinscope.alarm.anomaly.SyntheticTraffic.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.MutableClock;
import io.pinscope.alarm.check.Check;
import io.pinscope.alarm.check.Checker;
import io.pinscope.alarm.check.CheckerRegistry;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ANOMALY_* checkers through the registry, over a synthetic seasonal week in the memory engine. */
class AnomalyCheckerTest {
  private static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
  private static final long SPIKE = START + 7 * DAY + 14 * 60 * MINUTE;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(START + 8 * DAY));
  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").clock(clock).build());
  private final CheckerRegistry registry =
      AnomalyChecker.addTo(CheckerRegistry.builder(), storage.statistics()).build();
  private SyntheticTraffic traffic;

  @BeforeEach
  void week() {
    traffic = new SyntheticTraffic(START, 8, 42);
    traffic.writeTo(storage.statistics());
  }

  @AfterEach
  void close() {
    storage.close();
  }

  private static AlarmRule rule(RuleKind kind) {
    return AlarmRule.builder().name("anomaly").application(APPLICATION).kind(kind).threshold(4).build();
  }

  /** The last 5 minutes before {@code toMillis}, as the evaluator asks. */
  private Check check(AlarmRule rule, long toMillis) {
    Checker checker = registry.checker(rule.kind());
    return checker.check(rule, toMillis - 5 * MINUTE, toMillis);
  }

  @Test
  void registersTheThreeAnomalyKinds() {
    assertThat(registry.kinds()).containsExactlyInAnyOrder(RuleKind.ANOMALY_AVG_RESPONSE_TIME,
        RuleKind.ANOMALY_ERROR_RATE, RuleKind.ANOMALY_TOTAL_COUNT);
    assertThatThrownBy(() -> registry.checker(RuleKind.ANOMALY_AVG_RESPONSE_TIME)
        .check(rule(RuleKind.ERROR_RATE), SPIKE - 5 * MINUTE, SPIKE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("kind: ERROR_RATE (expected: ");
  }

  @Test
  void aTwoHourIncidentKeepsFiringToItsEnd() {
    traffic.change(storage.statistics(), SPIKE, 120, m -> SyntheticTraffic.slower(m, 3));

    // every window of the last hour is inside the incident: only the previous days say what is normal
    List<String> normal = new ArrayList<>();
    for (long at = SPIKE + 10 * MINUTE; at <= SPIKE + 120 * MINUTE; at += 10 * MINUTE) {
      Check c = check(rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME), at);
      if (!c.detected()) {
        normal.add((at - SPIKE) / MINUTE + " min in: " + c.message());
      }
    }
    assertThat(normal).as("windows of the incident judged normal").isEmpty();
    assertThat(check(rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME), SPIKE + 120 * MINUTE).message())
        .endsWith(" over 7 baseline windows)");
  }

  @Test
  void aLatencySpikeFiresWithTheScoreAsValue() {
    traffic.change(storage.statistics(), SPIKE, 15, m -> SyntheticTraffic.slower(m, 3));

    Check c = check(rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME), SPIKE + 10 * MINUTE);

    assertThat(c.detected()).as(c.message()).isTrue();
    assertThat(c.unit()).isEqualTo("score");
    assertThat(c.value()).isGreaterThan(10);
    assertThat(c.message()).startsWith("avg response time ").contains(" robust SDs above normal (median ");
    Check quiet = check(rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME), SPIKE);
    assertThat(quiet.detected()).as(quiet.message()).isFalse();
    assertThat(quiet.value()).isBetween(-4.0, 4.0);
  }

  @Test
  void theMinuteInProgressIsLeftOut() {
    // The minute holding the evaluation time is very slow, but still filling: not judged yet.
    traffic.change(storage.statistics(), SPIKE, 1, m -> SyntheticTraffic.slower(m, 20));

    Check c = check(rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME), SPIKE + 30_000);

    assertThat(c.detected()).as(c.message()).isFalse();
    assertThat(check(rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME), SPIKE + MINUTE).detected()).isTrue();
  }

  @Test
  void aDropToZeroFiresTheTotalCountWithAPositiveValue() {
    traffic.change(storage.statistics(), SPIKE, 15, m -> Histogram.empty(HistogramSchema.NORMAL));

    Check count = check(rule(RuleKind.ANOMALY_TOTAL_COUNT), SPIKE + 5 * MINUTE);
    Check latency = check(rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME), SPIKE + 5 * MINUTE);

    assertThat(count.detected()).as(count.message()).isTrue();
    assertThat(count.value()).isGreaterThanOrEqualTo(4);
    assertThat(count.message()).contains("robust SDs below normal");
    assertThat(latency.detected()).isFalse();
    assertThat(latency.value()).isNull();
    assertThat(latency.message()).isEqualTo(
        "no verdict on the avg response time: 0 requests in the window (expected: at least 50)");
  }

  @Test
  void rulesOptionsSetTheGuardAndTheDays() {
    traffic.change(storage.statistics(), SPIKE, 5, m -> SyntheticTraffic.histogram(6, 0, 1_500));
    AlarmRule strict = rule(RuleKind.ANOMALY_AVG_RESPONSE_TIME);
    AlarmRule lenient = strict.toBuilder().option("minTraffic", 20).option("days", 2).build();

    assertThat(check(strict, SPIKE + 5 * MINUTE).value()).isNull();
    Check c = check(lenient, SPIKE + 5 * MINUTE);
    assertThat(c.detected()).as(c.message()).isTrue();
    assertThat(c.message()).endsWith(" over 14 baseline windows)");
  }

  @Test
  void anErrorRateRiseFires() {
    traffic.change(storage.statistics(), SPIKE, 5,
        m -> SyntheticTraffic.histogram(m.totalCount(), m.totalCount() / 5, m.averageMillis()));

    Check c = check(rule(RuleKind.ANOMALY_ERROR_RATE), SPIKE + 5 * MINUTE);

    assertThat(c.detected()).as(c.message()).isTrue();
    assertThat(c.message()).startsWith("error rate 20 % is ");
  }
}
