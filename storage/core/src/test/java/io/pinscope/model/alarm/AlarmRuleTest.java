package io.pinscope.model.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmRuleTest {
  private static AlarmRule.Builder errorRate() {
    return AlarmRule.builder().name("errors").application("shop").kind(RuleKind.ERROR_RATE).threshold(5);
  }

  @Test
  void builder_givesAnIdAndDefaults() {
    AlarmRule rule = errorRate().build();
    assertThat(rule.id()).matches("[0-9a-f-]{36}");
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.channels()).isEmpty();
    assertThat(rule.options()).isEmpty();
    assertThat(rule.toBuilder().build()).isEqualTo(rule);
  }

  @Test
  void threshold_outOfTheKindsRange_namesTheFieldAndRange() {
    assertThatThrownBy(() -> errorRate().threshold(-5).build())
        .hasMessage("threshold: -5.0 (expected: > 0 and <= 100 for ERROR_RATE)");
    assertThatThrownBy(() -> errorRate().threshold(100.5).build())
        .hasMessage("threshold: 100.5 (expected: > 0 and <= 100 for ERROR_RATE)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.APDEX).threshold(2).build())
        .hasMessage("threshold: 2.0 (expected: 0..1 for APDEX)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.TOTAL_COUNT).threshold(Double.NaN).build())
        .hasMessage("threshold: NaN (expected: >= 1 for TOTAL_COUNT)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.ANOMALY_ERROR_RATE).threshold(0).build())
        .hasMessage("threshold: 0.0 (expected: 1..100 for ANOMALY_ERROR_RATE)");
    assertThat(errorRate().kind(RuleKind.AVG_RESPONSE_TIME).threshold(1e6).build().threshold()).isEqualTo(1e6);
  }

  @Test
  void threshold_thatWouldFireOnEveryWindow_isRefused() {
    // ERROR COUNT >= 0, AGENT DOWN >= 0, ERROR RATE >= 0 %, AVG >= 0 ms: true of every window
    assertThatThrownBy(() -> errorRate().kind(RuleKind.ERROR_COUNT).threshold(0).build())
        .hasMessage("threshold: 0.0 (expected: >= 1 for ERROR_COUNT)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.AGENT_DOWN).threshold(0.5).build())
        .hasMessage("threshold: 0.5 (expected: >= 1 for AGENT_DOWN)");
    assertThatThrownBy(() -> errorRate().threshold(0).build())
        .hasMessage("threshold: 0.0 (expected: > 0 and <= 100 for ERROR_RATE)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.AVG_RESPONSE_TIME).threshold(0).build())
        .hasMessage("threshold: 0.0 (expected: > 0 for AVG_RESPONSE_TIME)");
    assertThat(errorRate().threshold(0.1).build().threshold()).isEqualTo(0.1);
    assertThat(errorRate().kind(RuleKind.ERROR_COUNT).threshold(1).build().threshold()).isEqualTo(1);
    assertThat(errorRate().kind(RuleKind.APDEX).threshold(0).build().threshold()).isZero();
  }

  @Test
  void wholeNumberOptions_refuseFractionsAndNumbersPastInt() {
    AlarmRule.Builder anomaly = errorRate().kind(RuleKind.ANOMALY_AVG_RESPONSE_TIME).threshold(4);
    assertThatThrownBy(() -> anomaly.option("minTraffic", 50.5).build())
        .hasMessage("options.minTraffic: 50.5 (expected: 0..2147483647, a whole number)");
    assertThatThrownBy(() -> anomaly.option("minTraffic", 3e9).build())
        .hasMessage("options.minTraffic: 3.0E9 (expected: 0..2147483647, a whole number)");
    assertThatThrownBy(() -> anomaly.option("minTraffic", 10).option("days", 2.5).build())
        .hasMessage("options.days: 2.5 (expected: 1..28, a whole number)");
    assertThat(anomaly.option("minTraffic", Integer.MAX_VALUE).option("days", 3).build().option("minTraffic"))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void sameSubject_comparesWhatIsWatchedNotHowItIsJudgedNorWhoIsTold() {
    AlarmRule rule = errorRate().id("r1").build();
    assertThat(rule.sameSubject(rule.toBuilder().name("renamed").enabled(false)
        .channel(new AlarmChannel(AlarmChannel.Type.WEBHOOK, "http://h/")).build())).isTrue();
    assertThat(rule.sameSubject(rule.toBuilder().threshold(6).build())).isTrue();
    assertThat(rule.sameSubject(rule.toBuilder().application("other").build())).isFalse();
    assertThat(rule.sameSubject(rule.toBuilder().kind(RuleKind.SLOW_RATE).build())).isFalse();
    AlarmRule route = rule.toBuilder().kind(RuleKind.ROUTE_ERROR_RATE).target("/a").build();
    assertThat(route.sameSubject(route.toBuilder().target("/b").build())).isFalse();
    AlarmRule down = rule.toBuilder().kind(RuleKind.AGENT_DOWN).threshold(1).build();
    assertThat(down.sameSubject(down.toBuilder().option("minutes", 9).build())).isTrue();
    assertThat(down.sameCondition(down.toBuilder().option("minutes", 9).build())).isFalse();
    assertThat(rule.sameCondition(rule.toBuilder().threshold(6).build())).isFalse();
    assertThat(rule.sameCondition(rule.toBuilder().name("renamed").build())).isTrue();
  }

  @Test
  void target_requiredByCalleeRouteAndStatementKinds_refusedByOthers() {
    assertThatThrownBy(() -> errorRate().kind(RuleKind.ERROR_RATE_TO_CALLEE).build())
        .hasMessage("target: null (expected: the callee's name for ERROR_RATE_TO_CALLEE)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.ROUTE_ERROR_RATE).target("  ").build())
        .hasMessage("target: null (expected: the route for ROUTE_ERROR_RATE)");
    assertThatThrownBy(() -> errorRate().target("redis").build())
        .hasMessage("target: \"redis\" (expected: none for ERROR_RATE)");
    assertThat(errorRate().target("").build().target()).isNull();
    assertThat(errorRate().kind(RuleKind.STATEMENT_ERROR_RATE).target("SELECT 1").build().target())
        .isEqualTo("SELECT 1");
  }

  @Test
  void options_onlyTheKinds_inRange_defaultsOtherwise() {
    AlarmRule down = errorRate().kind(RuleKind.AGENT_DOWN).threshold(1).build();
    assertThat(down.option("minutes")).isEqualTo(5);
    assertThat(down.toBuilder().option("minutes", 9).build().option("minutes")).isEqualTo(9);
    assertThatThrownBy(() -> errorRate().option("minutes", 3).build())
        .hasMessage("options: \"minutes\" (expected: no options for ERROR_RATE)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.AGENT_DOWN).threshold(1).option("minute", 3).build())
        .hasMessage("options: \"minute\" (expected: one of [minutes] for AGENT_DOWN)");
    assertThatThrownBy(() -> errorRate().kind(RuleKind.AGENT_DOWN).threshold(1).option("minutes", 0).build())
        .hasMessage("options.minutes: 0.0 (expected: 1..1440)");
    assertThat(errorRate().kind(RuleKind.ANOMALY_TOTAL_COUNT).threshold(4).build().option("minTraffic"))
        .isEqualTo(50);
  }

  @Test
  void channels_targetsMustSuitTheirType() {
    assertThatThrownBy(() -> errorRate().channel(new AlarmChannel(AlarmChannel.Type.EMAIL, "ops")).build())
        .hasMessage("channels[0].target: \"ops\" (expected: an email address such as ops@example.com for EMAIL)");
    assertThatThrownBy(() -> errorRate().channel(new AlarmChannel(AlarmChannel.Type.EMAIL, "a@b..c")).build())
        .hasMessageStartingWith("channels[0].target: \"a@b..c\" (expected: an email address");
    assertThat(errorRate().channel(new AlarmChannel(AlarmChannel.Type.EMAIL, "ops@localhost")).build().channels())
        .hasSize(1);
    assertThatThrownBy(() -> errorRate().channel(new AlarmChannel(AlarmChannel.Type.EMAIL, "a@b.c"))
        .channel(new AlarmChannel(AlarmChannel.Type.SLACK, "ftp://x/y")).build())
        .hasMessage("channels[1].target: \"ftp://x/y\" (expected: an http:// or https:// URL for SLACK)");
    assertThatThrownBy(() -> errorRate().escalation(new Escalation(10,
        List.of(new AlarmChannel(AlarmChannel.Type.WEBHOOK, "not a url")))).build())
        .hasMessage("escalation.channels[0].target: \"not a url\" (expected: an http:// or https:// URL for WEBHOOK)");
    assertThatThrownBy(() -> new Escalation(0, List.of(new AlarmChannel(AlarmChannel.Type.EMAIL, "a@b.c"))))
        .hasMessage("escalation.afterMinutes: 0 (expected: 1..10080)");
    assertThatThrownBy(() -> new Escalation(5, List.of()))
        .hasMessage("escalation.channels: [] (expected: at least one channel)");
  }

  @Test
  void requiredTexts_andIds() {
    assertThatThrownBy(() -> errorRate().name(" ").build())
        .hasMessage("name: \" \" (expected: a non-blank text of at most 200 characters)");
    assertThatThrownBy(() -> errorRate().application(null).build())
        .hasMessage("application: null (expected: a non-blank text of at most 255 characters)");
    assertThatThrownBy(() -> errorRate().id("a/b").build())
        .hasMessage("id: \"a/b\" (expected: 1-64 letters, digits, '.', '_' or '-')");
    assertThatThrownBy(() -> errorRate().kind(null).build()).hasMessageStartingWith("kind: null (expected one of [");
  }

  @Test
  void kinds_describeThemselves() {
    assertThat(RuleKind.ERROR_RATE.displayName()).isEqualTo("ERROR RATE");
    assertThat(RuleKind.ERROR_RATE.unitSymbol()).isEqualTo("%");
    assertThat(RuleKind.APDEX.firesWhen()).isEqualTo(RuleKind.FiresWhen.BELOW);
    assertThat(RuleKind.APDEX.fires(0.7, 0.7)).isTrue();
    assertThat(RuleKind.APDEX.fires(0.71, 0.7)).isFalse();
    assertThat(RuleKind.SLOW_COUNT.fires(10, 10)).isTrue();
    assertThat(RuleKind.SLOW_COUNT.fires(9, 10)).isFalse();
    assertThat(RuleKind.TOTAL_COUNT_TO_CALLEE.target()).isEqualTo(RuleKind.TargetKind.CALLEE);
    assertThat(RuleKind.TOTAL_COUNT_TO_CALLEE.targetRequired()).isTrue();
    assertThatThrownBy(() -> RuleKind.parse("ERROR_RATIO")).hasMessageStartingWith(
        "kind: \"ERROR_RATIO\" (expected one of [SLOW_COUNT, SLOW_RATE,");
  }

  @Test
  void silence_rangeAndCoverage() {
    assertThatThrownBy(() -> Silence.create("shop", null, 10, 10, "", ""))
        .hasMessage("to: 10 (expected: > from 10)");
    AlarmRule rule = errorRate().build();
    Silence s = Silence.create("shop", "", 10, 20, "deploy", "alice");
    assertThat(s.ruleId()).isNull();
    assertThat(s.covers(rule, 10)).isTrue();
    assertThat(s.covers(rule, 20)).isFalse();
    assertThat(Silence.create("shop", "other", 10, 20, "", "").covers(rule, 15)).isFalse();
    assertThat(Silence.create("cart", null, 10, 20, "", "").covers(rule, 15)).isFalse();
  }

  @Test
  void options_mapIsOrderedAndUnmodifiable() {
    AlarmRule rule = errorRate().kind(RuleKind.ANOMALY_ERROR_RATE).threshold(4)
        .options(Map.of("minTraffic", 10.0, "days", 3.0)).build();
    assertThat(rule.options()).containsExactly(Map.entry("days", 3.0), Map.entry("minTraffic", 10.0));
    assertThatThrownBy(() -> rule.options().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
  }
}
