package io.pinscope.compat.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinscope.compat.shop.Shop.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chain of four runtimes, each under its official OpenTelemetry SDK in its own process, and the exact
 * server map Pinscope must draw of it (issue 8, DESIGN §3 caller rules):
 *
 * <pre>
 *   USER → gateway (Java agent + extension) → catalog (Python Flask) → pricing (Node express) → stock (Go)
 * </pre>
 *
 * <p>{@value #REQUESTS} requests go into {@code gateway}, one call per hop each; every fourth asks {@code stock}
 * to fail ({@code ?fail=stock}), and {@code pricing} absorbs that failure, so errors are counted on exactly
 * one node and one link. Python, Node and Go pass the {@code tracestate} they receive along unchanged, so the
 * {@code pp} entry written by the Java extension still names {@code gateway} when it reaches {@code pricing}
 * and {@code stock}: a server that trusts it when the halves of a call do not meet draws phantom links
 * {@code gateway → pricing}/{@code gateway → stock}. The same exact map is required in three settings:
 * default; {@code pricing} exporting only every 20 s (its spans miss the 10 s pairing window); and pairing
 * off ({@code --pairing-window-seconds 0}).
 *
 * <p>Everything is checked through the public REST API and {@code /metrics}: the test waits, within a
 * deadline, until the map is exact and the server has nothing pending, then checks it once more, and checks
 * every trace as one unbroken call tree across the four runtimes. Logs: {@code target/polyglot-chain/}.
 */
class ITPolyglotChain {
  static final int REQUESTS = 20;
  static final String FAILING_SERVICE = "stock";
  /** {@code /metrics} gauges that must all be 0 before the map is final. */
  static final String PENDING_PAIRS = "pinscope_statistics_pending_pairs";
  static final List<String> INGEST_GAUGES = List.of("pinscope_receiver_queue_depth", "pinscope_receiver_inflight_bytes");
  static final List<String> CHAIN = List.of("gateway", "catalog", "pricing", "stock");

  private static final Duration DEADLINE =
      Duration.ofSeconds(Long.getLong("pinscope.chain.deadlineSeconds", 90));
  /** The server writes statistics every second; one poll per flush. */
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Path LOGS = Paths.get("target", "polyglot-chain").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static ShopRuntimes runtimes;

  @RegisterExtension
  final ProcessReaper reaper = new ProcessReaper();

  @BeforeAll
  static void prepareRuntimes() throws Exception {
    runtimes = ShopRuntimes.prepare(ShopRuntimes.Config.fromSystemProperties(LOGS), List.of(ShopRuntime.values()));
  }

  @Test
  void defaultSettings_exactMap() throws Exception {
    runChain("default", List.of(), Map.of());
  }

  @Test
  void slowExporter_pricingMissesThePairingWindow_exactMap() throws Exception {
    runChain("slow-exporter", List.of("--pairing-window-seconds", "10"),
        Map.of("pricing", Map.of("OTEL_BSP_SCHEDULE_DELAY", "20000")));
  }

  @Test
  void pairingOff_exactMap() throws Exception {
    runChain("pairing-off", List.of("--pairing-window-seconds", "0"), Map.of());
  }

  private void runChain(String setting, List<String> serverArgs, Map<String, Map<String, String>> serviceEnv)
      throws Exception {
    Path logs = LOGS.resolve(setting);
    PinscopeProcess pinscope = PinscopeProcess.start(logs.resolve("pinscope.log"), serverArgs);
    reaper.track(pinscope.process());
    List<Service> services = new ArrayList<>();
    for (Service s : List.of(
        Service.of("gateway", ShopRuntime.JAVA, "catalog"),
        Service.of("catalog", ShopRuntime.PYTHON, "pricing"),
        Service.of("pricing", ShopRuntime.NODE, "stock"),
        Service.of("stock", ShopRuntime.GO))) {
      services.add(s.withEnv(serviceEnv.getOrDefault(s.name(), Map.of())));
    }
    Shop shop = Shop.start(runtimes, pinscope, services, logs, reaper);

    long from = System.currentTimeMillis() - 60_000;
    List<String> traceIds = new ArrayList<>();
    int failing = 0;
    for (int i = 0; i < REQUESTS; i++) {
      boolean fail = i % 4 == 3;
      failing += fail ? 1 : 0;
      traceIds.add(driveOne(shop, fail));
    }

    ExpectedMap expected = new ExpectedMap()
        .node("gateway^USER", "USER", REQUESTS, 0)
        .node("gateway^JAVA", "SERVER", REQUESTS, 0)
        .node("catalog^PYTHON", "SERVER", REQUESTS, 0)
        .node("pricing^NODE", "SERVER", REQUESTS, 0)
        .node("stock^GO", "SERVER", REQUESTS, failing)
        .link("gateway^USER", "gateway^JAVA", REQUESTS, 0)
        .link("gateway^JAVA", "catalog^PYTHON", REQUESTS, 0)
        .link("catalog^PYTHON", "pricing^NODE", REQUESTS, 0)
        .link("pricing^NODE", "stock^GO", REQUESTS, failing);
    String mapFailure = awaitExactMap(pinscope, from, expected, setting);

    // Traces are checked whatever the map looked like, so that a failure report says about both.
    List<String> traceFailures = new ArrayList<>();
    for (String traceId : traceIds) {
      try {
        assertOneCallTreeAcrossTheChain(pinscope, traceId);
      } catch (AssertionError e) {
        traceFailures.add(e.getMessage());
      }
    }
    System.out.printf("%s: call tree of trace %s:%n%s", setting, traceIds.get(0),
        callTreeSummary(pinscope.getJson("/api/v1/traces/" + traceIds.get(0))));
    if (mapFailure != null) {
      throw new AssertionError(mapFailure + (traceFailures.isEmpty() ? "\nevery trace is one call tree"
          : "\nand " + traceFailures.size() + " of " + REQUESTS + " traces are not one call tree; the first:\n"
              + traceFailures.get(0)));
    }
    JsonNode map = pinscope.getJson(servermapPath(from));
    assertThat(expected.differences(map)).as("server map (%s), checked once more after it settled:%n%s", setting,
        ExpectedMap.describe(map)).isEmpty();
    assertThat(traceFailures).as("traces that are not one call tree across the chain (%s)", setting).isEmpty();
  }

  private static String servermapPath(long from) {
    return "/api/v1/servermap?application=gateway&from=" + from + "&to=" + (System.currentTimeMillis() + 60_000)
        + "&inbound=4&outbound=4";
  }

  /**
   * One request into {@code gateway}; checks from the answer that every hop was made, each with the same
   * trace, and that the gateway's {@code pp} entry reached the later hops unchanged (what makes a stale
   * {@code pp} possible). Returns the trace id.
   */
  private static String driveOne(Shop shop, boolean fail) throws Exception {
    String url = shop.url("gateway") + "/hop" + (fail ? "?fail=" + FAILING_SERVICE : "");
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    JsonNode hop = JSON.readTree(response.body());
    String traceId = null;
    for (String service : CHAIN) {
      assertThat(hop.path("service").asText()).as("hop in %s", response.body()).isEqualTo(service);
      int status = fail && service.equals(FAILING_SERVICE) ? 500 : 200;
      assertThat(hop.path("status").asInt()).as("status of %s in %s", service, response.body()).isEqualTo(status);
      if (!service.equals("gateway")) {
        String traceparent = hop.path("traceparent").asText();
        assertThat(traceparent).as("traceparent %s received", service).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        assertThat(Integer.parseInt(traceparent.substring(53), 16) & 1).as("sampled flag of %s", traceparent)
            .isEqualTo(1);
        String id = traceparent.substring(3, 35);
        if (traceId == null) {
          traceId = id;
        }
        assertThat(id).as("trace id reaching %s in %s", service, response.body()).isEqualTo(traceId);
        assertThat(hop.path("tracestate").asText()).as("tracestate reaching %s", service).contains("pp=");
      }
      JsonNode next = hop.path("downstream");
      hop = next.size() == 1 ? next.get(0) : null;
      if (hop == null) {
        assertThat(service).as("the chain ended early, at %s: %s", service, response.body())
            .isEqualTo(CHAIN.get(CHAIN.size() - 1));
        break;
      }
    }
    return traceId;
  }

  /**
   * Polls the map and {@code /metrics} until the map is exactly {@code expected} and nothing is pending
   * (pairs waiting, requests queued or in flight) on two polls in a row, one flush interval apart — the
   * server has no flush counter, and a flush that was running at the first poll has written by the second.
   * Returns null then, or on the deadline the failure: the differences and the last map seen.
   */
  private static @Nullable String awaitExactMap(PinscopeProcess pinscope, long from, ExpectedMap expected,
      String setting) throws Exception {
    long start = System.nanoTime();
    long deadline = start + DEADLINE.toNanos();
    int settledPolls = 0;
    while (true) {
      JsonNode map = pinscope.getJson(servermapPath(from));
      List<String> differences = expected.differences(map);
      OptionalDouble pendingPairs = pinscope.metric(PENDING_PAIRS);
      assertThat(pendingPairs).as("%s in /metrics", PENDING_PAIRS).isPresent();
      double ingest = 0;
      for (String gauge : INGEST_GAUGES) {
        ingest += pinscope.metric(gauge).orElse(0);
      }
      boolean settled = differences.isEmpty() && pendingPairs.getAsDouble() == 0 && ingest == 0;
      settledPolls = settled ? settledPolls + 1 : 0;
      if (settledPolls == 2) {
        System.out.printf("%s: exact map and nothing pending after %d ms%n", setting,
            (System.nanoTime() - start) / 1_000_000);
        return null;
      }
      if (System.nanoTime() > deadline) {
        return String.format("server map (%s) not exact within %s (%s pending pairs, %s queued or in flight)%n"
            + "differences:%n  %s%nlast map seen:%n%sexpected:%n%s", setting, DEADLINE,
            pendingPairs.getAsDouble(), ingest, String.join("\n  ", differences), ExpectedMap.describe(map),
            expected);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * The trace is one call tree across the four runtimes: one SERVER span per service, the first a root,
   * each later one the child of a CLIENT span of the service before it, itself a descendant of that
   * service's SERVER span; the trace is complete and no call-tree row is an orphan.
   */
  private static void assertOneCallTreeAcrossTheChain(PinscopeProcess pinscope, String traceId) throws Exception {
    JsonNode trace = pinscope.getJson("/api/v1/traces/" + traceId);
    String context = "trace " + traceId + ": " + trace;
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode span : trace.path("spans")) {
      byId.put(span.path("spanId").asText(), span);
    }
    Set<String> applications = new LinkedHashSet<>();
    byId.values().forEach(s -> applications.add(s.path("application").asText()));
    assertThat(applications).as(context).containsExactlyInAnyOrderElementsOf(CHAIN);
    assertThat(trace.path("complete").asBoolean(false)).as("complete, " + context).isTrue();

    JsonNode previousServer = null;
    for (String service : CHAIN) {
      List<JsonNode> servers = byId.values().stream()
          .filter(s -> s.path("application").asText().equals(service) && s.path("kind").asText().equals("SERVER"))
          .toList();
      assertThat(servers).as("SERVER spans of %s in %s", service, context).hasSize(1);
      JsonNode server = servers.get(0);
      @Nullable JsonNode parent = byId.get(server.path("parentSpanId").asText(""));
      if (previousServer == null) {
        assertThat(parent).as("%s is the root of %s", service, context).isNull();
      } else {
        assertThat(parent).as("parent of %s's SERVER span in %s", service, context).isNotNull();
        assertThat(parent.path("kind").asText()).as("kind of the parent of %s's SERVER span", service)
            .isEqualTo("CLIENT");
        String caller = previousServer.path("application").asText();
        assertThat(parent.path("application").asText()).as("caller of %s", service).isEqualTo(caller);
        assertThat(descendsFrom(parent, previousServer, byId)).as("%s's CLIENT span under its SERVER span, %s",
            caller, context).isTrue();
      }
      previousServer = server;
    }

    JsonNode callTree = trace.path("callTree");
    assertThat(callTree.size()).as("call tree rows, " + context).isGreaterThanOrEqualTo(byId.size());
    Set<String> rowApplications = new LinkedHashSet<>();
    for (JsonNode row : callTree) {
      assertThat(row.path("orphan").asBoolean(false)).as("orphan row %s in %s", row, context).isFalse();
      rowApplications.add(row.path("application").asText());
    }
    assertThat(rowApplications).as("applications in the call tree, " + context)
        .containsExactlyInAnyOrderElementsOf(CHAIN);
    assertThat(callTree.get(0).path("application").asText()).as("first row, " + context).isEqualTo("gateway");
  }

  /** The call tree as lines a person reads: depth, application, kind and method of each row. */
  private static String callTreeSummary(JsonNode trace) {
    StringBuilder out = new StringBuilder();
    for (JsonNode row : trace.path("callTree")) {
      out.append("  ").append("  ".repeat(Math.max(0, row.path("depth").asInt()))).append(row.path("application")
          .asText()).append(" ").append(row.path("kind").asText()).append(" ").append(row.path("method").asText())
          .append(row.path("orphan").asBoolean(false) ? " (orphan)" : "").append('\n');
    }
    return out.toString();
  }

  private static boolean descendsFrom(JsonNode span, JsonNode ancestor, Map<String, JsonNode> byId) {
    String target = ancestor.path("spanId").asText();
    JsonNode current = span;
    for (int hops = 0; current != null && hops <= byId.size(); hops++) {
      if (current.path("spanId").asText().equals(target)) {
        return true;
      }
      current = byId.get(current.path("parentSpanId").asText(""));
    }
    return false;
  }
}
