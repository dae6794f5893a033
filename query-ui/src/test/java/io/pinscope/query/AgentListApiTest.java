package io.pinscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent list's runtime, SDK, status and resource fields, "now" fixed by the clock. */
class AgentListApiTest {
  static final long MIN = 60_000L;
  static final long NOW = 1_780_000_000_000L;
  static final ObjectMapper MAPPER = new ObjectMapper();

  Storage storage;

  @BeforeEach
  void open() {
    storage = Storage.open(StorageConfig.builder().engine("memory")
        .clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)).build());
    // The stock Java agent 2.33.1 sends telemetry.distro.* (trimmed here), plus a declared start time.
    Attributes java = Attributes.of("service.name", "shop", "service.instance.id", "6f1c0a8e",
        "process.runtime.name", "OpenJDK Runtime Environment", "process.runtime.version", "17.0.12+7",
        "telemetry.sdk.language", "java", "telemetry.sdk.name", "opentelemetry", "telemetry.sdk.version", "1.44.1",
        "telemetry.distro.name", "opentelemetry-java-instrumentation", "telemetry.distro.version", "2.33.1",
        "process.creation.time", Instant.ofEpochMilli(NOW - 120 * MIN).toString());
    register("shop-running", NOW - 120 * MIN, NOW - 119 * MIN, NOW - MIN, java);
    register("shop-idle", NOW - 120 * MIN, NOW - 119 * MIN, NOW - 10 * MIN, java);
    // Seen for two hours; the process it runs now started three minutes ago.
    register("shop-restarted", NOW - 3 * MIN, NOW - 120 * MIN, NOW - MIN,
        Attributes.of("service.name", "shop", "pinpoint.agentStartTime", NOW - 3 * MIN,
            "telemetry.sdk.language", "python", "telemetry.sdk.name", "opentelemetry",
            "telemetry.sdk.version", "1.45.1", "telemetry.auto.version", "0.66b1"));
    // No declared start: the registry's start time is just its last registration, never a restart.
    register("shop-undeclared", NOW - 2 * MIN, NOW - 120 * MIN, NOW - MIN,
        Attributes.of("service.name", "shop", "telemetry.sdk.language", "nodejs"));
    // A creation time the receiver could not read: it stood in the registration time, so no restart either.
    register("shop-unreadable", NOW - 2 * MIN, NOW - 120 * MIN, NOW - MIN,
        Attributes.of("service.name", "shop", "process.creation.time", "yesterday"));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  void register(String agentId, long start, long firstSeen, long lastSeen, Attributes resource) {
    storage.applications().register(new AgentInfo("shop", agentId, 1001, agentId + "-host", start, firstSeen,
        lastSeen, resource));
  }

  JsonNode agents(Duration noData, String query) throws Exception {
    try (TestApiServer api = TestApiServer.start(sb -> QueryApi.configure(sb, storage,
        Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), noData))) {
      return api.ok("/api/v1/applications/shop/agents" + query);
    }
  }

  static JsonNode agent(JsonNode list, String agentId) {
    for (JsonNode n : list) {
      if (n.get("agentId").asText().equals(agentId)) {
        return n;
      }
    }
    throw new AssertionError("no " + agentId + " in " + list);
  }

  @Test
  void status_runningNoDataRestarted_atTheEndOfTheRange() throws Exception {
    JsonNode list = agents(Duration.ofMinutes(5), "?from=" + (NOW - 60 * MIN) + "&to=" + NOW);
    assertThat(agent(list, "shop-running").get("status").asText()).isEqualTo("RUNNING");
    assertThat(agent(list, "shop-idle").get("status").asText()).isEqualTo("NO_DATA");
    assertThat(agent(list, "shop-restarted").get("status").asText()).isEqualTo("RESTARTED");
    assertThat(agent(list, "shop-undeclared").get("status").asText()).isEqualTo("RUNNING");
    assertThat(agent(list, "shop-unreadable").get("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void status_withoutRange_isJudgedAtNow_andTheNoDataIntervalIsConfigurable() throws Exception {
    JsonNode list = agents(Duration.ofMinutes(15), "");
    assertThat(agent(list, "shop-idle").get("status").asText()).isEqualTo("RUNNING");
    assertThat(agent(list, "shop-restarted").get("status").asText()).isEqualTo("RESTARTED");
  }

  @Test
  void status_aRangeEndingBeforeTheRestart_isNotRestarted() throws Exception {
    JsonNode list = agents(Duration.ofMinutes(5), "?from=" + (NOW - 60 * MIN) + "&to=" + (NOW - 5 * MIN));
    // Judged at "to": the restart (3 minutes ago) is after it, and every agent was seen within 5 minutes of it.
    assertThat(agent(list, "shop-restarted").get("status").asText()).isEqualTo("RUNNING");
    assertThat(agent(list, "shop-idle").get("status").asText()).isEqualTo("RUNNING");
  }

  @Test
  void resourceFields_runtimeSdkAgentVersionAndTheWholeResource() throws Exception {
    JsonNode list = agents(Duration.ofMinutes(5), "?from=" + (NOW - 60 * MIN) + "&to=" + NOW);
    JsonNode java = agent(list, "shop-running");
    assertThat(java.get("runtime").asText()).isEqualTo("OpenJDK Runtime Environment 17.0.12+7");
    assertThat(java.get("sdk").asText()).isEqualTo("opentelemetry 1.44.1");
    assertThat(java.get("agentVersion").asText()).isEqualTo("opentelemetry-java-instrumentation 2.33.1");
    assertThat(java.get("startTime").asLong()).isEqualTo(NOW - 120 * MIN);
    assertThat(java.get("firstSeen").asLong()).isEqualTo(NOW - 119 * MIN);
    assertThat(java.get("lastSeen").asLong()).isEqualTo(NOW - MIN);
    assertThat(java.get("hostname").asText()).isEqualTo("shop-running-host");
    assertThat(java.get("resource").get("service.instance.id").asText()).isEqualTo("6f1c0a8e");
    assertThat(java.get("resource").size()).isEqualTo(10);

    JsonNode python = agent(list, "shop-restarted");
    assertThat(python.get("runtime").asText()).isEqualTo("python");
    assertThat(python.get("agentVersion").asText()).isEqualTo("0.66b1");
    assertThat(python.get("resource").get("pinpoint.agentStartTime").asLong()).isEqualTo(NOW - 3 * MIN);

    JsonNode node = agent(list, "shop-undeclared");
    assertThat(node.get("runtime").asText()).isEqualTo("nodejs");
    assertThat(node.get("sdk").isNull()).isTrue();
    assertThat(node.get("agentVersion").isNull()).isTrue();
  }
}
