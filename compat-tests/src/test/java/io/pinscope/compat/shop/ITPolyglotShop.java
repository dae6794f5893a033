package io.pinscope.compat.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinscope.compat.shop.Shop.Service;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The polyglot shop on real SDKs and the real Pinpoint agent (issue 9), and what Pinscope must make of it:
 *
 * <pre>
 *   legacy-front (Pinpoint agent 3.0.1, Tomcat 9)
 *     → frontend (Java, OTel agent + extension)
 *         → inventory (Node) → pricing (Python, Flask) → SQLite
 *         → shipping (Go) → external host
 *         → billing (PHP, protoc-generated OTLP)
 *         → legacy-back (Pinpoint agent 3.0.1, Tomcat 9 + HttpClient 4) → external host
 * </pre>
 *
 * <p>The two Pinpoint services send nothing to Pinscope (their collector port is closed): {@code legacy-front}
 * reaches Pinscope only through the {@code Pinpoint-*} headers it sends {@code frontend}, and {@code legacy-back}
 * only as the host {@code frontend} calls. {@value #REQUESTS} requests go into {@code legacy-front}; every fourth
 * fails in {@code pricing}, deep in the chain, and {@code inventory} absorbs the failure, so errors count on one
 * node and one link. Node and Python pass the {@code tracestate} they receive on unchanged, so {@code pricing}
 * receives a {@code pp} entry that names {@code frontend}, not its caller.
 *
 * <p>Through the public REST API only, in the three settings of the map issue (default; {@code pricing}
 * exporting every 20 s, past the pairing window; pairing off): the exact server map; every trace one call tree
 * across the five OTLP runtimes with the Pinpoint caller outside it; the TxId {@code legacy-front} started kept
 * by {@code frontend}, searchable, and continued by {@code legacy-back} (its agent log says so); the scatter dots
 * of each application; inspector series of {@code frontend}; in the default setting, the inspector panels
 * of the Node and Python runtimes' own metrics. Logs: {@code target/polyglot-shop/<setting>/}.
 */
class ITPolyglotShop {
  static final int REQUESTS = 20;
  static final String FAILING_SERVICE = "pricing";
  /** The services that export OTLP, each with the service that calls it (frontend's caller is Pinpoint's). */
  static final Map<String, String> CALLER_OF = Map.of(
      "frontend", "legacy-front", "inventory", "frontend", "pricing", "inventory", "shipping", "frontend",
      "billing", "frontend");
  static final List<String> OTLP_SERVICES = List.of("frontend", "inventory", "pricing", "shipping", "billing");
  /** {@code /metrics} gauges that must all be 0 before the map is final. */
  static final String PENDING_PAIRS = "pinscope_statistics_pending_pairs";
  static final List<String> INGEST_GAUGES = List.of("pinscope_receiver_queue_depth", "pinscope_receiver_inflight_bytes");
  /**
   * Runtime metrics for Node ({@code instrumentation-runtime-node}, on by default in auto-instrumentations-node)
   * and Python ({@code opentelemetry-instrumentation-system-metrics}): exported every 2 s.
   */
  static final Map<String, String> RUNTIME_METRICS =
      Map.of("OTEL_METRICS_EXPORTER", "otlp", "OTEL_METRIC_EXPORT_INTERVAL", "2000");

  private static final Duration DEADLINE =
      Duration.ofSeconds(Long.getLong("pinscope.chain.deadlineSeconds", 90));
  /** The server writes statistics every second; one poll per flush. */
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Path LOGS = Paths.get("target", "polyglot-shop").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private static ShopRuntimes runtimes;

  @RegisterExtension
  final ProcessReaper reaper = new ProcessReaper();

  /** One request's identity: the OTel trace id and the Pinpoint TxId {@code legacy-front} started. */
  record Driven(String traceId, String txId) {}

  @BeforeAll
  static void prepareRuntimes() throws Exception {
    runtimes = ShopRuntimes.prepare(ShopRuntimes.Config.fromSystemProperties(LOGS), List.of(ShopRuntime.values()));
    // The report names what ran: printed, and kept beside the logs.
    System.out.println("shop runtimes and SDK versions:\n" + runtimes.versions());
    Files.writeString(LOGS.resolve("versions.txt"), runtimes.versions());
  }

  @Test
  void defaultSettings() throws Exception {
    runShop("default", List.of(), Map.of("inventory", RUNTIME_METRICS, "pricing", RUNTIME_METRICS), true);
  }

  @Test
  void slowExporter_pricingMissesThePairingWindow() throws Exception {
    runShop("slow-exporter", List.of("--pairing-window-seconds", "10"),
        Map.of("pricing", Map.of("OTEL_BSP_SCHEDULE_DELAY", "20000")), false);
  }

  @Test
  void pairingOff() throws Exception {
    runShop("pairing-off", List.of("--pairing-window-seconds", "0"), Map.of(), false);
  }

  /**
   * @param runtimePanels whether Node and Python export their runtime metrics (the environment in
   *     {@code serviceEnv} says so) and their inspector panels are checked
   */
  private void runShop(String setting, List<String> serverArgs, Map<String, Map<String, String>> serviceEnv,
      boolean runtimePanels) throws Exception {
    Path logs = LOGS.resolve(setting);
    Files.createDirectories(logs);
    Path database = logs.resolve("pricing.db");
    Files.deleteIfExists(database);
    PinscopeProcess pinscope = PinscopeProcess.start(logs.resolve("pinscope.log"), serverArgs);
    reaper.track(pinscope.process());
    try (ExternalHost external = ExternalHost.start()) {
      List<Service> services = new ArrayList<>();
      for (Service s : List.of(
          Service.of("legacy-front", ShopRuntime.PINPOINT, "frontend"),
          Service.of("frontend", ShopRuntime.JAVA, "inventory", "shipping", "billing", "legacy-back")
              .withEnv(Map.of("OTEL_METRICS_EXPORTER", "otlp", "OTEL_METRIC_EXPORT_INTERVAL", "1000")),
          Service.of("inventory", ShopRuntime.NODE, "pricing"),
          Service.of("pricing", ShopRuntime.PYTHON).withEnv(Map.of("SQLITE_DB", database.toString())),
          Service.of("shipping", ShopRuntime.GO, external.url()),
          Service.of("billing", ShopRuntime.PHP),
          Service.of("legacy-back", ShopRuntime.PINPOINT, external.url()))) {
        services.add(s.withEnv(serviceEnv.getOrDefault(s.name(), Map.of())));
      }
      Shop shop = Shop.start(runtimes, pinscope, services, logs, reaper);

      long from = System.currentTimeMillis() - 60_000;
      List<Driven> driven = new ArrayList<>();
      int failing = 0;
      for (int i = 0; i < REQUESTS; i++) {
        boolean fail = i % 4 == 3;
        failing += fail ? 1 : 0;
        driven.add(driveOne(shop, fail));
      }
      assertThat(external.calls()).as("calls the external host answered (shipping's and legacy-back's)")
          .isEqualTo(2 * REQUESTS);

      // Hosts nothing reports from are drawn as called: named host:port, typed OPENTELEMETRY_CLIENT. SQLite
      // spans name no database, only the system.
      String legacyBackHost = "127.0.0.1:" + shop.port("legacy-back");
      String externalHost = "127.0.0.1:" + external.port();
      ExpectedMap expected = new ExpectedMap()
          .node("legacy-front^TOMCAT", "SERVER", REQUESTS, 0)
          .node("frontend^JAVA", "SERVER", REQUESTS, 0)
          .node("inventory^NODE", "SERVER", REQUESTS, 0)
          .node("pricing^PYTHON", "SERVER", REQUESTS, failing)
          .node("sqlite^OPENTELEMETRY_DB", "DATABASE", REQUESTS - failing, 0)
          .node("shipping^GO", "SERVER", REQUESTS, 0)
          .node(externalHost + "^OPENTELEMETRY_CLIENT", "UNKNOWN", REQUESTS, 0)
          .node("billing^PHP", "SERVER", REQUESTS, 0)
          .node(legacyBackHost + "^OPENTELEMETRY_CLIENT", "UNKNOWN", REQUESTS, 0)
          .link("legacy-front^TOMCAT", "frontend^JAVA", REQUESTS, 0)
          .link("frontend^JAVA", "inventory^NODE", REQUESTS, 0)
          .link("inventory^NODE", "pricing^PYTHON", REQUESTS, failing)
          .link("pricing^PYTHON", "sqlite^OPENTELEMETRY_DB", REQUESTS - failing, 0)
          .link("frontend^JAVA", "shipping^GO", REQUESTS, 0)
          .link("shipping^GO", externalHost + "^OPENTELEMETRY_CLIENT", REQUESTS, 0)
          .link("frontend^JAVA", "billing^PHP", REQUESTS, 0)
          .link("frontend^JAVA", legacyBackHost + "^OPENTELEMETRY_CLIENT", REQUESTS, 0);
      String mapFailure = awaitExactMap(pinscope, from, expected, setting);

      // Traces are checked whatever the map looked like, so that a failure report says about both.
      List<String> traceFailures = new ArrayList<>();
      for (Driven d : driven) {
        try {
          assertOneCallTree(pinscope, d);
        } catch (AssertionError e) {
          traceFailures.add(e.getMessage());
        }
      }
      System.out.printf("%s: call tree of trace %s (TxId %s):%n%s", setting, driven.get(0).traceId(),
          driven.get(0).txId(), callTreeSummary(pinscope.getJson("/api/v1/traces/" + driven.get(0).traceId())));
      if (mapFailure != null) {
        throw new AssertionError(mapFailure + (traceFailures.isEmpty() ? "\nevery trace is one call tree"
            : "\nand " + traceFailures.size() + " of " + REQUESTS + " traces are not one call tree; the first:\n"
                + traceFailures.get(0)));
      }
      JsonNode map = pinscope.getJson(servermapPath(from));
      assertThat(expected.differences(map)).as("server map (%s), checked once more after it settled:%n%s",
          setting, ExpectedMap.describe(map)).isEmpty();
      assertThat(traceFailures).as("traces that are not one call tree across the shop (%s)", setting).isEmpty();

      assertScatter(pinscope, from, failing);
      assertAgentList(pinscope, from);
      assertLegacyBackContinued(shop, driven);
      awaitInspectorSeries(pinscope, from, "frontend");
      if (runtimePanels) {
        awaitPanels(pinscope, from, "inventory", "NODE", Map.of("eventLoopDelay", "", "v8Heap", "used"));
        awaitPanels(pinscope, from, "pricing", "PYTHON", Map.of("memory", "rss"));
      }
    }
  }

  private static String servermapPath(long from) {
    return "/api/v1/servermap?application=frontend&from=" + from + "&to=" + (System.currentTimeMillis() + 60_000)
        + "&inbound=4&outbound=4";
  }

  /**
   * One request into {@code legacy-front}; checks from the answers that every hop was made, that
   * {@code frontend} received Pinpoint headers only and kept their TxId for {@code legacy-back}, and that the
   * OTLP services share one trace.
   */
  private static Driven driveOne(Shop shop, boolean fail) throws Exception {
    String url = shop.url("legacy-front") + "/hop" + (fail ? "?fail=" + FAILING_SERVICE : "");
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    String context = "GET " + url + ": " + response.body();
    assertThat(response.statusCode()).as(context).isEqualTo(200);
    JsonNode root = JSON.readTree(response.body());

    JsonNode frontend = hop(root, "frontend", context);
    JsonNode received = frontend.path("pinpoint");
    String txId = received.path("pinpoint-traceid").asText("");
    assertThat(txId).as("Pinpoint-TraceID frontend received, %s", context)
        .matches("legacy-front-\\d+\\^\\d+\\^\\d+");
    assertThat(received.path("pinpoint-pappname").asText()).as("Pinpoint-pAppName, %s", context)
        .isEqualTo("legacy-front");
    assertThat(received.path("pinpoint-papptype").asText()).as("Pinpoint-pAppType, %s", context).isEqualTo("1010");
    assertThat(frontend.path("traceparent").isNull()).as("frontend received no traceparent, %s", context).isTrue();
    assertThat(received.path("pinpoint-pappnamespace").asText()).as("Pinpoint-pAppNamespace frontend received")
        .isEqualTo(Shop.PINPOINT_NAMESPACE);

    String traceId = null;
    for (String service : List.of("inventory", "pricing", "shipping", "billing")) {
      JsonNode h = hop(root, service, context);
      int status = fail && service.equals(FAILING_SERVICE) ? 500 : 200;
      assertThat(h.path("status").asInt()).as("status of %s, %s", service, context).isEqualTo(status);
      String traceparent = h.path("traceparent").asText();
      assertThat(traceparent).as("traceparent %s received", service).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      String id = traceparent.substring(3, 35);
      traceId = traceId == null ? id : traceId;
      assertThat(id).as("trace id reaching %s, %s", service, context).isEqualTo(traceId);
      assertThat(h.path("tracestate").asText()).as("tracestate reaching %s", service).contains("pp=");
    }
    if (!fail) {
      assertThat(hop(root, "pricing", context).path("price").asInt()).as("price from SQLite, %s", context)
          .isEqualTo(1250);
    }
    for (String service : List.of("shipping", "legacy-back")) {
      assertThat(hop(hop(root, service, context), "external", context).path("status").asInt())
          .as("%s's call to the external host, %s", service, context).isEqualTo(200);
    }
    JsonNode legacyBack = hop(root, "legacy-back", context).path("pinpoint");
    assertThat(legacyBack.path("pinpoint-traceid").asText()).as("TxId legacy-back received, %s", context)
        .isEqualTo(txId);
    assertThat(legacyBack.path("pinpoint-pappname").asText()).as("Pinpoint-pAppName legacy-back received")
        .isEqualTo("frontend");
    assertThat(legacyBack.path("pinpoint-host").asText()).as("Pinpoint-Host legacy-back received")
        .isEqualTo("127.0.0.1:" + shop.port("legacy-back"));
    assertThat(legacyBack.path("pinpoint-pappnamespace").asText()).as("Pinpoint-pAppNamespace legacy-back received")
        .isEqualTo(Shop.PINPOINT_NAMESPACE);
    return new Driven(traceId, txId);
  }

  /** The answer of {@code service} anywhere under {@code answer}; fails when there is none. */
  private static JsonNode hop(JsonNode answer, String service, String context) {
    JsonNode found = findHop(answer, service);
    assertThat(found).as("the hop of %s in %s", service, context).isNotNull();
    return found;
  }

  private static @Nullable JsonNode findHop(JsonNode answer, String service) {
    if (service.equals(answer.path("service").asText())) {
      return answer;
    }
    for (JsonNode next : answer.path("downstream")) {
      JsonNode found = findHop(next, service);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * Polls the map and {@code /metrics} until the map is exactly {@code expected} and nothing is pending
   * (pairs waiting, requests queued or in flight) on two polls in a row, one flush interval apart — a flush
   * that was running at the first poll has written by the second. Returns null then, or on the deadline the
   * failure: the differences and the last map seen.
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
   * The trace, looked up by its trace id and by the TxId {@code legacy-front} started, is one call tree across
   * the five OTLP services: one SERVER span each; {@code frontend}'s the child of the Pinpoint caller's span
   * (not in Pinscope), its call-tree row right under the row of that caller; every other one the
   * child of a CLIENT span of its caller, itself under that caller's SERVER span; complete, no orphan row.
   */
  private static void assertOneCallTree(PinscopeProcess pinscope, Driven driven) throws Exception {
    JsonNode trace = pinscope.getJson("/api/v1/traces/" + driven.traceId());
    String context = "trace " + driven.traceId() + ": " + trace;
    assertThat(trace.path("transactionId").asText()).as("TxId of " + context).isEqualTo(driven.txId());
    JsonNode byTxId = pinscope.getJson("/api/v1/traces/" + URLEncoder.encode(driven.txId(), StandardCharsets.UTF_8));
    assertThat(byTxId.path("traceId").asText()).as("the trace found by TxId %s", driven.txId())
        .isEqualTo(driven.traceId());

    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode span : trace.path("spans")) {
      byId.put(span.path("spanId").asText(), span);
    }
    Set<String> applications = new LinkedHashSet<>();
    byId.values().forEach(s -> applications.add(s.path("application").asText()));
    assertThat(applications).as(context).containsExactlyInAnyOrderElementsOf(OTLP_SERVICES);
    assertThat(trace.path("complete").asBoolean(false)).as("complete, " + context).isTrue();

    Map<String, JsonNode> servers = new HashMap<>();
    for (String service : OTLP_SERVICES) {
      List<JsonNode> found = byId.values().stream()
          .filter(s -> s.path("application").asText().equals(service) && s.path("kind").asText().equals("SERVER"))
          .toList();
      assertThat(found).as("SERVER spans of %s in %s", service, context).hasSize(1);
      servers.put(service, found.get(0));
    }
    JsonNode frontend = servers.get("frontend");
    assertThat(frontend.path("parentSpanId").asText("")).as("frontend's parent, the Pinpoint caller's span")
        .isNotEmpty();
    assertThat(byId).as("the Pinpoint caller's span is not in Pinscope").doesNotContainKey(
        frontend.path("parentSpanId").asText());
    for (String service : OTLP_SERVICES) {
      if (service.equals("frontend")) {
        continue;
      }
      String caller = CALLER_OF.get(service);
      @Nullable JsonNode parent = byId.get(servers.get(service).path("parentSpanId").asText(""));
      assertThat(parent).as("parent of %s's SERVER span in %s", service, context).isNotNull();
      assertThat(parent.path("kind").asText()).as("kind of the parent of %s's SERVER span", service)
          .isEqualTo("CLIENT");
      assertThat(parent.path("application").asText()).as("caller of %s", service).isEqualTo(caller);
      assertThat(descendsFrom(parent, servers.get(caller), byId)).as("%s's CLIENT span under its SERVER span, %s",
          caller, context).isTrue();
    }

    JsonNode callTree = trace.path("callTree");
    assertThat(callTree.size()).as("call tree rows, " + context).isGreaterThanOrEqualTo(byId.size());
    for (JsonNode row : callTree) {
      assertThat(row.path("orphan").asBoolean(false)).as("orphan row %s in %s", row, context).isFalse();
    }
    JsonNode caller = callTree.get(0);
    assertThat(caller.path("application").asText()).as("first row, " + context).isEqualTo("legacy-front");
    assertThat(caller.path("caller").asBoolean()).as("the first row is the caller's, " + context).isTrue();
    JsonNode entry = callTree.get(1);
    assertThat(entry.path("application").asText() + " " + entry.path("kind").asText()).as("second row, " + context)
        .isEqualTo("frontend SERVER");
  }

  /** Each OTLP application has one scatter dot per request; pricing's failures are error dots. */
  private static void assertScatter(PinscopeProcess pinscope, long from, int failing) throws Exception {
    for (String application : OTLP_SERVICES) {
      JsonNode scatter = pinscope.getJson("/api/v1/scatter?application=" + application + "&from=" + from + "&to="
          + (System.currentTimeMillis() + 60_000) + "&limit=5000");
      int dots = 0;
      int errors = 0;
      for (JsonNode dot : scatter.path("dots")) {
        dots++;
        errors += dot.path("error").asBoolean() ? 1 : 0;
      }
      assertThat(dots).as("scatter dots of %s: %s", application, scatter).isEqualTo(REQUESTS);
      assertThat(errors).as("error dots of %s", application)
          .isEqualTo(application.equals(FAILING_SERVICE) ? failing : 0);
    }
  }

  /**
   * The agent list names what each real runtime reported: every OTLP application has a running agent; the
   * Java agent's version, and the SDK versions of Python, Go and the hand-made PHP exporter, as pinned.
   */
  private static void assertAgentList(PinscopeProcess pinscope, long from) throws Exception {
    Map<String, Map<String, String>> expected = Map.of(
        "frontend", Map.of("agentVersion", "2.33.1"),
        "pricing", Map.of("sdk", "1.45.1"),
        "shipping", Map.of("sdk", "1.47.0"),
        "billing", Map.of("sdk", "pinscope-shop-php-protoc"),
        "inventory", Map.of("runtime", "nodejs"));
    for (String application : OTLP_SERVICES) {
      JsonNode agents = pinscope.getJson("/api/v1/applications/" + application + "/agents?from=" + from + "&to="
          + (System.currentTimeMillis() + 60_000));
      assertThat(agents.size()).as("agents of %s: %s", application, agents).isGreaterThanOrEqualTo(1);
      for (JsonNode agent : agents) {
        assertThat(agent.path("status").asText()).as("status of %s's agent %s", application, agent)
            .isEqualTo("RUNNING");
        expected.get(application).forEach((field, text) -> assertThat(agent.path(field).asText())
            .as("%s of %s's agent: %s", field, application, agent).containsIgnoringCase(text));
      }
    }
  }

  /** {@code legacy-back}'s Pinpoint agent logged, for every request, that it continued frontend's TxId. */
  private static void assertLegacyBackContinued(Shop shop, List<Driven> driven) {
    String log = shop.process("legacy-back").log();
    for (Driven d : driven) {
      String[] parts = d.txId().split("\\^");
      String continued = "TraceID exist. continue trace. traceId:DefaultTraceId{agentId='" + parts[0]
          + "', agentStartTime=" + parts[1] + ", transactionSequence=" + parts[2] + ",";
      assertThat(log).as("legacy-back's agent log (%s) on TxId %s", shop.process("legacy-back").logFile(), d.txId())
          .contains(continued);
    }
  }

  /** The agent inspector has the stock agent's JVM series for {@code application}'s agent, within the deadline. */
  private static void awaitInspectorSeries(PinscopeProcess pinscope, long from, String application)
      throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      long to = System.currentTimeMillis() + 60_000;
      JsonNode agents = pinscope.getJson("/api/v1/applications/" + application + "/agents?from=" + from + "&to=" + to);
      for (JsonNode agent : agents) {
        JsonNode metrics = pinscope.getJson("/api/v1/agents/" + URLEncoder.encode(agent.path("agentId").asText(),
            StandardCharsets.UTF_8) + "/metrics?from=" + from + "&to=" + to);
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode series : metrics.path("series")) {
          if (series.path("points").size() > 0) {
            names.add(series.path("name").asText());
          }
        }
        last = agent.path("agentId").asText() + ": " + names;
        if (names.stream().anyMatch(n -> n.startsWith("jvm.memory.used"))
            && names.stream().anyMatch(n -> n.startsWith("jvm.thread.count"))) {
          return;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new AssertionError("no inspector series jvm.memory.used and jvm.thread.count for " + application
        + " within " + DEADLINE + "; last seen " + last);
  }

  /**
   * The agent inspector of {@code application}'s agent, read through the REST API, knows its runtime and has,
   * within the deadline, every panel of {@code positive} with a value above 0 in the series of that label
   * (empty: in any series) — a plausible reading of the real runtime's metrics.
   */
  private static void awaitPanels(PinscopeProcess pinscope, long from, String application, String runtime,
      Map<String, String> positive) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    String last = "no agent";
    while (System.nanoTime() < deadline) {
      long to = System.currentTimeMillis() + 60_000;
      for (JsonNode agent : pinscope.getJson("/api/v1/applications/" + application + "/agents?from=" + from
          + "&to=" + to)) {
        JsonNode inspector = pinscope.getJson("/api/v1/agents/" + URLEncoder.encode(agent.path("agentId").asText(),
            StandardCharsets.UTF_8) + "/inspector?from=" + from + "&to=" + to);
        last = inspector.path("runtime").asText() + " " + inspector.path("panels");
        if (runtime.equals(inspector.path("runtime").asText()) && positive.entrySet().stream()
            .allMatch(p -> hasPositive(inspector, p.getKey(), p.getValue()))) {
          System.out.printf("%s's inspector: %s%n", application, inspector.path("panels"));
          return;
        }
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new AssertionError("no " + runtime + " panels " + positive + " above 0 for " + application + " within "
        + DEADLINE + "; last seen " + last);
  }

  private static boolean hasPositive(JsonNode inspector, String panelId, String label) {
    for (JsonNode panel : inspector.path("panels")) {
      if (!panel.path("id").asText().equals(panelId)) {
        continue;
      }
      for (JsonNode series : panel.path("series")) {
        if (label.isEmpty() || series.path("label").asText().equals(label)) {
          for (JsonNode point : series.path("points")) {
            if (point.get(1).asDouble() > 0) {
              return true;
            }
          }
        }
      }
    }
    return false;
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
