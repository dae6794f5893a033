package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pinscope on HBase, as deployed: an HBase mini-cluster in this JVM, two {@code collector} processes and one
 * {@code query} process of the packaged jar. Each call's client half goes to one collector and its server
 * half to the other, and the query process shows one exact server map and complete traces; a collector killed
 * with {@code kill -9} mid-load loses no acknowledged span; with the region server down the collectors answer
 * 503 and recover, without a restart, once it is back. The tests share the cluster and run in order (the
 * region-server test last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ITHBaseCluster {
  private static final Path JAR = Path.of("target", "pinscope.jar");
  private static final Duration WAIT = Duration.ofSeconds(180); // a deadline to poll to, not a budget
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HBaseTestingUtility hbase = new HBaseTestingUtility();
  private final List<Process> started = new CopyOnWriteArrayList<>();
  private Path logs;
  private Running collectorA;
  private Running collectorB;
  private Running query;

  private record Running(Process process, Path log, int grpcPort, int httpPort, int adminPort) {
    String otlp() {
      return "http://127.0.0.1:" + httpPort;
    }

    String admin() {
      return "http://127.0.0.1:" + adminPort;
    }
  }

  @BeforeAll
  void startClusterAndProcesses() throws Exception {
    assertThat(JAR).as("packaged server jar (run mvn verify)").exists();
    logs = Files.createDirectories(Path.of("target", "it-hbase-cluster"));
    Configuration c = hbase.getConfiguration();
    c.setInt("hbase.master.info.port", -1); // no web UIs: fewer threads and ports
    c.setInt("hbase.regionserver.info.port", -1);
    // The local file system, no HDFS: the WAL writer that needs none, and no hflush capability check.
    c.set("hbase.wal.provider", "filesystem");
    c.setBoolean("hbase.unsafe.stream.capability.enforce", false);
    c.setBoolean("hbase.hregion.memstore.mslab.enabled", false); // no 2 MB chunk per region
    c.setFloat("hfile.block.cache.size", 0.1f);
    hbase.startMiniZKCluster();
    hbase.startMiniHBaseCluster(StartMiniClusterOption.builder().numMasters(1).numRegionServers(1).numDataNodes(0)
        .createRootDir(true).build());
    // The first collector creates the tables; the others start on the schema check alone.
    collectorA = start("collector-a", "collector", "--create-tables");
    collectorB = start("collector-b", "collector");
    query = start("query", "query");
  }

  @AfterAll
  void stopEverything() throws Exception {
    // A failed assertion must not leave processes running past the test.
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    hbase.shutdownMiniCluster();
  }

  @Test
  @Order(0)
  void missingTables_failStartUp_namingTheFlagAndTheSchemaCommand() throws Exception {
    Path log = logs.resolve("no-tables.log");
    Process p = launch(log, FreePorts.of(3), "query", "--hbase-namespace", "not_created");
    assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exits; log:%n%s", read(log)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(read(log)).contains("pinscope: cannot start:", "namespace not_created missing", "--create-tables",
        "pinscope hbase-schema");
  }

  @Test
  @Order(1)
  void callsSplitAcrossCollectors_showAsOneExactMap_andCompleteTraces() throws Exception {
    assertThat(query.log()).content().contains("Pinscope query started", "serves     query API, UI")
        .doesNotContain("OTLP/HTTP");
    assertThat(collectorA.log()).content().contains("Pinscope collector started", "OTLP/HTTP")
        .doesNotContain("API ");
    int calls = 40;
    List<String> traceIds = new ArrayList<>();
    long start = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < calls; i++) {
      // Each call's halves on different collectors, both ways round, the server's half first every third call.
      Call call = call(traceIds, "front", "back", start + i * 10_000_000L);
      Running clientSide = i % 2 == 0 ? collectorA : collectorB;
      Running serverSide = clientSide == collectorA ? collectorB : collectorA;
      if (i % 3 == 0) {
        post(serverSide, call.server());
        post(clientSide, call.client());
      } else {
        post(clientSide, call.client());
        post(serverSide, call.server());
      }
    }

    for (Running collector : List.of(collectorA, collectorB)) {
      // Every half resolved (paired in memory, or late through its caller's stored span): the map is final
      // once the collectors flushed, so a call counted twice would show rather than arrive later.
      awaitBody(collector.admin(), "/metrics", b -> b.lines().anyMatch("pinscope_statistics_pending_pairs 0"::equals),
          collector.admin() + " with no half waiting");
    }
    long now = System.currentTimeMillis();
    String map = "/api/v1/servermap?application=front&outbound=2&from=" + (now - 3_600_000L) + "&to="
        + (now + 600_000L);
    Map<String, Long> expectedLinks = Map.of("front^USER~front^JAVA", (long) calls,
        "front^JAVA~back^JAVA", (long) calls, "back^JAVA~inventory^POSTGRESQL", (long) calls);
    JsonNode body = JSON.readTree(await(map, b -> counts(b, "links").equals(expectedLinks),
        "the server map with every call counted once: " + expectedLinks));
    assertThat(counts(body, "nodes")).containsExactlyInAnyOrderEntriesOf(Map.of("front^USER", (long) calls,
        "front^JAVA", (long) calls, "back^JAVA", (long) calls, "inventory^POSTGRESQL", (long) calls));

    for (String id : traceIds) {
      JsonNode trace = JSON.readTree(await("/api/v1/traces/" + id, b -> b.contains("\"spanCount\":4"),
          "trace " + id + " with its 4 spans"));
      assertThat(trace.get("callTree")).extracting(r -> r.get("depth").asInt()).containsExactly(0, 1, 2, 3);
    }
  }

  @Test
  @Order(2)
  void collectorKilledMidLoad_losesNoAcknowledgedSpan() throws Exception {
    try (Load load = new Load(collectorB, "durable-kill")) {
      load.awaitAcknowledged(50);
      collectorB.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(collectorB.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      load.stop();
      assertThat(load.acknowledged()).hasSizeGreaterThanOrEqualTo(50);
      assertAllReadable(load.acknowledged());
    }
  }

  @Test
  @Order(3)
  void regionServerDown_collectorsAnswer503_andRecoverWithoutRestart() throws Exception {
    try (Load load = new Load(collectorA, "durable-rs")) {
      load.awaitAcknowledged(20);
      hbase.getMiniHBaseCluster().stopRegionServer(0);
      hbase.getMiniHBaseCluster().waitOnRegionServer(0);
      load.awaitStatus(503, "a 503 while the region server is down");
      hbase.getMiniHBaseCluster().startRegionServer();
      int before = load.acknowledged().size();
      load.awaitAcknowledged(before + 20);
      assertThat(collectorA.process().isAlive()).as("the collector was not restarted").isTrue();
      load.stop();
      assertAllReadable(load.acknowledged());
    }
  }

  /** One call of {@code client} to {@code server}: the client's half and the server's half, as two requests. */
  private record Call(ExportTraceServiceRequest client, ExportTraceServiceRequest server) {}

  /**
   * {@code client}'s root SERVER span and its CLIENT span to {@code server}:8080; {@code server}'s SERVER span
   * (remote parent: that CLIENT) and its PostgreSQL CLIENT span to {@code inventory}. The trace id is added
   * to {@code ids}.
   */
  private static Call call(List<String> ids, String client, String server, long startNanos) {
    byte[] trace = BrowserFixture.newTraceId(ids);
    long id = BrowserFixture.newSpanId();
    Span root = BrowserFixture.span(trace, id, 0, "GET /buy", Span.SpanKind.SPAN_KIND_SERVER, startNanos, 40,
        false, 0x100).addAttributes(BrowserFixture.kv("http.request.method", "GET"))
        .addAttributes(BrowserFixture.kv("url.path", "/buy")).addAttributes(BrowserFixture.kv("http.route", "/buy"))
        .build();
    Span out = BrowserFixture.span(trace, id + 1, id, "GET", Span.SpanKind.SPAN_KIND_CLIENT, startNanos + 1_000_000,
        30, false, 0x100).addAttributes(BrowserFixture.kv("http.request.method", "GET"))
        .addAttributes(BrowserFixture.kv("server.address", server)).addAttributes(port(8080)).build();
    Span in = BrowserFixture.span(trace, id + 2, id + 1, "GET /stock", Span.SpanKind.SPAN_KIND_SERVER,
        startNanos + 2_000_000, 20, false, 0x300).addAttributes(BrowserFixture.kv("http.request.method", "GET"))
        .addAttributes(BrowserFixture.kv("url.path", "/stock")).addAttributes(BrowserFixture.kv("http.route", "/stock"))
        .addAttributes(BrowserFixture.kv("server.address", server)).addAttributes(port(8080)).build();
    Span db = BrowserFixture.span(trace, id + 3, id + 2, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT,
        startNanos + 3_000_000, 5, false, 0x100).addAttributes(BrowserFixture.kv("db.system", "postgresql"))
        .addAttributes(BrowserFixture.kv("db.namespace", "inventory")).build();
    return new Call(BrowserFixture.request(client, List.of(root, out)), BrowserFixture.request(server, List.of(in, db)));
  }

  private static KeyValue port(long port) {
    return KeyValue.newBuilder().setKey("server.port").setValue(AnyValue.newBuilder().setIntValue(port)).build();
  }

  private static int export(Running collector, ExportTraceServiceRequest request) {
    return WebClient.builder(collector.otlp()).responseTimeoutMillis(60_000).build().prepare().post("/v1/traces")
        .content(MediaType.create("application", "x-protobuf"), request.toByteArray()).execute().aggregate().join()
        .status().code();
  }

  private static void post(Running collector, ExportTraceServiceRequest request) {
    assertThat(export(collector, request)).as("OTLP export to %s", collector.otlp()).isEqualTo(200);
  }

  /** {@code key → totalCount} of the map's {@code nodes} or {@code links}. */
  private static Map<String, Long> counts(String mapBody, String what) {
    try {
      return counts(JSON.readTree(mapBody), what);
    } catch (IOException e) {
      return Map.of();
    }
  }

  private static Map<String, Long> counts(JsonNode map, String what) {
    Map<String, Long> counts = new TreeMap<>();
    map.path(what).forEach(n -> counts.put(n.get("key").asText(), n.get("totalCount").asLong()));
    return counts;
  }

  /** Polls the query process's {@code pathAndQuery} until its body satisfies {@code done}; returns that body. */
  private String await(String pathAndQuery, Predicate<String> done, String what) throws InterruptedException {
    return awaitBody(query.admin(), pathAndQuery, done, what);
  }

  /** Polls {@code base + pathAndQuery} until its body satisfies {@code done}; returns that body. */
  private static String awaitBody(String base, String pathAndQuery, Predicate<String> done, String what)
      throws InterruptedException {
    WebClient api = WebClient.builder(base).responseTimeoutMillis(60_000).build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      try {
        body = api.get(pathAndQuery).aggregate().join().contentUtf8();
        if (done.test(body)) {
          return body;
        }
      } catch (RuntimeException notYet) {
        body = notYet.toString(); // the region server may be coming back
      }
      Thread.sleep(250); // polling with a deadline: the collectors flush statistics on their own schedule
    }
    throw new AssertionError(what + " not there within " + WAIT + "; last answer: " + body);
  }

  private void assertAllReadable(Set<String> traceIds) throws InterruptedException {
    for (String id : traceIds) {
      await("/api/v1/traces/" + id, b -> b.contains("\"spanCount\":2"), "acknowledged trace " + id);
    }
  }

  /**
   * Sends two-span traces of {@code application} to a collector, one request at a time, from a thread of its
   * own until stopped; keeps the trace ids of the requests answered 200 and every status seen.
   */
  private final class Load implements AutoCloseable {
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Integer> statuses = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Load(Running collector, String application) {
      thread = new Thread(() -> {
        while (running.get()) {
          List<String> ids = new ArrayList<>();
          Call c = call(ids, application, application + "-db", System.currentTimeMillis() * 1_000_000L);
          int status;
          try {
            status = export(collector, c.client());
          } catch (RuntimeException refusedOrReset) {
            status = -1; // killed, or not answering: not acknowledged
          }
          statuses.add(status);
          if (status == 200) {
            acknowledged.addAll(ids);
          }
        }
      }, "it-load-" + application);
      thread.start();
    }

    Set<String> acknowledged() {
      return Set.copyOf(acknowledged);
    }

    void awaitAcknowledged(int count) throws InterruptedException {
      awaitThat(() -> acknowledged.size() >= count, count + " acknowledged requests");
    }

    void awaitStatus(int status, String what) throws InterruptedException {
      awaitThat(() -> statuses.contains(status), what + " (seen: " + statuses + ")");
    }

    private void awaitThat(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!done.getAsBoolean()) {
        assertThat(System.nanoTime() < deadline).as("%s within %s (statuses seen: %s)", what, WAIT, statuses)
            .isTrue();
        Thread.sleep(100); // polling with a deadline
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(120_000);
    }

    @Override
    public void close() {
      running.set(false); // stop() waits for the thread; here it only has to end
    }
  }

  /** Starts a process of the packaged jar in {@code role} on the mini-cluster; waits for health and banner. */
  private Running start(String name, String role, String... extra) throws Exception {
    int[] ports = FreePorts.of(3);
    Path log = logs.resolve(name + ".log");
    Process p = launch(log, ports, role, extra);
    int admin = ports[2]; // the query port: every role's /health and /metrics
    WebClient health = WebClient.builder("http://127.0.0.1:" + admin).responseTimeoutMillis(1_000).build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      assertThat(p.isAlive()).as("%s alive; log:%n%s", name, read(log)).isTrue();
      try {
        // Healthy, and start-up over: the banner is printed once start() returned.
        AggregatedHttpResponse r = health.get("/health").aggregate().join();
        if (r.status().code() == 200 && read(log).contains("/health")) {
          break;
        }
      } catch (RuntimeException notYet) {
        // Not listening yet.
      }
      assertThat(System.nanoTime() < deadline).as("%s healthy before the poll deadline; log:%n%s", name, read(log))
          .isTrue();
      Thread.sleep(100);
    }
    return new Running(p, log, ports[0], ports[1], admin);
  }

  /** A process of the packaged jar in {@code role}, on the mini-cluster, its output in {@code log}. */
  private Process launch(Path log, int[] ports, String role, String... extra) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    // No JDK 17 flags for HBase: the jar's manifest opens what the HBase client needs, as users run it.
    command.addAll(List.of("-jar", JAR.toString(), "--role", role, "--storage", "hbase",
        "--hbase-zookeeper-quorum", "127.0.0.1:" + hbase.getZkCluster().getClientPort(),
        "--hbase-salt-buckets", "2", "--bind", "127.0.0.1", "--grpc-port", Integer.toString(ports[0]),
        "--http-port", Integer.toString(ports[1]), "--query-port", Integer.toString(ports[2]),
        "--pairing-window-seconds", "1", "--late-pairing-seconds", "5", "--ingest-threads", "2"));
    command.addAll(List.of(extra));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    return p;
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
