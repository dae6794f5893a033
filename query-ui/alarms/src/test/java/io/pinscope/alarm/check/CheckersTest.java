package io.pinscope.alarm.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.MutableClock;
import io.pinscope.alarm.AlarmTestStorage;
import io.pinscope.alarm.Traffic;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SqlKey;
import io.pinscope.model.UriKey;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckersTest {
  private static final long MINUTE = 60_000L;
  private static final long MIB = 1024L * 1024L;
  private static final String APP = "front";

  private final MutableClock clock = AlarmTestStorage.minuteClock();
  private final Storage storage = AlarmTestStorage.memory(clock);
  private final CheckerRegistry registry = CheckerRegistry.standard(storage).build();
  private final long now = clock.millis();

  @AfterEach
  void close() {
    storage.close();
  }

  private Check check(RuleKind kind, double threshold) {
    return check(kind, threshold, null);
  }

  private Check check(RuleKind kind, double threshold, @Nullable String target) {
    return check(AlarmRule.builder().name(kind.displayName()).application(APP).kind(kind).threshold(threshold)
        .target(target).build());
  }

  private Check check(AlarmRule rule) {
    return registry.checker(rule.kind()).check(rule, now - 5 * MINUTE, now);
  }

  @Test
  void applicationResponseKindsOverTheWindowsSlots() {
    // 500 requests over two agents and two slots of the window: 117 failed, 50 slow (3 s and more).
    new Traffic()
        .self(APP, "front-1", now - 4 * MINUTE, 200, false, 300)
        .self(APP, "front-1", now - 4 * MINUTE, 2_000, false, 50)
        .self(APP, "front-2", now - MINUTE + 59_000, 4_000, false, 30)
        .self(APP, "front-2", now - MINUTE, 8_000, false, 3)
        .self(APP, "front-2", now - MINUTE, 500, true, 100)
        .self(APP, "front-1", now - 2 * MINUTE, 6_000, true, 17)
        // outside the window: the slot before it, and the slot starting at its end
        .self(APP, "front-1", now - 5 * MINUTE - 1, 9_000, true, 1_000)
        .self(APP, "front-1", now, 9_000, true, 1_000)
        .self("other", "other-1", now - MINUTE, 9_000, true, 1_000)
        .writeTo(storage.statistics());

    assertThat(check(RuleKind.ERROR_RATE, 10))
        .isEqualTo(new Check(23.4, "%", true, "ERROR RATE 23.4 % ≥ 10 % (117 of 500 requests)"));
    assertThat(check(RuleKind.ERROR_COUNT, 200))
        .isEqualTo(new Check(117.0, "count", false, "ERROR COUNT 117 < 200 (117 of 500 requests failed)"));
    assertThat(check(RuleKind.SLOW_COUNT, 50))
        .isEqualTo(new Check(50.0, "count", true, "SLOW COUNT 50 ≥ 50 (50 of 500 requests slow)"));
    assertThat(check(RuleKind.SLOW_RATE, 20))
        .isEqualTo(new Check(10.0, "%", false, "SLOW RATE 10.0 % < 20 % (50 of 500 requests)"));
    assertThat(check(RuleKind.TOTAL_COUNT, 500))
        .isEqualTo(new Check(500.0, "count", true, "TOTAL COUNT 500 ≥ 500 (500 requests)"));
    // (300 + 50 / 2) / 500; the 117 errors are frustrated whatever their band
    assertThat(check(RuleKind.APDEX, 0.7)).isEqualTo(new Check(0.65, "score", true,
        "APDEX 0.65 ≤ 0.7 (300 satisfied, 50 tolerating, 150 frustrated of 500 requests)"));
    assertThat(check(RuleKind.APDEX, 0.6).detected()).isFalse();
    assertThat(check(RuleKind.APDEX, 0.6).message()).startsWith("APDEX 0.65 > 0.6 (");
    // (300×200 + 50×2000 + 30×4000 + 3×8000 + 100×500 + 17×6000) / 500
    assertThat(check(RuleKind.AVG_RESPONSE_TIME, 1000))
        .isEqualTo(new Check(912.0, "ms", false, "AVG RESPONSE TIME 912.0 ms < 1000 ms (500 requests)"));
    // rank 475 falls in the 3-5 s band (calls 451..480): its bound, 5 s
    assertThat(check(RuleKind.P95_RESPONSE_TIME, 5000)).isEqualTo(new Check(5000.0, "ms", true,
        "P95 RESPONSE TIME 5000.0 ms ≥ 5000 ms (500 requests, upper bound at band resolution)"));
  }

  @Test
  void noRequestsHaveCountsButNoRates() {
    assertThat(check(RuleKind.ERROR_RATE, 0.1))
        .isEqualTo(new Check(null, "%", false, "ERROR RATE: no requests in the window"));
    assertThat(check(RuleKind.APDEX, 1).value()).isNull();
    assertThat(check(RuleKind.AVG_RESPONSE_TIME, 1).detected()).isFalse();
    assertThat(check(RuleKind.ERROR_COUNT, 1))
        .isEqualTo(new Check(0.0, "count", false, "ERROR COUNT 0 < 1 (0 of 0 requests failed)"));
  }

  @Test
  void calleeKindsReadOutLinksResolvedAsTheMapResolvesThem() {
    int java = ServiceTypeRegistry.JAVA.code();
    long at = now - 3 * MINUTE;
    new Traffic()
        .link(new LinkKey(APP, java, "orders-db", ServiceTypeRegistry.MYSQL.code(), "db:3306"), at, 100, false, 20)
        .link(new LinkKey(APP, java, "orders-db", ServiceTypeRegistry.MYSQL.code(), "db:3306"), at, 4_000, true, 10)
        .link(new LinkKey(APP, java, "orders-db", ServiceTypeRegistry.MYSQL.code(), "db:3306"), at, 4_000, false, 10)
        // an external host the host map resolves to the application "backend"
        .link(new LinkKey(APP, java, "backend:8080", ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), "backend:8080"),
            at, 50, false, 54)
        .link(new LinkKey(APP, java, "backend:8080", ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), "backend:8080"),
            at, 50, true, 6)
        .hostMapping(at, new HostMapping(APP, "backend:8080", "backend", java))
        // the USER node named after the application is not the application calling
        .link(new LinkKey(APP, ServiceTypeRegistry.USER.code(), "backend", java, ""), at, 50, true, 100)
        .writeTo(storage.statistics());

    assertThat(check(RuleKind.ERROR_RATE_TO_CALLEE, 10, "backend")).isEqualTo(
        new Check(10.0, "%", true, "ERROR RATE TO CALLEE 10.0 % ≥ 10 % (6 of 60 calls to backend)"));
    assertThat(check(RuleKind.TOTAL_COUNT_TO_CALLEE, 100, "backend").value()).isEqualTo(60.0);
    assertThat(check(RuleKind.ERROR_COUNT_TO_CALLEE, 10, "orders-db")).isEqualTo(new Check(10.0, "count", true,
        "ERROR COUNT TO CALLEE 10 ≥ 10 (10 of 40 calls to orders-db failed)"));
    assertThat(check(RuleKind.SLOW_COUNT_TO_CALLEE, 30, "orders-db").value()).isEqualTo(20.0);
    assertThat(check(RuleKind.SLOW_RATE_TO_CALLEE, 50, "orders-db"))
        .isEqualTo(new Check(50.0, "%", true, "SLOW RATE TO CALLEE 50.0 % ≥ 50 % (20 of 40 calls to orders-db)"));
    // the unresolved name is no node of the map
    assertThat(check(RuleKind.TOTAL_COUNT_TO_CALLEE, 1, "backend:8080").value()).isEqualTo(0.0);
  }

  @Test
  void routeAndStatementKindsReadUriAndSqlStatistics() {
    long at = now - 2 * MINUTE;
    String statement = "SELECT * FROM orders WHERE id = ?";
    new Traffic()
        .uri(new UriKey(APP, "GET /orders/{id}"), at, 100, false, 180)
        .uri(new UriKey(APP, "GET /orders/{id}"), at, 1_000, true, 20)
        .uri(new UriKey(APP, "GET /health"), at, 1, true, 500)
        .sql(new SqlKey(APP, "mysql", "orders", statement), at, 10, false, 90)
        .sql(new SqlKey(APP, "mysql", "orders", statement), at, 110, true, 10)
        .sql(new SqlKey(APP, "postgresql", "archive", statement), at, 30, false, 100)
        .sql(new SqlKey(APP, "mysql", "orders", "DELETE FROM orders"), at, 900, true, 100)
        .writeTo(storage.statistics());

    assertThat(check(RuleKind.ROUTE_ERROR_RATE, 5, "GET /orders/{id}")).isEqualTo(
        new Check(10.0, "%", true, "ROUTE ERROR RATE 10.0 % ≥ 5 % (20 of 200 requests of GET /orders/{id})"));
    // (180×100 + 20×1000) / 200
    assertThat(check(RuleKind.ROUTE_AVG_RESPONSE_TIME, 200, "GET /orders/{id}").value()).isEqualTo(190.0);
    // every database the statement went to: (90×10 + 10×110 + 100×30) / 200; a raw statement matches normalised
    assertThat(check(RuleKind.STATEMENT_AVG_RESPONSE_TIME, 100, "SELECT * FROM orders WHERE id = 42"))
        .isEqualTo(new Check(25.0, "ms", false,
            "STATEMENT AVG RESPONSE TIME 25.0 ms < 100 ms (200 executions of SELECT * FROM orders WHERE id = 42)"));
    assertThat(check(RuleKind.STATEMENT_ERROR_RATE, 5, statement).value()).isEqualTo(5.0);
    assertThat(check(RuleKind.STATEMENT_ERROR_RATE, 5, statement).detected()).isTrue();
  }

  @Test
  void heapIsTheWorstAgentsMeanUseOfItsLimit() {
    register("front-1", now - MINUTE);
    register("front-2", now - MINUTE);
    long t1 = now - 4 * MINUTE;
    long t2 = now - 2 * MINUTE;
    storage.metrics().write(List.of(
        gauge("front-1", "jvm.memory.used", t1, 100 * MIB, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Eden"),
        gauge("front-1", "jvm.memory.used", t2, 300 * MIB, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Eden"),
        gauge("front-1", "jvm.memory.used", t1, 400 * MIB, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Old"),
        gauge("front-1", "jvm.memory.used", t2, 400 * MIB, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Old"),
        gauge("front-1", "jvm.memory.used", t2, 900 * MIB, "jvm.memory.type", "non_heap",
            "jvm.memory.pool.name", "Metaspace"),
        gauge("front-1", "jvm.memory.limit", t1, 1000 * MIB, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Old"),
        gauge("front-1", "jvm.memory.used", now - 6 * MINUTE, 999 * MIB, "jvm.memory.type", "heap",
            "jvm.memory.pool.name", "G1 Eden"),
        gauge("front-2", "jvm.memory.used", t1, 100 * MIB, "jvm.memory.type", "heap", "jvm.memory.pool.name", "G1 Old"),
        gauge("front-2", "jvm.memory.limit", t1, 1000 * MIB, "jvm.memory.type", "heap",
            "jvm.memory.pool.name", "G1 Old")));

    // front-1: (100 + 300) / 2 + 400 MiB of 1000 MiB
    assertThat(check(RuleKind.HEAP_USAGE_RATE, 50)).isEqualTo(
        new Check(60.0, "%", true, "HEAP USAGE RATE 60.0 % ≥ 50 % (agent front-1: 600.0 of 1000.0 MiB; 2 agents)"));
  }

  @Test
  void jvmCpuIsTheWorstAgentsMeanUtilisation() {
    register("front-1", now - MINUTE);
    register("front-2", now - MINUTE);
    storage.metrics().write(List.of(
        gauge("front-1", "jvm.cpu.recent_utilization", now - 4 * MINUTE, 0.5),
        gauge("front-1", "jvm.cpu.recent_utilization", now - 3 * MINUTE, 0.7),
        gauge("front-2", "jvm.cpu.recent_utilization", now - 3 * MINUTE, 0.9)));

    assertThat(check(RuleKind.JVM_CPU_USAGE_RATE, 80))
        .isEqualTo(new Check(90.0, "%", true, "JVM CPU USAGE RATE 90.0 % ≥ 80 % (agent front-2; 2 agents)"));
  }

  @Test
  void activeRequestsAreTheSlowBandsOfEachAgentsLatestExportSummed() {
    register("front-1", now - MINUTE);
    register("front-2", now - MINUTE);
    long t1 = now - 4 * MINUTE;
    long t2 = now - MINUTE;
    storage.metrics().write(List.of(
        gauge("front-1", "pinpoint.active_requests", t1, 1, "band", "slow"),
        gauge("front-1", "pinpoint.active_requests", t1, 2, "band", "very_slow"),
        gauge("front-1", "pinpoint.active_requests", t2, 3, "band", "slow"),
        gauge("front-1", "pinpoint.active_requests", t2, 4, "band", "very_slow"),
        gauge("front-1", "pinpoint.active_requests", t2, 10, "band", "fast"),
        gauge("front-2", "pinpoint.active_requests", t1, 5, "band", "slow"),
        gauge("front-2", "pinpoint.active_requests", t1, 0, "band", "very_slow")));

    assertThat(check(RuleKind.ACTIVE_REQUESTS, 10))
        .isEqualTo(new Check(12.0, "count", true, "ACTIVE REQUESTS 12 ≥ 10 (8 slow, 4 very slow over 2 agents)"));
  }

  @Test
  void agentMetricKindsWithoutMetricsHaveNoValue() {
    register("front-1", now - MINUTE);
    assertThat(check(RuleKind.HEAP_USAGE_RATE, 1).value()).isNull();
    assertThat(check(RuleKind.JVM_CPU_USAGE_RATE, 1).message())
        .isEqualTo("JVM CPU USAGE RATE: no jvm.cpu.recent_utilization from the agents in the window");
    assertThat(check(RuleKind.ACTIVE_REQUESTS, 1).detected()).isFalse();
  }

  @Test
  void agentDownCountsAgentsSilentForTheMinutesNeitherForgottenNorReplaced() {
    // two silent (old, silent), one newcomer since (new) standing for one of them; gone is forgotten
    storage.applications().register(agent("up", "h1", now - 600 * MINUTE, now - MINUTE));
    storage.applications().register(agent("silent", "h2", now - 60 * MINUTE, now - 10 * MINUTE));
    storage.applications().register(agent("gone", "h3", now - 40 * 60 * MINUTE, now - 30 * 60 * MINUTE));
    storage.applications().register(agent("old", "h4", now - 60 * MINUTE, now - 20 * MINUTE));
    storage.applications().register(agent("new", "h4", now - 15 * MINUTE, now - MINUTE));

    assertThat(check(RuleKind.AGENT_DOWN, 1))
        .isEqualTo(new Check(1.0, "count", true, "AGENT DOWN 1 ≥ 1 (old last seen 20 min ago, silent last seen 10 min"
            + " ago; 1 started since of 5 agents)"));
    AlarmRule fifteen = AlarmRule.builder().name("down").application(APP).kind(RuleKind.AGENT_DOWN).threshold(1)
        .option("minutes", 15).build();
    assertThat(check(fifteen).value()).isEqualTo(0.0);
    assertThat(check(fifteen).detected()).isFalse();
  }

  @Test
  void agentDownIsQuietThroughARollingDeployUnderNewHostNames() {
    // Kubernetes: host.name is the pod name, new on every deploy; each new pod starts a minute before an old
    // one stops
    for (int i = 1; i <= 3; i++) {
      storage.applications().register(agent("old-" + i, "front-abc-" + i, now - 600 * MINUTE,
          now - (30 - 2 * i) * MINUTE));
      storage.applications().register(agent("new-" + i, "front-xyz-" + i, now - (31 - 2 * i) * MINUTE,
          now - MINUTE));
    }
    assertThat(check(RuleKind.AGENT_DOWN, 1)).isEqualTo(new Check(0.0, "count", false, "AGENT DOWN 0 < 1 ("
        + "old-1 last seen 28 min ago, old-2 last seen 26 min ago, old-3 last seen 24 min ago; 3 started since"
        + " of 6 agents)"));
  }

  @Test
  void agentDownCountsAnInstanceThatDiedOrWasScaledAwayButNotOneThatCrashLoopsUnderNewIds() {
    for (int i = 1; i <= 4; i++) {
      storage.applications().register(agent("pod-" + i, "front-" + i, now - 600 * MINUTE, now - MINUTE));
    }
    // scale-down 6 → 4 (or two instances died): nothing stands for them, they count
    storage.applications().register(agent("pod-5", "front-5", now - 600 * MINUTE, now - 20 * MINUTE));
    storage.applications().register(agent("pod-6", "front-6", now - 600 * MINUTE, now - 20 * MINUTE));
    assertThat(check(RuleKind.AGENT_DOWN, 1).value()).isEqualTo(2.0);
    // pod-5 came back under a new id, which died too, then under another that runs: still two short of six
    storage.applications().register(agent("pod-5b", "front-5b", now - 19 * MINUTE, now - 12 * MINUTE));
    storage.applications().register(agent("pod-5c", "front-5c", now - 11 * MINUTE, now - MINUTE));
    assertThat(check(RuleKind.AGENT_DOWN, 1).value()).isEqualTo(2.0);
  }

  @Test
  void agentDownWithOneMinuteDoesNotCountAnAgentWhoseLastSeenLagsItsData() {
    // last seen refreshed once a minute, data exported once a minute: 2.5 min quiet is still alive
    storage.applications().register(agent("lagging", "h1", now - 60 * MINUTE, now - 150_000));
    AlarmRule oneMinute = AlarmRule.builder().name("down").application(APP).kind(RuleKind.AGENT_DOWN).threshold(1)
        .option("minutes", 1).build();
    assertThat(check(oneMinute).value()).isEqualTo(0.0);
    storage.applications().register(agent("dead", "h2", now - 60 * MINUTE, now - 4 * MINUTE));
    assertThat(check(oneMinute).value()).isEqualTo(1.0);
  }

  @Test
  void aMidMinuteClockReadsTheLastFiveCompleteMinutesNotThePartOfTheCurrentOne() {
    // 100 requests in each of the five complete minutes before now, 20 errors in each; the current minute,
    // 30 s in, holds 10 requests of which 10 failed (it would read 110 errors of 510)
    Traffic traffic = new Traffic();
    for (int m = 1; m <= 5; m++) {
      traffic.self(APP, "front-1", now - m * MINUTE, 100, false, 80).self(APP, "front-1", now - m * MINUTE, 100, true, 20);
    }
    traffic.self(APP, "front-1", now + 10_000, 100, true, 10).writeTo(storage.statistics());
    long midMinute = now + 30_000;
    AlarmRule rule = AlarmRule.builder().name("errors").application(APP).kind(RuleKind.ERROR_COUNT).threshold(100)
        .build();
    assertThat(registry.checker(RuleKind.ERROR_COUNT).check(rule, midMinute - 5 * MINUTE, midMinute))
        .isEqualTo(new Check(100.0, "count", true, "ERROR COUNT 100 ≥ 100 (100 of 500 requests failed)"));
  }

  @Test
  void registryCoversEveryKindButTheAnomaliesWhichFailClearlyUntilAdded() {
    List<RuleKind> expected = new ArrayList<>(Arrays.stream(RuleKind.values()).filter(k -> !k.anomaly()).toList());
    assertThat(registry.kinds()).containsExactlyInAnyOrderElementsOf(expected);
    assertThatThrownBy(() -> registry.checker(RuleKind.ANOMALY_ERROR_RATE))
        .isInstanceOf(IllegalStateException.class).hasMessage("no checker for ANOMALY_ERROR_RATE");

    Checker anomaly = (rule, from, to) -> Check.noData(rule, "no baseline");
    CheckerRegistry more = CheckerRegistry.standard(storage).add(RuleKind.ANOMALY_ERROR_RATE, anomaly).build();
    assertThat(more.checker(RuleKind.ANOMALY_ERROR_RATE)).isSameAs(anomaly);
    assertThat(more.kinds()).hasSize(expected.size() + 1);
  }

  @Test
  void statisticsWindowIsTheCompleteMinutesBeforeTheOneHoldingItsEnd() {
    assertThat(StatisticsWindow.of(now - 5 * MINUTE, now)).isEqualTo(new StatisticsWindow(now - 5 * MINUTE, now));
    assertThat(StatisticsWindow.of(now - 5 * MINUTE + 30_000, now + 30_000))
        .isEqualTo(new StatisticsWindow(now - 5 * MINUTE, now));
    assertThat(StatisticsWindow.of(now - 5 * MINUTE + 59_999, now + 59_999))
        .isEqualTo(new StatisticsWindow(now - 5 * MINUTE, now));
    assertThatThrownBy(() -> StatisticsWindow.of(now, now)).hasMessageContaining("toMillis");
  }

  private void register(String agentId, long seenMillis) {
    storage.applications().register(agent(agentId, "host-" + agentId, seenMillis - 10 * MINUTE, seenMillis));
  }

  private static AgentInfo agent(String agentId, String host, long firstSeen, long lastSeen) {
    return new AgentInfo(APP, agentId, ServiceTypeRegistry.JAVA.code(), host, firstSeen, firstSeen, lastSeen,
        Attributes.of("service.name", APP));
  }

  private static MetricPoint gauge(String agentId, String name, long atMillis, double value, Object... attributes) {
    return new MetricPoint(agentId, name, "1", MetricPoint.Kind.GAUGE, Attributes.of(attributes),
        atMillis * 1_000_000L, new MetricValue.Scalar(value));
  }
}
