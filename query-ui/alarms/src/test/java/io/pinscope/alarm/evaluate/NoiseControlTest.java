package io.pinscope.alarm.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.alarm.check.Check;
import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.Escalation;
import io.pinscope.model.alarm.RuleKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseControlTest {
  private static final long MINUTE = 60_000L;
  private static final AlarmChannel TEAM = new AlarmChannel(AlarmChannel.Type.SLACK, "https://hooks.test/team");
  private static final AlarmChannel ONCALL = new AlarmChannel(AlarmChannel.Type.EMAIL, "oncall@example.com");
  private static final AlarmRule RULE = AlarmRule.builder().id("r1").name("errors").application("shop")
      .kind(RuleKind.ERROR_RATE).threshold(10).channel(TEAM).escalation(new Escalation(5, List.of(ONCALL))).build();

  private static final NoiseControl.Outcome FIRING = NoiseControl.Outcome.of(Check.measured(RULE, 50, ""));
  private static final NoiseControl.Outcome QUIET = NoiseControl.Outcome.of(Check.measured(RULE, 1, ""));

  private static AlarmState step(AlarmState prev, NoiseControl.Outcome outcome, long now, boolean silenced,
      List<String> actions) {
    NoiseControl.Step s = NoiseControl.step(RULE, prev, outcome, now, silenced);
    for (NoiseControl.Action a : s.actions()) {
      actions.add(now / MINUTE + ":" + a.type() + (a.held() ? ":held" : "")
          + (a.notification() == null ? "" : ":" + a.channels().size()));
    }
    return s.next();
  }

  @Test
  void anEscalationHeldBySilenceGoesOutOnceTheSilenceEnds() {
    List<String> actions = new ArrayList<>();
    AlarmState s = AlarmState.pending("r1");
    s = step(s, FIRING, 0, false, actions);
    s = step(s, FIRING, 5 * MINUTE, true, actions);
    assertThat(s.escalated()).isFalse();
    s = step(s, FIRING, 6 * MINUTE, false, actions);
    assertThat(s.escalated()).isTrue();
    s = step(s, FIRING, 7 * MINUTE, false, actions);
    // the REPEAT due at 3 min, held at 5, goes out with the escalation at 6
    assertThat(actions).containsExactly("0:FIRING:1", "5:REPEAT:held:1", "5:ESCALATION:held:1", "6:REPEAT:1",
        "6:ESCALATION:1");
    assertThat(s.notifications()).isEqualTo(2);
  }

  @Test
  void aStreakAcknowledgedBeforeAnyoneWasToldEndsWithoutARecoveryMessage() {
    List<String> actions = new ArrayList<>();
    AlarmState s = step(AlarmState.pending("r1"), FIRING, 0, true, actions);
    s = s.acknowledge(new Acknowledgement("bob", MINUTE, ""));
    s = step(s, FIRING, 10 * MINUTE, false, actions);
    s = step(s, QUIET, 11 * MINUTE, false, actions);
    // held FIRING; acknowledged: neither FIRING nor REPEAT nor ESCALATION; a RECOVERY event sent to nobody
    assertThat(actions).containsExactly("0:FIRING:held:1", "11:RECOVERY");
    assertThat(s.status()).isEqualTo(AlarmState.Status.OK);
    assertThat(s.acknowledged()).isNull();
  }

  @Test
  void noDataKeepsAStreakWithoutRecoveryRepeatOrEscalation_andIsOkOutsideOne() {
    NoiseControl.Outcome noData = NoiseControl.Outcome.of(Check.noData(RULE, "no requests in the window"));
    List<String> actions = new ArrayList<>();
    AlarmState s = step(AlarmState.pending("r1"), FIRING, 0, false, actions);
    s = step(s, noData, 4 * MINUTE, false, actions);
    s = step(s, noData, 9 * MINUTE, false, actions);
    assertThat(s.status()).isEqualTo(AlarmState.Status.FIRING);
    assertThat(s.value()).isNull();
    assertThat(s.sequence()).isEqualTo(1);
    assertThat(s.notifications()).isEqualTo(1);
    // data again, still firing: the REPEAT due at 3 min and the escalation due at 5 go out now
    s = step(s, FIRING, 10 * MINUTE, false, actions);
    assertThat(actions).containsExactly("0:FIRING:1", "10:REPEAT:1", "10:ESCALATION:1");
    assertThat(s.sequence()).isEqualTo(2);

    assertThat(step(AlarmState.pending("r1"), noData, 0, false, actions).status()).isEqualTo(AlarmState.Status.OK);
  }

  @Test
  void failuresOutsideAStreakRecordOneEventAndRecoverSilently() {
    List<String> actions = new ArrayList<>();
    AlarmState s = step(AlarmState.pending("r1"), QUIET, 0, false, actions);
    s = step(s, NoiseControl.Outcome.failed("boom"), MINUTE, false, actions);
    s = step(s, NoiseControl.Outcome.failed("boom again"), 2 * MINUTE, false, actions);
    assertThat(s.status()).isEqualTo(AlarmState.Status.FAILED);
    assertThat(s.sinceMillis()).isEqualTo(MINUTE);
    assertThat(s.error()).isEqualTo("boom again");
    s = step(s, QUIET, 3 * MINUTE, false, actions);
    assertThat(actions).containsExactly("1:EVALUATION_FAILED");
    assertThat(s.status()).isEqualTo(AlarmState.Status.OK);
    assertThat(s.sinceMillis()).isEqualTo(3 * MINUTE);
    assertThat(s.value()).isEqualTo(1.0);
  }
}
