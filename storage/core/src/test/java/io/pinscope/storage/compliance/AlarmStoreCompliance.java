package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.Escalation;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.model.alarm.Silence;
import io.pinscope.storage.AlarmStore;
import io.pinscope.storage.AlarmStore.EventQuery;
import io.pinscope.storage.Retention;
import io.pinscope.storage.Storage;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link AlarmStore}: rules, their state (compare-and-set, never for a deleted rule), events newest first
 * by application, rule or all within a time range and a limit, deliveries added after the event, silences;
 * all of it kept across a restart; events expire with the statistics, the rest never.
 */
public abstract class AlarmStoreCompliance extends StorageCompliance {
  private static final AlarmChannel HOOK = new AlarmChannel(AlarmChannel.Type.WEBHOOK, "http://localhost:9/hook");
  private static final AlarmChannel SLACK = new AlarmChannel(AlarmChannel.Type.SLACK, "https://hooks.example.com/x");
  private static final AlarmChannel MAIL = new AlarmChannel(AlarmChannel.Type.EMAIL, "ops@example.com");

  /** A rule with every field set. */
  static AlarmRule fullRule(String application) {
    return AlarmRule.builder().name("callee errors é").application(application).kind(RuleKind.ERROR_RATE_TO_CALLEE)
        .threshold(12.5).target("orders-db").channel(HOOK).channel(MAIL)
        .escalation(new Escalation(15, List.of(SLACK))).enabled(false).build();
  }

  static AlarmRule rule(String application, String name) {
    return AlarmRule.builder().name(name).application(application).kind(RuleKind.AGENT_DOWN).threshold(1)
        .option("minutes", 7).channel(HOOK).build();
  }

  /** A state with every field set. */
  static AlarmState firing(String ruleId) {
    return new AlarmState(ruleId, AlarmState.Status.FIRING, TODAY_MILLIS, 42.5, "error rate 42.5 %",
        TODAY_MILLIS + 60_000, 2, 1, TODAY_MILLIS + 180_000,
        new Acknowledgement("alice", TODAY_MILLIS + 90_000, "on it"), true, null, TODAY_MILLIS + 30_000);
  }

  @Test
  protected void rules_putGetReplaceListDelete() {
    AlarmStore alarms = open().alarms();
    String app = uniqueName("app");
    String other = uniqueName("other");
    AlarmRule full = fullRule(app);
    AlarmRule second = rule(app, "agents down");
    AlarmRule elsewhere = rule(other, "elsewhere");
    alarms.putRule(full);
    alarms.putRule(second);
    alarms.putRule(elsewhere);

    assertThat(alarms.rule(full.id())).contains(full);
    assertThat(alarms.rule("no-such-rule")).isEmpty();
    assertThat(alarms.rules(app)).containsExactlyElementsOf(
        List.of(full, second).stream().sorted(Comparator.comparing(AlarmRule::id)).toList());
    assertThat(alarms.rules(other)).containsExactly(elsewhere);
    assertThat(alarms.rules()).contains(full, second, elsewhere).isSortedAccordingTo(Comparator.comparing(AlarmRule::id));

    AlarmRule renamed = full.toBuilder().name("renamed").threshold(50).build();
    alarms.putRule(renamed);
    assertThat(alarms.rule(full.id())).contains(renamed);
    assertThat(alarms.rules(app)).hasSize(2).contains(renamed);

    assertThat(alarms.deleteRule(full.id())).isTrue();
    assertThat(alarms.deleteRule(full.id())).isFalse();
    assertThat(alarms.rule(full.id())).isEmpty();
    assertThat(alarms.rules(app)).containsExactly(second);
  }

  @Test
  protected void state_roundTrips_onlyForExistingRules_andDeletedWithItsRule() {
    AlarmStore alarms = open().alarms();
    AlarmRule rule = fullRule(uniqueName("app"));
    AlarmState state = firing(rule.id());

    assertThat(alarms.putState(state)).as("no rule yet").isFalse();
    assertThat(alarms.state(rule.id())).isEmpty();

    alarms.putRule(rule);
    assertThat(alarms.putState(AlarmState.pending(rule.id()))).isTrue();
    assertThat(alarms.state(rule.id())).contains(AlarmState.pending(rule.id()));
    assertThat(alarms.putState(state)).isTrue();
    assertThat(alarms.state(rule.id())).contains(state);
    AlarmState failed = new AlarmState(rule.id(), AlarmState.Status.FAILED, TODAY_MILLIS, null, null, null, 0, 0,
        null, null, false, "timed out after 10 s", null);
    assertThat(alarms.putState(failed)).isTrue();
    assertThat(alarms.state(rule.id())).contains(failed);

    assertThat(alarms.deleteRule(rule.id())).isTrue();
    assertThat(alarms.state(rule.id())).isEmpty();
    assertThat(alarms.putState(state)).as("rule deleted").isFalse();
    alarms.putRule(rule);
    assertThat(alarms.state(rule.id())).as("a re-created rule starts without state").isEmpty();
  }

  @Test
  protected void replaceState_writesOnlyOverTheExpectedState() {
    AlarmStore alarms = open().alarms();
    AlarmRule rule = fullRule(uniqueName("app"));
    alarms.putRule(rule);
    AlarmState firing = firing(rule.id()).toBuilder().acknowledged(null).build();
    AlarmState acked = firing.acknowledge(new Acknowledgement("bob", TODAY_MILLIS + 1, ""));
    AlarmState repeated = firing.toBuilder().notifications(2).build();

    assertThat(alarms.replaceState(firing, acked)).as("nothing stored, something expected").isFalse();
    assertThat(alarms.replaceState(null, firing)).isTrue();
    assertThat(alarms.replaceState(null, firing)).as("something stored, nothing expected").isFalse();
    assertThat(alarms.replaceState(firing, acked)).isTrue();
    assertThat(alarms.replaceState(firing, repeated)).as("the acknowledgement is not overwritten unseen").isFalse();
    assertThat(alarms.state(rule.id())).contains(acked);
  }

  @Test
  protected void events_newestFirst_byApplicationRuleOrAll_inRange_limited() {
    AlarmStore alarms = open().alarms();
    String app = uniqueName("app");
    AlarmRule a = rule(app, "a");
    AlarmRule b = rule(app, "b");
    AlarmRule c = rule(uniqueName("other"), "c");
    List<AlarmEvent> written = new ArrayList<>();
    // Far in the future so that other tests' events (same store for engines shared by a test) sort after.
    long t0 = TODAY_MILLIS + 400L * 86_400_000L + Math.floorMod(app.hashCode(), 1_000) * 1_000_000L;
    for (int i = 0; i < 30; i++) {
      AlarmRule r = i % 3 == 0 ? a : i % 3 == 1 ? b : c;
      AlarmEvent e = AlarmEvent.of(r, t0 + i * 60_000L, AlarmEvent.Type.values()[i % AlarmEvent.Type.values().length],
          i % 4 == 0 ? null : i * 1.5, "event " + i);
      alarms.appendEvent(e);
      written.add(e);
    }
    long end = t0 + 30 * 60_000L;

    assertThat(alarms.events(new EventQuery(app, null, t0, end, 1_000)))
        .containsExactlyElementsOf(newestFirst(written, e -> e.application().equals(app)));
    assertThat(alarms.events(new EventQuery(null, b.id(), t0, end, 1_000)))
        .containsExactlyElementsOf(newestFirst(written, e -> e.ruleId().equals(b.id())));
    assertThat(alarms.events(new EventQuery(app, c.id(), t0, end, 1_000))).as("rule of another application")
        .isEmpty();
    assertThat(alarms.events(new EventQuery(null, null, t0, end, 1_000)))
        .containsExactlyElementsOf(newestFirst(written, e -> true));

    // [from, to): event 3 (at from) in, event 9 (at to) out.
    long from = t0 + 3 * 60_000L;
    long to = t0 + 9 * 60_000L;
    assertThat(alarms.events(new EventQuery(null, null, from, to, 1_000)))
        .extracting(AlarmEvent::message).containsExactly("event 8", "event 7", "event 6", "event 5", "event 4",
            "event 3");
    assertThat(alarms.events(new EventQuery(app, null, from, to, 1_000)))
        .extracting(AlarmEvent::message).containsExactly("event 7", "event 6", "event 4", "event 3");
    assertThat(alarms.events(new EventQuery(null, a.id(), from, to + 1, 1_000)))
        .extracting(AlarmEvent::message).containsExactly("event 9", "event 6", "event 3");

    assertThat(alarms.events(new EventQuery(app, null, t0, end, 3)))
        .extracting(AlarmEvent::message).containsExactly("event 28", "event 27", "event 25");
    assertThat(alarms.events(new EventQuery(null, a.id(), t0, end, 2)))
        .extracting(AlarmEvent::message).containsExactly("event 27", "event 24");
    assertThat(alarms.events(new EventQuery(null, null, t0, end, 1)))
        .extracting(AlarmEvent::message).containsExactly("event 29");
    assertThat(alarms.events(new EventQuery(uniqueName("nobody"), null, t0, end, 10))).isEmpty();
  }

  @Test
  protected void deliveries_addedAfterTheEvent_allKept_inTheOrderTheyFinished() throws Exception {
    AlarmStore alarms = open().alarms();
    AlarmRule rule = fullRule(uniqueName("app"));
    AlarmEvent event = AlarmEvent.of(rule, TODAY_MILLIS, AlarmEvent.Type.FIRING, 30.0, "error rate 30 %");
    alarms.appendEvent(event);
    EventQuery query = new EventQuery(rule.application(), null, 0, TODAY_MILLIS + 1, 10);
    assertThat(alarms.events(query)).containsExactly(event);

    DeliveryRecord late = new DeliveryRecord(MAIL, false, 3, "connection refused", TODAY_MILLIS + 9_000);
    DeliveryRecord early = new DeliveryRecord(HOOK, true, 1, "HTTP 200", TODAY_MILLIS + 120);
    alarms.addDelivery(event, late);
    alarms.addDelivery(event, early);
    alarms.addDelivery(event, early); // the same outcome twice is kept once
    assertThat(alarms.events(query)).containsExactly(event.withDelivery(early).withDelivery(late));
    assertThat(alarms.events(new EventQuery(null, rule.id(), 0, TODAY_MILLIS + 1, 10)))
        .containsExactly(event.withDelivery(early).withDelivery(late));

    // Deliveries to many channels finishing at the same time on different threads.
    AlarmEvent burst = AlarmEvent.of(rule, TODAY_MILLIS + 1, AlarmEvent.Type.REPEAT, 31.0, "still");
    alarms.appendEvent(burst);
    List<DeliveryRecord> records = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      records.add(new DeliveryRecord(new AlarmChannel(AlarmChannel.Type.WEBHOOK, "http://h" + (char) ('a' + i)
          + ".example.com/"), true, 1, "HTTP 204", TODAY_MILLIS + 500));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Void>> futures = records.stream().map(d -> CompletableFuture.runAsync(() -> {
        await(go);
        alarms.addDelivery(burst, d);
      }, pool)).toList();
      go.countDown();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(alarms.events(new EventQuery(null, rule.id(), TODAY_MILLIS + 1, TODAY_MILLIS + 2, 10)))
        .singleElement().satisfies(e -> assertThat(e.deliveries()).containsExactlyInAnyOrderElementsOf(records));
  }

  @Test
  protected void events_withManyDeliveries_areReadWhole_acrossPages() {
    AlarmStore alarms = open().alarms();
    AlarmRule rule = rule(uniqueName("app"), "busy");
    List<AlarmEvent> written = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      AlarmEvent e = AlarmEvent.of(rule, TODAY_MILLIS + i, AlarmEvent.Type.REPEAT, (double) i, "n" + i);
      for (int d = 0; d < (i % 5) * 3; d++) {
        e = e.withDelivery(new DeliveryRecord(new AlarmChannel(AlarmChannel.Type.EMAIL, "u" + d + "@example.com"),
            d % 2 == 0, 1 + d, "250 OK", TODAY_MILLIS + i + d));
      }
      alarms.appendEvent(e);
      written.add(e);
    }
    // One event with more deliveries than a page of cells.
    AlarmEvent huge = AlarmEvent.of(rule, TODAY_MILLIS + 200, AlarmEvent.Type.FIRING, 1.0, "huge");
    for (int d = 0; d < 600; d++) {
      huge = huge.withDelivery(new DeliveryRecord(new AlarmChannel(AlarmChannel.Type.EMAIL, "v" + d + "@example.com"),
          true, 1, "250 OK", TODAY_MILLIS + 200 + d));
    }
    alarms.appendEvent(huge);
    written.add(huge);

    List<AlarmEvent> expected = newestFirst(written, e -> true);
    assertThat(alarms.events(new EventQuery(rule.application(), null, 0, TODAY_MILLIS + 1_000, 1_000)))
        .containsExactlyElementsOf(expected);
    assertThat(alarms.events(new EventQuery(null, rule.id(), 0, TODAY_MILLIS + 1_000, 1_000)))
        .containsExactlyElementsOf(expected);
    assertThat(alarms.events(new EventQuery(rule.application(), null, 0, TODAY_MILLIS + 1_000, 100)))
        .containsExactlyElementsOf(expected.subList(0, 100));
  }

  @Test
  protected void silences_putGetListDelete() {
    AlarmStore alarms = open().alarms();
    String app = uniqueName("app");
    Silence all = Silence.create(app, null, TODAY_MILLIS, TODAY_MILLIS + 3_600_000, "deploy", "alice");
    Silence one = Silence.create(app, "rule-1", TODAY_MILLIS, TODAY_MILLIS + 60_000, "", "");
    Silence elsewhere = Silence.create(uniqueName("other"), null, 0, 1, "x", "y");
    alarms.putSilence(all);
    alarms.putSilence(one);
    alarms.putSilence(elsewhere);

    assertThat(alarms.silence(all.id())).contains(all);
    assertThat(alarms.silence("nope")).isEmpty();
    assertThat(alarms.silences(app)).containsExactlyElementsOf(
        List.of(all, one).stream().sorted(Comparator.comparing(Silence::id)).toList());
    assertThat(alarms.silences()).contains(all, one, elsewhere);
    assertThat(alarms.deleteSilence(one.id())).isTrue();
    assertThat(alarms.deleteSilence(one.id())).isFalse();
    assertThat(alarms.silences(app)).containsExactly(all);
  }

  @Test
  protected void deleteRule_deletesTheSilencesOfThatRuleAlone() {
    AlarmStore alarms = open().alarms();
    String app = uniqueName("app");
    AlarmRule rule = rule(app, "doomed");
    AlarmRule other = rule(app, "kept");
    alarms.putRule(rule);
    alarms.putRule(other);
    Silence ofRule = Silence.create(app, rule.id(), TODAY_MILLIS, TODAY_MILLIS + 60_000, "", "");
    Silence ofOther = Silence.create(app, other.id(), TODAY_MILLIS, TODAY_MILLIS + 60_000, "", "");
    Silence ofApp = Silence.create(app, null, TODAY_MILLIS, TODAY_MILLIS + 60_000, "", "");
    alarms.putSilence(ofRule);
    alarms.putSilence(ofOther);
    alarms.putSilence(ofApp);

    assertThat(alarms.deleteRule(rule.id())).isTrue();

    assertThat(alarms.silence(ofRule.id())).isEmpty();
    assertThat(alarms.silences(app)).containsExactlyInAnyOrder(ofOther, ofApp);
  }

  @Test
  protected void anUnreadableStoredRuleOrSilence_isSkippedByListings_andAServerFaultById() {
    Storage storage = open();
    AlarmStore alarms = storage.alarms();
    String app = uniqueName("app");
    AlarmRule good = rule(app, "good");
    alarms.putRule(good);
    Silence silence = Silence.create(app, null, TODAY_MILLIS, TODAY_MILLIS + 60_000, "", "");
    alarms.putSilence(silence);
    // A rule of an unknown kind and a truncated silence, as a newer version or a bad write could leave them
    // (families "r" of alarm_rules and "s" of alarm_silences; version byte 1).
    byte[] badId = uniqueName("bad").getBytes(StandardCharsets.UTF_8);
    byte[] badRule = {1, 1, 'x', 1, 'n', 1, 'a', 2, 'N', 'O'};
    storage.store().write(new WriteBatch().put("alarm_rules", "r", badId, new byte[0], badRule)
        .put("alarm_silences", "s", badId, new byte[0], new byte[] {1, 3}));
    try {
      assertThat(alarms.rules()).contains(good);
      assertThat(alarms.silences()).contains(silence);
      String id = new String(badId, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> alarms.rule(id)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("stored alarm rule " + id + " is unreadable");
      assertThatThrownBy(() -> alarms.silence(id)).isInstanceOf(IllegalStateException.class);
    } finally {
      storage.store().write(new WriteBatch().delete("alarm_rules", "r", badId, new byte[0])
          .delete("alarm_silences", "s", badId, new byte[0]));
    }
  }

  @Test
  protected void closeAndReopen_keepsRulesStateEventsDeliveriesAndSilences() {
    assumeTrue(engineUnderTest().persistent(), engine() + " keeps data in memory only");
    AlarmRule rule = fullRule(uniqueName("app"));
    AlarmState state = firing(rule.id());
    AlarmEvent event = AlarmEvent.of(rule, TODAY_MILLIS, AlarmEvent.Type.FIRING, 42.5, "firing");
    DeliveryRecord delivery = new DeliveryRecord(HOOK, true, 1, "HTTP 200", TODAY_MILLIS + 10);
    Silence silence = Silence.create(rule.application(), rule.id(), TODAY_MILLIS, TODAY_MILLIS + 1, "r", "c");
    try (Storage storage = open()) {
      storage.alarms().putRule(rule);
      storage.alarms().putState(state);
      storage.alarms().appendEvent(event);
      storage.alarms().addDelivery(event, delivery);
      storage.alarms().putSilence(silence);
    }
    try (Storage storage = open()) {
      assertThat(storage.alarms().rule(rule.id())).contains(rule);
      assertThat(storage.alarms().state(rule.id())).contains(state);
      assertThat(storage.alarms().events(new EventQuery(null, rule.id(), 0, TODAY_MILLIS + 1, 10)))
          .containsExactly(event.withDelivery(delivery));
      assertThat(storage.alarms().silences(rule.application())).containsExactly(silence);
    }
  }

  @Test
  protected void events_expireWithTheStatistics_rulesStateAndSilencesStay() {
    Duration second = Duration.ofSeconds(1);
    Storage storage = open(new Retention(second, second, second, second, second));
    AlarmStore alarms = storage.alarms();
    AlarmRule rule = fullRule(uniqueName("app"));
    AlarmEvent event = AlarmEvent.of(rule, TODAY_MILLIS, AlarmEvent.Type.FIRING, 1.0, "firing");
    Silence silence = Silence.create(rule.application(), null, TODAY_MILLIS, TODAY_MILLIS + 1, "", "");
    alarms.putRule(rule);
    alarms.putState(firing(rule.id()));
    alarms.appendEvent(event);
    alarms.addDelivery(event, new DeliveryRecord(HOOK, true, 1, "HTTP 200", TODAY_MILLIS));
    alarms.putSilence(silence);
    EventQuery query = new EventQuery(rule.application(), null, 0, TODAY_MILLIS + 1, 10);
    assertThat(alarms.events(query)).hasSize(1);

    expireAndPurge(storage.store(), second);

    assertThat(alarms.events(query)).isEmpty();
    assertThat(alarms.events(new EventQuery(null, rule.id(), 0, TODAY_MILLIS + 1, 10))).isEmpty();
    assertThat(alarms.rule(rule.id())).contains(rule);
    assertThat(alarms.state(rule.id())).contains(firing(rule.id()));
    assertThat(alarms.silence(silence.id())).contains(silence);
  }

  private static List<AlarmEvent> newestFirst(List<AlarmEvent> events, java.util.function.Predicate<AlarmEvent> keep) {
    return events.stream().filter(keep)
        .sorted(Comparator.comparingLong(AlarmEvent::timeMillis).reversed().thenComparing(AlarmEvent::id)).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
