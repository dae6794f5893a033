package io.pinscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinscope.MutableClock;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import io.pinscope.storage.spi.WriteBatch;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alarm API over HTTP, mounted by {@link QueryApi#configure} on a memory store: rule kinds, rules CRUD,
 * state (firing first) and acknowledgement, history with deliveries, silences, and 400/404/409 answers that
 * name the field. States and events are written through the repository, as the evaluator writes them.
 */
class AlarmApiTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final String RULE = """
      {"name": "shop errors", "application": "shop", "kind": "ERROR_RATE", "threshold": 5,
       "channels": [{"type": "WEBHOOK", "target": "http://127.0.0.1:9/hook"},
                    {"type": "EMAIL", "target": "ops@example.com"}],
       "escalation": {"afterMinutes": 15, "channels": [{"type": "SLACK", "target": "https://hooks.example.com/a"}]}}
      """;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
  private Storage storage;
  private TestApiServer api;

  @BeforeEach
  void start() {
    storage = Storage.open(StorageConfig.builder().engine("memory").build());
    api = TestApiServer.start(sb -> QueryApi.configure(sb, storage, clock, Duration.ofMinutes(5)));
  }

  @AfterEach
  void stop() {
    api.close();
    storage.close();
  }

  @Test
  void kinds_describeEveryKind() throws Exception {
    JsonNode kinds = api.ok("/api/v1/alarms/kinds").get("kinds");
    assertThat(kinds).hasSize(RuleKind.values().length);
    JsonNode callee = find(kinds, "kind", "ERROR_RATE_TO_CALLEE");
    assertThat(callee.get("name").asText()).isEqualTo("ERROR RATE TO CALLEE");
    assertThat(callee.get("unit").asText()).isEqualTo("%");
    assertThat(callee.get("target").asText()).isEqualTo("CALLEE");
    assertThat(callee.get("targetRequired").asBoolean()).isTrue();
    assertThat(callee.get("firesWhen").asText()).isEqualTo("ABOVE");
    assertThat(callee.get("description").asText()).isNotBlank();
    assertThat(find(kinds, "kind", "APDEX").get("firesWhen").asText()).isEqualTo("BELOW");
    JsonNode down = find(kinds, "kind", "AGENT_DOWN").get("options").get(0);
    assertThat(down.get("name").asText()).isEqualTo("minutes");
    assertThat(down.get("default").asDouble()).isEqualTo(5);
    assertThat(find(kinds, "kind", "ANOMALY_ERROR_RATE").get("options")).extracting(o -> o.get("name").asText())
        .contains("minTraffic");
  }

  @Test
  void rules_createReadListReplaceDelete() throws Exception {
    HttpResponse<String> created = send("POST", "/api/v1/alarms/rules", RULE);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode rule = TestApiServer.MAPPER.readTree(created.body());
    String id = rule.get("id").asText();
    assertThat(rule.get("name").asText()).isEqualTo("shop errors");
    assertThat(rule.get("target").isNull()).isTrue();
    assertThat(rule.get("options").size()).isZero();
    assertThat(rule.get("enabled").asBoolean()).as("enabled by default").isTrue();
    assertThat(rule.get("channels").get(1).get("type").asText()).isEqualTo("EMAIL");
    assertThat(rule.get("escalation").get("afterMinutes").asInt()).isEqualTo(15);
    assertThat(api.ok("/api/v1/alarms/rules/" + id)).isEqualTo(rule);
    assertThat(storage.alarms().rule(id)).isPresent();

    storage.alarms().putRule(AlarmRule.builder().name("other").application("cart").kind(RuleKind.TOTAL_COUNT)
        .threshold(1_000).build());
    assertThat(api.ok("/api/v1/alarms/rules?application=shop").get("rules")).containsExactly(rule);
    assertThat(api.ok("/api/v1/alarms/rules").get("rules")).hasSize(2);

    HttpResponse<String> replaced = send("PUT", "/api/v1/alarms/rules/" + id, """
        {"id": "%s", "name": "callee errors", "application": "shop", "kind": "ERROR_RATE_TO_CALLEE",
         "threshold": 10.5, "target": "orders-db", "enabled": false, "escalation": null}
        """.formatted(id));
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    JsonNode after = api.ok("/api/v1/alarms/rules/" + id);
    assertThat(after.get("kind").asText()).isEqualTo("ERROR_RATE_TO_CALLEE");
    assertThat(after.get("target").asText()).isEqualTo("orders-db");
    assertThat(after.get("threshold").asDouble()).isEqualTo(10.5);
    assertThat(after.get("enabled").asBoolean()).isFalse();
    assertThat(after.get("escalation").isNull()).isTrue();
    assertThat(after.get("channels")).isEmpty();

    HttpResponse<String> otherId = send("PUT", "/api/v1/alarms/rules/" + id, RULE.replace("{\"name\"",
        "{\"id\": \"other\", \"name\""));
    assertThat(otherId.statusCode()).isEqualTo(400);
    assertThat(error(otherId)).isEqualTo("id: \"other\" (expected: none, or \"" + id + "\" as in the path)");

    storage.alarms().putState(firing(id));
    assertThat(send("DELETE", "/api/v1/alarms/rules/" + id, null).statusCode()).isEqualTo(204);
    assertThat(storage.alarms().state(id)).as("deleted with its rule").isEmpty();
    HttpResponse<String> gone = api.get("/api/v1/alarms/rules/" + id);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(error(gone)).isEqualTo("id: " + id + " (no such rule)");
    assertThat(send("DELETE", "/api/v1/alarms/rules/" + id, null).statusCode()).isEqualTo(404);
    assertThat(send("PUT", "/api/v1/alarms/rules/" + id, RULE).statusCode()).isEqualTo(404);
  }

  @Test
  void rules_badInput_is400_namingTheField() throws Exception {
    assertBadRule(RULE.replace("\"ERROR_RATE\"", "\"ERROR_RATIO\""), "kind: \"ERROR_RATIO\" (expected one of [SLOW_COUNT,");
    assertBadRule(RULE.replace("\"threshold\": 5", "\"threshold\": -5"),
        "threshold: -5.0 (expected: > 0 and <= 100 for ERROR_RATE)");
    assertBadRule(RULE.replace("\"ERROR_RATE\", \"threshold\": 5", "\"ERROR_COUNT\", \"threshold\": 0"),
        "threshold: 0.0 (expected: >= 1 for ERROR_COUNT)");
    assertBadRule(RULE.replace("\"ERROR_RATE\", \"threshold\": 5", "\"ANOMALY_ERROR_RATE\", \"threshold\": 4, "
        + "\"options\": {\"minTraffic\": 50.5}"), "options.minTraffic: 50.5 (expected: 0..2147483647, a whole number)");
    assertBadRule(RULE.replace("\"threshold\": 5", "\"threshold\": \"five\""),
        "threshold: \"five\" (expected: a number)");
    assertBadRule(RULE.replace("\"threshold\": 5,", ""), "threshold: (missing) (expected: a number)");
    assertBadRule(RULE.replace("\"ERROR_RATE\"", "\"ERROR_RATE_TO_CALLEE\""),
        "target: null (expected: the callee's name for ERROR_RATE_TO_CALLEE)");
    assertBadRule(RULE.replace("\"WEBHOOK\"", "\"SMS\""),
        "channels[0].type: \"SMS\" (expected one of [WEBHOOK, SLACK, EMAIL])");
    assertBadRule(RULE.replace("ops@example.com", "ops"),
        "channels[1].target: \"ops\" (expected: an email address such as ops@example.com for EMAIL)");
    assertBadRule(RULE.replace("http://127.0.0.1:9/hook", "localhost/hook"),
        "channels[0].target: \"localhost/hook\" (expected: an http:// or https:// URL for WEBHOOK)");
    assertBadRule(RULE.replace("https://hooks.example.com/a", "hooks"),
        "escalation.channels[0].target: \"hooks\" (expected: an http:// or https:// URL for SLACK)");
    assertBadRule(RULE.replace("\"afterMinutes\": 15", "\"afterMinutes\": 0"),
        "escalation.afterMinutes: 0 (expected: 1..10080)");
    assertBadRule(RULE.replace("\"name\": \"shop errors\",", ""),
        "name: null (expected: a non-blank text of at most 200 characters)");
    assertBadRule(RULE.replace("\"threshold\"", "\"treshold\""),
        "body: unknown field \"treshold\" (expected: fields among [");
    assertBadRule(RULE.replace("\"threshold\": 5,", "\"threshold\": 5, \"options\": {\"minutes\": 3},"),
        "options: \"minutes\" (expected: no options for ERROR_RATE)");
    assertBadRule("{not json", "body: not JSON (expected: a JSON object;");
    assertBadRule(RULE.replace("{\"name\"", "{\"id\": \"mine\", \"name\""),
        "id: \"mine\" (expected: none, or \"");
    assertThat(storage.alarms().rules()).isEmpty();
  }

  @Test
  void state_firingFirstThenByName_withUnitAndSilence_ackOnlyWhenFiring() throws Exception {
    AlarmRule b = rule("b errors");
    AlarmRule a = rule("a errors");
    AlarmRule c = rule("c errors");
    storage.alarms().putState(AlarmState.pending(a.id()).toBuilder().status(AlarmState.Status.OK)
        .sinceMillis(NOW - 60_000).value(1.0).lastEvaluatedMillis(NOW - 60_000).build());
    storage.alarms().putState(firing(c.id()));
    send("POST", "/api/v1/alarms/silences", """
        {"application": "shop", "ruleId": "%s", "from": %d, "to": %d, "reason": "deploy", "createdBy": "alice"}
        """.formatted(c.id(), NOW - 1_000, NOW + 600_000));

    JsonNode alarms = api.ok("/api/v1/alarms/state?application=shop").get("alarms");
    assertThat(alarms).extracting(x -> x.get("rule").get("name").asText())
        .containsExactly("c errors", "a errors", "b errors");
    JsonNode firing = alarms.get(0).get("state");
    assertThat(firing.get("status").asText()).isEqualTo("FIRING");
    assertThat(firing.get("since").asLong()).isEqualTo(NOW - 180_000);
    assertThat(firing.get("value").asDouble()).isEqualTo(42.5);
    assertThat(firing.get("unit").asText()).isEqualTo("%");
    assertThat(firing.get("sequence").asInt()).isEqualTo(3);
    assertThat(firing.get("nextNotification").asLong()).isEqualTo(NOW + 180_000);
    assertThat(firing.get("acknowledged").isNull()).isTrue();
    assertThat(firing.get("silencedUntil").asLong()).isEqualTo(NOW + 600_000);
    assertThat(alarms.get(1).get("state").get("silencedUntil").isNull()).isTrue();
    JsonNode pending = alarms.get(2).get("state");
    assertThat(pending.get("status").asText()).isEqualTo("PENDING");
    assertThat(pending.get("since").isNull()).isTrue();
    assertThat(api.ok("/api/v1/alarms/state?application=cart").get("alarms")).isEmpty();

    HttpResponse<String> notFiring = send("POST", "/api/v1/alarms/rules/" + a.id() + "/ack", "{\"by\": \"bob\"}");
    assertThat(notFiring.statusCode()).isEqualTo(409);
    assertThat(error(notFiring)).startsWith("status: OK (expected: FIRING");
    assertThat(send("POST", "/api/v1/alarms/rules/" + b.id() + "/ack", "{\"by\": \"bob\"}").statusCode())
        .as("never evaluated").isEqualTo(409);
    assertThat(send("POST", "/api/v1/alarms/rules/nope/ack", "{\"by\": \"bob\"}").statusCode()).isEqualTo(404);
    HttpResponse<String> noBy = send("POST", "/api/v1/alarms/rules/" + c.id() + "/ack", "{\"comment\": \"x\"}");
    assertThat(noBy.statusCode()).isEqualTo(400);
    assertThat(error(noBy)).startsWith("by: null (expected:");

    clock.advance(Duration.ofSeconds(30));
    HttpResponse<String> acked = send("POST", "/api/v1/alarms/rules/" + c.id() + "/ack",
        "{\"by\": \"bob\", \"comment\": \"looking\"}");
    assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
    JsonNode ack = TestApiServer.MAPPER.readTree(acked.body()).get("acknowledged");
    assertThat(ack.get("by").asText()).isEqualTo("bob");
    assertThat(ack.get("at").asLong()).isEqualTo(NOW + 30_000);
    assertThat(ack.get("comment").asText()).isEqualTo("looking");
    assertThat(storage.alarms().state(c.id()).orElseThrow().acknowledged()).isNotNull();
    assertThat(api.ok("/api/v1/alarms/history?ruleId=" + c.id()).get("events"))
        .extracting(e -> e.get("type").asText() + " " + e.get("message").asText())
        .containsExactly("ACKNOWLEDGED Acknowledged by bob: looking");
  }

  @Test
  void history_newestFirst_filtered_limited_withDeliveries() throws Exception {
    AlarmRule a = rule("a");
    AlarmRule cart = AlarmRule.builder().name("cart").application("cart").kind(RuleKind.TOTAL_COUNT).threshold(1)
        .build();
    storage.alarms().putRule(cart);
    List<AlarmEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      AlarmEvent e = AlarmEvent.of(i == 2 ? cart : a, NOW - (5 - i) * 60_000L,
          i == 0 ? AlarmEvent.Type.FIRING : AlarmEvent.Type.REPEAT, 10.0 + i, "event " + i);
      storage.alarms().appendEvent(e);
      events.add(e);
    }
    DeliveryRecord delivery = new DeliveryRecord(new AlarmChannel(AlarmChannel.Type.WEBHOOK, "http://h/x"), false,
        3, "HTTP 500: boom", NOW - 299_000);
    storage.alarms().addDelivery(events.get(0), delivery);

    JsonNode all = api.ok("/api/v1/alarms/history").get("events");
    assertThat(all).extracting(e -> e.get("message").asText())
        .containsExactly("event 4", "event 3", "event 2", "event 1", "event 0");
    JsonNode first = all.get(4);
    assertThat(first.get("id").asText()).isEqualTo(events.get(0).id());
    assertThat(first.get("time").asLong()).isEqualTo(NOW - 300_000);
    assertThat(first.get("ruleId").asText()).isEqualTo(a.id());
    assertThat(first.get("ruleName").asText()).isEqualTo("a");
    assertThat(first.get("application").asText()).isEqualTo("shop");
    assertThat(first.get("type").asText()).isEqualTo("FIRING");
    assertThat(first.get("value").asDouble()).isEqualTo(10.0);
    assertThat(first.get("unit").asText()).isEqualTo("%");
    JsonNode d = first.get("deliveries").get(0);
    assertThat(d.get("channel").get("type").asText()).isEqualTo("WEBHOOK");
    assertThat(d.get("channel").get("target").asText()).isEqualTo("http://h/x");
    assertThat(d.get("delivered").asBoolean()).isFalse();
    assertThat(d.get("attempts").asInt()).isEqualTo(3);
    assertThat(d.get("detail").asText()).isEqualTo("HTTP 500: boom");
    assertThat(d.get("finished").asLong()).isEqualTo(NOW - 299_000);

    assertThat(api.ok("/api/v1/alarms/history?application=shop&limit=2").get("events"))
        .extracting(e -> e.get("message").asText()).containsExactly("event 4", "event 3");
    assertThat(api.ok("/api/v1/alarms/history?ruleId=" + cart.id()).get("events"))
        .extracting(e -> e.get("message").asText()).containsExactly("event 2");
    assertThat(api.ok("/api/v1/alarms/history?from=" + (NOW - 240_000) + "&to=" + (NOW - 120_000))
        .get("events")).extracting(e -> e.get("message").asText()).containsExactly("event 2", "event 1");

    assertBad("/api/v1/alarms/history?from=10&to=10", "to: 10 (expected: > from 10)");
    assertBad("/api/v1/alarms/history?limit=0", "limit: 0 (expected: an integer 1..1000)");
    assertBad("/api/v1/alarms/history?limit=1001", "limit: 1001 (expected: an integer 1..1000)");
    assertBad("/api/v1/alarms/history?from=yesterday", "from: yesterday (expected: epoch milliseconds)");
  }

  @Test
  void silences_createListDelete_badRangeIs400() throws Exception {
    AlarmRule a = rule("a");
    HttpResponse<String> created = send("POST", "/api/v1/alarms/silences", """
        {"application": "shop", "from": %d, "to": %d, "reason": "maintenance", "createdBy": "alice"}
        """.formatted(NOW, NOW + 3_600_000));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode silence = TestApiServer.MAPPER.readTree(created.body());
    assertThat(silence.get("ruleId").isNull()).isTrue();
    assertThat(silence.get("from").asLong()).isEqualTo(NOW);
    assertThat(silence.get("to").asLong()).isEqualTo(NOW + 3_600_000);
    assertThat(silence.get("reason").asText()).isEqualTo("maintenance");
    assertThat(silence.get("createdBy").asText()).isEqualTo("alice");
    assertThat(api.ok("/api/v1/alarms/silences?application=shop").get("silences")).containsExactly(silence);
    assertThat(api.ok("/api/v1/alarms/silences?application=cart").get("silences")).isEmpty();
    assertThat(api.ok("/api/v1/alarms/state?application=shop").get("alarms").get(0).get("state")
        .get("silencedUntil").asLong()).isEqualTo(NOW + 3_600_000);

    HttpResponse<String> badRange = send("POST", "/api/v1/alarms/silences",
        "{\"application\": \"shop\", \"from\": %d, \"to\": %d}".formatted(NOW, NOW));
    assertThat(badRange.statusCode()).isEqualTo(400);
    assertThat(error(badRange)).isEqualTo("to: " + NOW + " (expected: > from " + NOW + ")");
    HttpResponse<String> otherApp = send("POST", "/api/v1/alarms/silences",
        "{\"application\": \"cart\", \"ruleId\": \"%s\", \"from\": 1, \"to\": 2}".formatted(a.id()));
    assertThat(otherApp.statusCode()).isEqualTo(400);
    assertThat(error(otherApp)).startsWith("ruleId: \"" + a.id() + "\" (expected: a rule of cart");
    HttpResponse<String> noApp = send("POST", "/api/v1/alarms/silences", "{\"from\": 1, \"to\": 2}");
    assertThat(error(noApp)).startsWith("application: null (expected:");

    String id = silence.get("id").asText();
    assertThat(send("DELETE", "/api/v1/alarms/silences/" + id, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/api/v1/alarms/silences/" + id, null).statusCode()).isEqualTo(404);
    assertThat(api.ok("/api/v1/alarms/silences").get("silences")).isEmpty();
  }

  @Test
  void ack_acceptsAFailedStateInAStreak_refusesASecondAcknowledgement() throws Exception {
    AlarmRule failing = rule("failing");
    storage.alarms().putState(firing(failing.id()).toBuilder().status(AlarmState.Status.FAILED)
        .error("timed out").build());

    HttpResponse<String> acked = send("POST", "/api/v1/alarms/rules/" + failing.id() + "/ack", "{\"by\": \"bob\"}");
    assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
    HttpResponse<String> again = send("POST", "/api/v1/alarms/rules/" + failing.id() + "/ack", "{\"by\": \"eve\"}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(error(again)).startsWith("acknowledged: by bob at " + NOW + " (expected: not acknowledged yet)");
    assertThat(storage.alarms().state(failing.id()).orElseThrow().acknowledged().by()).isEqualTo("bob");
    assertThat(api.ok("/api/v1/alarms/history?ruleId=" + failing.id()).get("events")).hasSize(1);

    AlarmRule failedAlone = rule("failed alone");
    storage.alarms().putState(AlarmState.pending(failedAlone.id()).toBuilder().status(AlarmState.Status.FAILED)
        .sinceMillis(NOW).error("boom").build());
    HttpResponse<String> outside =
        send("POST", "/api/v1/alarms/rules/" + failedAlone.id() + "/ack", "{\"by\": \"bob\"}");
    assertThat(outside.statusCode()).isEqualTo(409);
    assertThat(error(outside)).startsWith("status: FAILED (expected: FIRING, or FAILED since it fired");
  }

  @Test
  void replacingARule_resetsItsStateWhenDisabledOrWatchingSomethingElse_notForANewNameOrThreshold() throws Exception {
    AlarmRule r = rule("errors");
    String path = "/api/v1/alarms/rules/" + r.id();
    String body = "{\"name\": \"renamed\", \"application\": \"shop\", \"kind\": \"ERROR_RATE\", "
        + "\"threshold\": %s, \"enabled\": %s}";
    storage.alarms().putState(firing(r.id()));
    assertThat(send("PUT", path, body.formatted(5, true)).statusCode()).isEqualTo(200);
    assertThat(storage.alarms().state(r.id()).orElseThrow().status()).as("a new name keeps the streak")
        .isEqualTo(AlarmState.Status.FIRING);

    assertThat(send("PUT", path, body.formatted(5, false)).statusCode()).isEqualTo(200);
    assertThat(storage.alarms().state(r.id()).orElseThrow()).isEqualTo(AlarmState.pending(r.id()));
    JsonNode state = api.ok("/api/v1/alarms/state").get("alarms").get(0).get("state");
    assertThat(state.get("status").asText()).isEqualTo("PENDING");
    assertThat(api.ok("/api/v1/alarms/history?ruleId=" + r.id()).get("events"))
        .extracting(e -> e.get("type").asText() + " " + e.get("message").asText())
        .containsExactly("RECOVERY firing streak ended without evaluation: the rule was disabled (no recovery sent)");

    assertThat(send("PUT", path, body.formatted(5, true)).statusCode()).isEqualTo(200);
    storage.alarms().putState(firing(r.id()));
    assertThat(send("PUT", path, body.formatted(20, true)).statusCode()).isEqualTo(200);
    assertThat(storage.alarms().state(r.id()).orElseThrow().status())
        .as("a new threshold: the next evaluation judges the streak by it").isEqualTo(AlarmState.Status.FIRING);
    String otherKind = "{\"name\": \"renamed\", \"application\": \"shop\", \"kind\": \"SLOW_RATE\", "
        + "\"threshold\": 20, \"enabled\": true}";
    assertThat(send("PUT", path, otherKind).statusCode()).isEqualTo(200);
    assertThat(storage.alarms().state(r.id()).orElseThrow().status()).isEqualTo(AlarmState.Status.PENDING);
  }

  @Test
  void anUnreadableStoredRule_isLeftOutOfListings_andA500ById() throws Exception {
    rule("good");
    // a rule stored with threshold 0, which a later version no longer accepts for ERROR_COUNT
    byte[] stale = {1, 3, 'o', 'l', 'd', 1, 'n', 4, 's', 'h', 'o', 'p', 11, 'E', 'R', 'R', 'O', 'R', '_', 'C', 'O',
        'U', 'N', 'T', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    storage.store().write(new WriteBatch().put("alarm_rules", "r", "old".getBytes(StandardCharsets.UTF_8),
        new byte[0], stale));

    assertThat(api.ok("/api/v1/alarms/rules").get("rules")).extracting(x -> x.get("name").asText())
        .containsExactly("good");
    assertThat(api.ok("/api/v1/alarms/state").get("alarms")).hasSize(1);
    HttpResponse<String> byId = api.get("/api/v1/alarms/rules/old");
    assertThat(byId.statusCode()).as(byId.body()).isEqualTo(500);
    assertThat(error(byId)).isEqualTo("internal error");
  }

  /** A rule of "shop" stored directly. */
  private AlarmRule rule(String name) {
    AlarmRule r = AlarmRule.builder().name(name).application("shop").kind(RuleKind.ERROR_RATE).threshold(5).build();
    storage.alarms().putRule(r);
    return r;
  }

  private static AlarmState firing(String ruleId) {
    return AlarmState.pending(ruleId).toBuilder().status(AlarmState.Status.FIRING).sinceMillis(NOW - 180_000)
        .value(42.5).message("error rate 42.5 %").lastEvaluatedMillis(NOW - 60_000).sequence(3).notifications(2)
        .nextNotificationMillis(NOW + 180_000).build();
  }

  private void assertBadRule(String body, String errorStart) throws Exception {
    HttpResponse<String> r = send("POST", "/api/v1/alarms/rules", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(error(r)).startsWith(errorStart);
  }

  private void assertBad(String path, String error) throws Exception {
    HttpResponse<String> r = api.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(error(r)).isEqualTo(error);
  }

  private static String error(HttpResponse<String> r) throws Exception {
    return TestApiServer.MAPPER.readTree(r.body()).get("error").asText();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).header("content-type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return api.send(b.build());
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.get(field).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no element with " + field + " = " + value + " in " + array);
  }
}
