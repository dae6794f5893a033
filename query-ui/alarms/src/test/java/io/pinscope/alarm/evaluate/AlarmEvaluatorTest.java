package io.pinscope.alarm.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.MutableClock;
import io.pinscope.alarm.AlarmTestStorage;
import io.pinscope.alarm.RecordingDispatcher;
import io.pinscope.alarm.Traffic;
import io.pinscope.alarm.channel.Notification;
import io.pinscope.alarm.check.Check;
import io.pinscope.alarm.check.Checker;
import io.pinscope.alarm.check.CheckerRegistry;
import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.Escalation;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.model.alarm.Silence;
import io.pinscope.storage.AlarmStore;
import io.pinscope.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlarmEvaluatorTest {
  private static final long MINUTE = 60_000L;
  private static final String APP = "shop";
  private static final String TEAM = "http://hooks.test/team";
  private static final String ONCALL = "http://hooks.test/oncall";

  private final MutableClock clock = AlarmTestStorage.minuteClock();
  private final long t0 = clock.millis();
  private final Storage storage = AlarmTestStorage.memory(clock);
  private final AlarmStore alarms = storage.alarms();
  private final RecordingDispatcher dispatcher = new RecordingDispatcher(clock);
  private final List<AlarmEvaluator> evaluators = new ArrayList<>();

  @AfterEach
  void close() {
    evaluators.forEach(AlarmEvaluator::close);
    storage.close();
  }

  private AlarmEvaluator evaluator(CheckerRegistry checkers) {
    return evaluator(checkers, Duration.ofSeconds(20));
  }

  private AlarmEvaluator evaluator(CheckerRegistry checkers, Duration ruleTimeout) {
    AlarmEvaluator e = AlarmEvaluator.builder(alarms, checkers, dispatcher).clock(clock)
        .ruleTimeout(ruleTimeout).threads(2).build();
    evaluators.add(e);
    return e;
  }

  private AlarmEvaluator evaluator() {
    return evaluator(CheckerRegistry.standard(storage).build());
  }

  private AlarmRule errorRateRule(String name, String channel, Escalation escalation) {
    AlarmRule r = AlarmRule.builder().name(name).application(APP).kind(RuleKind.ERROR_RATE).threshold(10)
        .channel(new AlarmChannel(AlarmChannel.Type.WEBHOOK, channel)).escalation(escalation).build();
    alarms.putRule(r);
    return r;
  }

  /** The minute before the clock: 100 requests, {@code errors} of them failed. */
  private void traffic(int errors) {
    long at = clock.millis() - 30_000;
    new Traffic().self(APP, APP + "-1", at, 50, false, 100 - errors).self(APP, APP + "-1", at, 50, true, errors)
        .writeTo(storage.statistics());
  }

  /**
   * Steps {@code from}..{@code to} (minutes after t0): the minute's traffic, a round at the clock's time, the
   * clock a minute on. Returns "step:KIND:target" for every notification sent.
   */
  private List<String> run(AlarmEvaluator evaluator, int from, int to, int errors) {
    List<String> sent = new ArrayList<>();
    for (int step = from; step <= to; step++) {
      clock.advance(Duration.ofMillis(t0 + step * MINUTE - clock.millis()));
      traffic(errors);
      int before = dispatcher.sent().size();
      evaluator.evaluateOnce();
      for (RecordingDispatcher.Sent s : dispatcher.sent().subList(before, dispatcher.sent().size())) {
        sent.add(step + ":" + s.notification().kind() + ":" + s.channel().target());
      }
    }
    return sent;
  }

  private List<AlarmEvent> events(AlarmRule rule) {
    List<AlarmEvent> oldestFirst =
        new ArrayList<>(alarms.events(new AlarmStore.EventQuery(null, rule.id(), 0, Long.MAX_VALUE, 1000)));
    Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  private List<AlarmEvent.Type> eventTypes(AlarmRule rule) {
    return events(rule).stream().map(AlarmEvent::type).toList();
  }

  private AlarmState state(AlarmRule rule) {
    return alarms.state(rule.id()).orElseThrow();
  }

  @Test
  void firesAtOnceRepeatsOnTheBackOffAndRecoversOnce() {
    AlarmRule rule = errorRateRule("errors", TEAM, null);
    AlarmEvaluator evaluator = evaluator();

    List<String> sent = run(evaluator, 0, 50, 20);
    assertThat(sent).containsExactly("0:FIRING:" + TEAM, "3:REPEAT:" + TEAM, "6:REPEAT:" + TEAM,
        "12:REPEAT:" + TEAM, "24:REPEAT:" + TEAM, "48:REPEAT:" + TEAM);
    AlarmState firing = state(rule);
    assertThat(firing.status()).isEqualTo(AlarmState.Status.FIRING);
    assertThat(firing.sinceMillis()).isEqualTo(t0);
    assertThat(firing.sequence()).isEqualTo(51);
    assertThat(firing.notifications()).isEqualTo(6);
    assertThat(firing.nextNotificationMillis()).isEqualTo(t0 + 72 * MINUTE);
    assertThat(firing.message()).isEqualTo("ERROR RATE 20.0 % ≥ 10 % (100 of 500 requests)");

    // the errors stop: the window's rate falls to 16 %, 12 %, then 8 % at step 53
    assertThat(run(evaluator, 51, 60, 0)).containsExactly("53:RECOVERY:" + TEAM);
    assertThat(state(rule).status()).isEqualTo(AlarmState.Status.OK);
    assertThat(state(rule).sinceMillis()).isEqualTo(t0 + 53 * MINUTE);
    assertThat(eventTypes(rule)).containsExactly(AlarmEvent.Type.FIRING, AlarmEvent.Type.REPEAT,
        AlarmEvent.Type.REPEAT, AlarmEvent.Type.REPEAT, AlarmEvent.Type.REPEAT, AlarmEvent.Type.REPEAT,
        AlarmEvent.Type.RECOVERY);

    Notification first = dispatcher.sent().get(0).notification();
    assertThat(first.value()).isEqualTo(20.0);
    assertThat(first.threshold()).isEqualTo(10.0);
    assertThat(first.checker()).isEqualTo("ERROR RATE");
    assertThat(first.firstDetectedMillis()).isEqualTo(t0);
    assertThat(first.sequence()).isEqualTo(1);
    Notification recovery = dispatcher.sent().get(dispatcher.sent().size() - 1).notification();
    assertThat(recovery.kind()).isEqualTo(Notification.Kind.RECOVERY);
    assertThat(recovery.firstDetectedMillis()).isEqualTo(t0); // of the streak that ended
    assertThat(recovery.sequence()).isEqualTo(53); // steps 0..52 found it
    assertThat(recovery.value()).isEqualTo(8.0);
    // every delivery's outcome lands on its event
    await(() -> events(rule).stream().allMatch(e -> e.deliveries().size() == 1));
    assertThat(events(rule).get(0).deliveries().get(0).detail()).isEqualTo("HTTP 200");
  }

  @Test
  void acknowledgementStopsRepeatsAndEscalationButNotTheRecovery() {
    AlarmRule rule = errorRateRule("errors", TEAM, new Escalation(10,
        List.of(new AlarmChannel(AlarmChannel.Type.WEBHOOK, ONCALL))));
    AlarmEvaluator evaluator = evaluator();
    assertThat(run(evaluator, 0, 4, 20)).containsExactly("0:FIRING:" + TEAM, "3:REPEAT:" + TEAM);

    AlarmState s = state(rule);
    assertThat(alarms.replaceState(s, s.acknowledge(new Acknowledgement("alice", clock.millis(), "on it"))))
        .isTrue();
    assertThat(run(evaluator, 5, 30, 20)).isEmpty();
    assertThat(state(rule).acknowledged()).isNotNull();
    assertThat(run(evaluator, 31, 40, 0)).containsExactly("33:RECOVERY:" + TEAM);
    assertThat(state(rule).acknowledged()).isNull();
  }

  @Test
  void escalatesOnceWhenNotAcknowledgedAndTellsTheEscalationChannelsOfTheRecovery() {
    AlarmRule rule = errorRateRule("errors", TEAM, new Escalation(10,
        List.of(new AlarmChannel(AlarmChannel.Type.WEBHOOK, ONCALL))));
    AlarmEvaluator evaluator = evaluator();

    assertThat(run(evaluator, 0, 20, 20)).containsExactly("0:FIRING:" + TEAM, "3:REPEAT:" + TEAM,
        "6:REPEAT:" + TEAM, "10:ESCALATION:" + ONCALL, "12:REPEAT:" + TEAM);
    assertThat(state(rule).escalated()).isTrue();
    assertThat(run(evaluator, 21, 30, 0)).containsExactly("23:RECOVERY:" + TEAM, "23:RECOVERY:" + ONCALL);
  }

  @Test
  void aSilenceHoldsEveryNotificationAndIsRecordedOnce() {
    AlarmRule rule = errorRateRule("errors", TEAM, null);
    alarms.putSilence(Silence.create(APP, null, t0, t0 + 10 * MINUTE, "deploy", "bob"));
    AlarmEvaluator evaluator = evaluator();

    assertThat(run(evaluator, 0, 9, 20)).isEmpty();
    AlarmState silenced = state(rule);
    assertThat(silenced.status()).isEqualTo(AlarmState.Status.FIRING);
    assertThat(silenced.notifications()).isZero();
    // after the silence, still firing: told now, then on the back-off from the first detection
    assertThat(run(evaluator, 10, 13, 20)).containsExactly("10:FIRING:" + TEAM, "12:REPEAT:" + TEAM);
    assertThat(eventTypes(rule)).containsExactly(AlarmEvent.Type.SILENCED, AlarmEvent.Type.FIRING,
        AlarmEvent.Type.REPEAT);
    assertThat(events(rule).get(0).message()).startsWith("FIRING not sent: silenced until ")
        .contains("by bob (deploy)");
  }

  @Test
  void aRuleSilencedOnItsOwnLeavesTheOthersAlone() {
    AlarmRule quiet = errorRateRule("quiet", TEAM, null);
    AlarmRule loud = errorRateRule("loud", ONCALL, null);
    alarms.putSilence(Silence.create(APP, quiet.id(), t0, t0 + 10 * MINUTE, "", ""));

    assertThat(run(evaluator(), 0, 0, 20)).containsExactly("0:FIRING:" + ONCALL);
    assertThat(eventTypes(quiet)).containsExactly(AlarmEvent.Type.SILENCED);
    assertThat(eventTypes(loud)).containsExactly(AlarmEvent.Type.FIRING);
  }

  @Test
  void aThrowingCheckerFailsItsRuleOnceWhileTheOthersAreEvaluated() {
    AtomicBoolean broken = new AtomicBoolean(true);
    Checker flaky = (rule, from, to) -> {
      if (broken.get()) {
        throw new IllegalStateException("statistics unavailable");
      }
      return Check.measured(rule, 0, "");
    };
    AlarmRule failing = AlarmRule.builder().name("flaky").application(APP).kind(RuleKind.ERROR_COUNT)
        .threshold(1).build();
    alarms.putRule(failing);
    AlarmRule working = errorRateRule("errors", TEAM, null);
    AlarmEvaluator evaluator = evaluator(CheckerRegistry.standard(storage).add(RuleKind.ERROR_COUNT, flaky).build());

    assertThat(run(evaluator, 0, 2, 20)).containsExactly("0:FIRING:" + TEAM);
    AlarmState failed = state(failing);
    assertThat(failed.status()).isEqualTo(AlarmState.Status.FAILED);
    assertThat(failed.error()).isEqualTo("statistics unavailable");
    assertThat(failed.sinceMillis()).isEqualTo(t0);
    assertThat(eventTypes(failing)).containsExactly(AlarmEvent.Type.EVALUATION_FAILED);
    assertThat(events(failing).get(0).message()).isEqualTo("evaluation failed: statistics unavailable");
    assertThat(state(working).status()).isEqualTo(AlarmState.Status.FIRING);

    broken.set(false);
    run(evaluator, 3, 3, 20);
    assertThat(state(failing).status()).isEqualTo(AlarmState.Status.OK);
    assertThat(state(failing).error()).isNull();
  }

  @Test
  void aHangingCheckerTimesOutAndIsInterruptedWithoutHoldingUpTheOthers() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Checker hanging = (rule, from, to) -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return Check.measured(rule, 0, "");
    };
    AlarmRule stuck = AlarmRule.builder().name("stuck").application(APP).kind(RuleKind.TOTAL_COUNT)
        .threshold(1).build();
    alarms.putRule(stuck);
    AlarmRule working = errorRateRule("errors", TEAM, null);
    AlarmEvaluator evaluator = evaluator(CheckerRegistry.standard(storage).add(RuleKind.TOTAL_COUNT, hanging).build(),
        Duration.ofSeconds(2));

    assertThat(run(evaluator, 0, 0, 20)).containsExactly("0:FIRING:" + TEAM);
    assertThat(state(stuck).status()).isEqualTo(AlarmState.Status.FAILED);
    assertThat(state(stuck).error()).isEqualTo("timed out after 2000 ms");
    assertThat(state(working).status()).isEqualTo(AlarmState.Status.FIRING);
    await(interrupted::get);
  }

  @Test
  void anAnomalyRuleWithoutItsCheckerFailsClearly() {
    AlarmRule anomaly = AlarmRule.builder().name("odd").application(APP).kind(RuleKind.ANOMALY_ERROR_RATE)
        .threshold(4).build();
    alarms.putRule(anomaly);
    evaluator().evaluateOnce();
    assertThat(state(anomaly).status()).isEqualTo(AlarmState.Status.FAILED);
    assertThat(state(anomaly).error()).isEqualTo("no checker for ANOMALY_ERROR_RATE");
  }

  @Test
  void aHangingDeliveryDoesNotHoldUpTheOtherRulesNorTheRound() {
    String stuck = "http://hooks.test/stuck";
    dispatcher.hang(stuck);
    AlarmRule hung = errorRateRule("hung", stuck, null);
    AlarmRule fine = errorRateRule("fine", TEAM, null);
    AlarmEvaluator evaluator = evaluator();

    assertThat(run(evaluator, 0, 0, 20)).containsExactlyInAnyOrder("0:FIRING:" + stuck, "0:FIRING:" + TEAM);
    await(() -> events(fine).get(0).deliveries().size() == 1);
    assertThat(events(hung).get(0).deliveries()).isEmpty();
    // the next rounds go on as usual
    assertThat(run(evaluator, 1, 3, 20)).containsExactlyInAnyOrder("3:REPEAT:" + stuck, "3:REPEAT:" + TEAM);
  }

  @Test
  void aFailureInTheMiddleOfAFiringStreakKeepsTheStreak() {
    AtomicBoolean broken = new AtomicBoolean();
    Checker real = CheckerRegistry.standard(storage).build().checker(RuleKind.ERROR_RATE);
    Checker flaky = (rule, from, to) -> {
      if (broken.get()) {
        throw new IllegalStateException("read failed");
      }
      return real.check(rule, from, to);
    };
    AlarmRule rule = errorRateRule("errors", TEAM, null);
    AlarmEvaluator evaluator = evaluator(CheckerRegistry.standard(storage).add(RuleKind.ERROR_RATE, flaky).build());

    assertThat(run(evaluator, 0, 1, 20)).containsExactly("0:FIRING:" + TEAM);
    broken.set(true);
    assertThat(run(evaluator, 2, 2, 20)).isEmpty();
    assertThat(state(rule).status()).isEqualTo(AlarmState.Status.FAILED);
    assertThat(state(rule).sinceMillis()).isEqualTo(t0);
    broken.set(false);
    // no second FIRING: the streak goes on, with its back-off
    assertThat(run(evaluator, 3, 4, 20)).containsExactly("3:REPEAT:" + TEAM);
    assertThat(state(rule).status()).isEqualTo(AlarmState.Status.FIRING);
    broken.set(true);
    run(evaluator, 5, 5, 0);
    broken.set(false);
    // still firing at 6 (12 %: the REPEAT due), gone at 7 (8 %): the recovery is not lost
    assertThat(run(evaluator, 6, 12, 0)).containsExactly("6:REPEAT:" + TEAM, "7:RECOVERY:" + TEAM);
    assertThat(eventTypes(rule)).containsExactly(AlarmEvent.Type.FIRING, AlarmEvent.Type.EVALUATION_FAILED,
        AlarmEvent.Type.REPEAT, AlarmEvent.Type.EVALUATION_FAILED, AlarmEvent.Type.REPEAT, AlarmEvent.Type.RECOVERY);
  }

  @Test
  void aWindowWithoutTrafficDuringAStreakNeitherRecoversNorRepeats() {
    AlarmRule rule = errorRateRule("errors", TEAM, null);
    AlarmEvaluator evaluator = evaluator();
    assertThat(run(evaluator, 0, 1, 20)).containsExactly("0:FIRING:" + TEAM);

    // the night: no requests from minute 1 on; the window holds the failing minutes until step 5
    List<String> quiet = new ArrayList<>();
    for (int step = 2; step <= 12; step++) {
      clock.advance(Duration.ofMillis(t0 + step * MINUTE - clock.millis()));
      int before = dispatcher.sent().size();
      evaluator.evaluateOnce();
      dispatcher.sent().subList(before, dispatcher.sent().size())
          .forEach(x -> quiet.add(x.notification().kind().name()));
    }
    assertThat(quiet).as("the REPEAT due at 3 min; no RECOVERY once the window is empty").containsExactly("REPEAT");
    AlarmState held = state(rule);
    assertThat(held.status()).isEqualTo(AlarmState.Status.FIRING);
    assertThat(held.value()).isNull();
    assertThat(held.message()).isEqualTo("ERROR RATE: no requests in the window");
    assertThat(held.sinceMillis()).isEqualTo(t0);

    // traffic again, still failing: the streak goes on with its back-off (the REPEAT due at 6 min)
    assertThat(run(evaluator, 13, 13, 20)).containsExactly("13:REPEAT:" + TEAM);
    assertThat(eventTypes(rule)).containsExactly(AlarmEvent.Type.FIRING, AlarmEvent.Type.REPEAT,
        AlarmEvent.Type.REPEAT);
  }

  @Test
  void escalationCountsFromTheFiringActuallySentNotFromASilencedDetection() {
    AlarmRule rule = errorRateRule("errors", TEAM, new Escalation(10,
        List.of(new AlarmChannel(AlarmChannel.Type.WEBHOOK, ONCALL))));
    alarms.putSilence(Silence.create(APP, null, t0, t0 + 60 * MINUTE, "maintenance", "bob"));
    AlarmEvaluator evaluator = evaluator();

    assertThat(run(evaluator, 0, 59, 20)).isEmpty();
    // the silence ends: FIRING now, the escalation 10 minutes later, not in the same round
    List<String> sent = run(evaluator, 60, 71, 20);
    assertThat(sent).filteredOn(x -> !x.contains("REPEAT"))
        .containsExactly("60:FIRING:" + TEAM, "70:ESCALATION:" + ONCALL);
    assertThat(state(rule).firstNotifiedMillis()).isEqualTo(t0 + 60 * MINUTE);
  }

  @Test
  void aRecoveryDuringASilenceIsRecordedThoughNotSent() {
    AlarmRule rule = errorRateRule("errors", TEAM, null);
    AlarmEvaluator evaluator = evaluator();
    assertThat(run(evaluator, 0, 1, 20)).containsExactly("0:FIRING:" + TEAM);
    alarms.putSilence(Silence.create(APP, null, t0 + 2 * MINUTE, t0 + 30 * MINUTE, "deploy", "bob"));

    assertThat(run(evaluator, 2, 10, 0)).isEmpty();
    assertThat(state(rule).status()).isEqualTo(AlarmState.Status.OK);
    List<AlarmEvent> history = events(rule);
    // the REPEAT due at 3 min held (one SILENCED event), the RECOVERY at 4 recorded
    assertThat(history).extracting(AlarmEvent::type).containsExactly(AlarmEvent.Type.FIRING,
        AlarmEvent.Type.SILENCED, AlarmEvent.Type.RECOVERY);
    assertThat(history.get(2).timeMillis()).isEqualTo(t0 + 4 * MINUTE);
    assertThat(history.get(2).message()).startsWith("ERROR RATE 8.0 % < 10 % (40 of 500 requests) — not sent: "
        + "silenced until ").contains("by bob (deploy)");
    assertThat(history.get(2).deliveries()).isEmpty();
  }

  @Test
  void aRuleChangedOrDisabledWhileBeingCheckedIsLeftAlone() {
    AlarmRule rule = errorRateRule("errors", TEAM, null);
    Checker real = CheckerRegistry.standard(storage).build().checker(RuleKind.ERROR_RATE);
    AtomicBoolean edit = new AtomicBoolean(true);
    Checker editedMeanwhile = (r, from, to) -> {
      Check c = real.check(r, from, to);
      if (edit.get()) { // the user raises the threshold while the old one is being checked
        alarms.putRule(r.toBuilder().threshold(50).build());
      }
      return c;
    };
    AlarmEvaluator evaluator = evaluator(CheckerRegistry.standard(storage).add(RuleKind.ERROR_RATE, editedMeanwhile)
        .build());
    assertThat(run(evaluator, 0, 0, 20)).as("20 % is below the new threshold of 50 %").isEmpty();
    assertThat(alarms.state(rule.id())).isEmpty();

    edit.set(false);
    assertThat(run(evaluator, 1, 1, 20)).isEmpty();
    assertThat(state(rule).status()).isEqualTo(AlarmState.Status.OK);
  }

  @Test
  void aNotificationIsSentEvenWhenItsEventCannotBeRecorded() {
    AtomicBoolean broken = new AtomicBoolean(true);
    AlarmStore failingAppends = new AppendFailingAlarms(alarms, broken);
    AlarmRule rule = errorRateRule("errors", TEAM, null);
    AlarmEvaluator evaluator = AlarmEvaluator.builder(failingAppends, CheckerRegistry.standard(storage).build(),
        dispatcher).clock(clock).threads(2).build();
    evaluators.add(evaluator);

    assertThat(run(evaluator, 0, 0, 20)).containsExactly("0:FIRING:" + TEAM);
    assertThat(state(rule).notifications()).isEqualTo(1);
    broken.set(false);
    // the recovery, after the storage came back, is recorded and sent once
    assertThat(run(evaluator, 1, 10, 0)).containsExactly("2:RECOVERY:" + TEAM);
    assertThat(eventTypes(rule)).containsExactly(AlarmEvent.Type.RECOVERY);
  }

  @Test
  void silencesLongEndedAreDeletedByARound() {
    long day = 24 * 60 * MINUTE;
    Silence old = Silence.create(APP, null, t0 - 20 * day, t0 - 15 * day, "", "");
    Silence recent = Silence.create(APP, null, t0 - 2 * day, t0 - day, "", "");
    alarms.putSilence(old);
    alarms.putSilence(recent);
    evaluator().evaluateOnce();
    assertThat(alarms.silences()).containsExactly(recent);
  }

  @Test
  void disabledRulesAreNotEvaluated() {
    AlarmRule off = errorRateRule("off", TEAM, null).toBuilder().enabled(false).build();
    alarms.putRule(off);
    assertThat(run(evaluator(), 0, 0, 50)).isEmpty();
    assertThat(alarms.state(off.id())).isEmpty();
    assertThat(evaluator().evaluateOnce()).isEqualTo(new AlarmEvaluator.Round(clock.millis(), 0, 0));
  }

  /** The repository, except that appending an event fails while {@code broken} (a brief storage error). */
  private static final class AppendFailingAlarms implements AlarmStore {
    private final AlarmStore delegate;
    private final AtomicBoolean broken;

    AppendFailingAlarms(AlarmStore delegate, AtomicBoolean broken) {
      this.delegate = delegate;
      this.broken = broken;
    }

    @Override
    public void appendEvent(AlarmEvent event) {
      if (broken.get()) {
        throw new IllegalStateException("storage unavailable");
      }
      delegate.appendEvent(event);
    }

    @Override
    public void putRule(AlarmRule rule) {
      delegate.putRule(rule);
    }

    @Override
    public java.util.Optional<AlarmRule> rule(String id) {
      return delegate.rule(id);
    }

    @Override
    public List<AlarmRule> rules() {
      return delegate.rules();
    }

    @Override
    public List<AlarmRule> rules(String application) {
      return delegate.rules(application);
    }

    @Override
    public boolean deleteRule(String id) {
      return delegate.deleteRule(id);
    }

    @Override
    public java.util.Optional<AlarmState> state(String ruleId) {
      return delegate.state(ruleId);
    }

    @Override
    public boolean putState(AlarmState state) {
      return delegate.putState(state);
    }

    @Override
    public boolean replaceState(AlarmState expected, AlarmState next) {
      return delegate.replaceState(expected, next);
    }

    @Override
    public void addDelivery(AlarmEvent event, io.pinscope.model.alarm.DeliveryRecord delivery) {
      delegate.addDelivery(event, delivery);
    }

    @Override
    public List<AlarmEvent> events(EventQuery query) {
      return delegate.events(query);
    }

    @Override
    public void putSilence(Silence silence) {
      delegate.putSilence(silence);
    }

    @Override
    public java.util.Optional<Silence> silence(String id) {
      return delegate.silence(id);
    }

    @Override
    public List<Silence> silences() {
      return delegate.silences();
    }

    @Override
    public List<Silence> silences(String application) {
      return delegate.silences(application);
    }

    @Override
    public boolean deleteSilence(String id) {
      return delegate.deleteSilence(id);
    }
  }

  /** Polls {@code condition} until true, failing after 10 s. */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
