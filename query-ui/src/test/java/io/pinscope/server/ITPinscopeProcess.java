package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.pinscope.FreePorts;
import io.pinscope.model.TraceId;
import io.pinscope.server.ServerProcess.Running;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the packaged server as a real process: after {@code kill -9} and a restart every span it acknowledged
 * is still there; the distribution runs from anywhere; SIGTERM stops it gracefully, a second SIGTERM at once.
 */
class ITPinscopeProcess {
  @TempDir
  Path dir;

  private ServerProcess servers;

  @BeforeEach
  void servers() {
    servers = new ServerProcess(dir);
  }

  @AfterEach
  void killLeftovers() throws InterruptedException {
    servers.close();
  }

  @Test
  void starts_andKeepsAcknowledgedSpansAcrossKill9() throws Exception {
    Path data = dir.resolve("data");
    int[] ports = FreePorts.of(3);

    Running first = servers.start(data, ports); // start-up time is a benchmark figure (BENCHMARKS.md), not asserted here
    assertThat(first.output()).contains("OTLP/gRPC  http://127.0.0.1:" + ports[0] + "\n",
        "OTLP/HTTP  http://127.0.0.1:" + ports[1] + "/v1/traces", "UI         http://127.0.0.1:" + ports[2] + "/\n",
        "health     http://127.0.0.1:" + ports[2] + "/health");

    List<TraceId> acknowledged = sendSpans(ports[1], 500);
    first.kill9();

    Running second = servers.start(data, ports);
    String metrics = WebClient.of("http://127.0.0.1:" + ports[2]).get("/metrics").aggregate().join().contentUtf8();
    assertThat(metrics).contains("pinscope_receiver_inflight_bytes");
    second.stop(); // SIGTERM: graceful stop closes the store
    assertThat(second.process().exitValue()).isZero();
    assertReadable(data, acknowledged);
  }

  @Test
  void distribution_runsFromAnotherDirectory_onFreePorts_andStopsGracefullyOnSigterm() throws Exception {
    Path home = unpackDistribution();
    assertThat(home.resolve("bin/pinscope")).isExecutable();
    assertThat(home.resolve("conf/pinscope.properties")).content().contains("#query-bind=0.0.0.0",
        "#shutdown-timeout-seconds=30", "#grpc-port=4317");

    Path data = dir.resolve("data");
    Path cwd = Files.createDirectories(dir.resolve("elsewhere")); // not the distribution's directory
    ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/pinscope").toString(), "--data-dir",
        data.toString(), "--bind", "127.0.0.1", "--query-bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0",
        "--query-port", "0").directory(cwd.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Running dist = servers.launch(builder);
    Process p = dist.process();
    Path log = dist.log();
    // Free ports: the banner names the ones bound.
    Matcher http = dist.awaitOutput(Pattern.compile("OTLP/HTTP  http://127\\.0\\.0\\.1:(\\d+)/v1/traces"));
    Matcher query = dist.awaitOutput(Pattern.compile("health     http://127\\.0\\.0\\.1:(\\d+)/health"));
    List<TraceId> acknowledged = sendSpans(Integer.parseInt(http.group(1)), 200);
    assertThat(WebClient.of("http://127.0.0.1:" + query.group(1)).get("/ready").aggregate().join().status().code())
        .isEqualTo(200);
    // The launch script lowers the ingest workers' OS priority (nice 10); Armeria's threads (event loops and the
    // blocking tasks that answer queries) stay at 0.
    assertThat(niceByThreadName(p.pid())).containsEntry("pinscope-ingest", Set.of(10))
        .containsEntry("armeria-common-", Set.of(0));
    // With the default 1 GiB heap the old generation has its floor (a 192 MiB minimum heap, young from 21 MiB).
    assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).split("\0"))
        .contains("-Xms192m", "-XX:NewSize=21m", "-Xmx1g");

    p.destroy(); // SIGTERM, to java itself: bin/pinscope execs it
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("stops; log:%n%s", Files.readString(log)).isTrue();
    assertThat(p.exitValue()).as("graceful stop; log:%n%s", Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("SIGTERM: stopping gracefully", "stopped in");
    assertReadable(data, acknowledged);
  }

  /** The old generation's floor (a 192 MiB minimum heap) must not stop a JVM given a smaller heap. */
  @Test
  void launcher_startsWithHeapsBelowTheOldGenerationFloor() throws Exception {
    Path home = unpackDistribution();
    for (Map<String, String> env : List.of(Map.of("PINSCOPE_HEAP", "128m"), Map.of("JAVA_OPTS", "-Xmx128m"))) {
      ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/pinscope").toString(), "--help")
          .redirectErrorStream(true);
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().putAll(env);
      Process help = builder.start();
      String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(help.exitValue()).as("%s: %s", env, out).isZero();
      assertThat(out).as("%s", env).contains("Usage:");
    }
  }

  private Path unpackDistribution() throws IOException, InterruptedException {
    Path tarball;
    try (var files = Files.list(Path.of("target"))) {
      tarball = files.filter(f -> f.getFileName().toString().matches("pinscope-.+\\.tar\\.gz")).findFirst()
          .orElseThrow(() -> new AssertionError("target/pinscope-<version>.tar.gz (run mvn package)"));
    }
    Path unpacked = Files.createDirectories(dir.resolve("opt"));
    Process tar = new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString(), "-C", unpacked.toString())
        .redirectErrorStream(true).start();
    assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    Path home;
    try (var homes = Files.list(unpacked)) {
      home = homes.findFirst().orElseThrow();
    }
    assertThat(home.getFileName().toString()).isEqualTo(tarball.getFileName().toString().replace(".tar.gz", ""));
    return home;
  }

  @Test
  void sigterm_drainsRequestsInFlight_andASecondSigtermExitsAtOnce() throws Exception {
    sigtermWithOneInFlight(600, (server, ports) -> {
      server.awaitOutput(Pattern.compile("waiting up to 600 s for 1 in flight"));
      WebClient otlp = WebClient.of("http://127.0.0.1:" + ports[1]);
      assertThat(otlp.post("/v1/traces", new byte[0]).aggregate().join().status().code()).as("refused").isEqualTo(503);
      assertThat(WebClient.of("http://127.0.0.1:" + ports[2]).get("/ready").aggregate().join().contentUtf8())
          .contains("\"reason\":\"stopping\"");
      assertThat(server.process().isAlive()).as("still draining").isTrue();

      server.process().destroy(); // a second SIGTERM
      assertThat(server.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(server.process().exitValue()).isEqualTo(1);
      assertThat(server.output()).contains("second SIGTERM: exiting without finishing the stop");
    });
  }

  @Test
  void sigterm_cutsRequestsStillInFlightAfterTheShutdownTimeout() throws Exception {
    sigtermWithOneInFlight(1, (server, ports) -> {
      assertThat(server.process().waitFor(90, TimeUnit.SECONDS)).as("log:%n%s", server.output()).isTrue();
      assertThat(server.process().exitValue()).as("log:%n%s", server.output()).isZero();
      assertThat(server.output()).contains("1 request(s) still in flight after 1 s are cut", "stopped in");
    });
  }

  /**
   * The nice values of a live process's threads by thread name (Linux's 15-character name, from
   * {@code /proc/<pid>/task/<tid>/stat}, whose 19th field is the nice value).
   */
  private static Map<String, Set<Integer>> niceByThreadName(long pid) throws IOException {
    Map<String, Set<Integer>> nice = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (NoSuchFileException ended) {
          continue; // the thread ended while listed
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields 3.. of stat
        nice.computeIfAbsent(name, k -> new TreeSet<>()).add(Integer.parseInt(after[19 - 3]));
      }
    }
    return nice;
  }

  /** What a test checks after the first SIGTERM, while the half-sent export is still open. */
  private interface AfterSigterm {
    void check(Running server, int[] ports) throws Exception;
  }

  /**
   * Starts a server with {@code --shutdown-timeout-seconds}, acknowledges 100 spans, holds one export in flight,
   * sends SIGTERM, runs {@code then}; after, every acknowledged span is readable.
   */
  private void sigtermWithOneInFlight(int shutdownTimeoutSeconds, AfterSigterm then) throws Exception {
    Path data = dir.resolve("data");
    int[] ports = FreePorts.of(3);
    Running server = servers.start(data, ports, "--shutdown-timeout-seconds", "" + shutdownTimeoutSeconds);
    List<TraceId> acknowledged = sendSpans(ports[1], 100);
    try (Socket upload = halfSentExport(ports[1])) {
      awaitInFlight(ports[2]);
      server.process().destroy(); // SIGTERM
      then.check(server, ports);
    }
    assertReadable(data, acknowledged);
  }

  /** An OTLP/HTTP export whose body is half sent: in flight until the socket closes. */
  private static Socket halfSentExport(int httpPort) throws IOException {
    Socket s = new Socket("127.0.0.1", httpPort);
    s.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf"
        + "\r\nContent-Length: 1000\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** Polls the server's /metrics until it serves one request (the half-sent export). */
  private static void awaitInFlight(int queryPort) throws InterruptedException {
    WebClient metrics = WebClient.of("http://127.0.0.1:" + queryPort);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // a deadline to poll to, not a budget
    while (!metrics.get("/metrics").aggregate().join().contentUtf8().lines()
        .anyMatch("pinscope_server_requests_in_flight 1"::equals)) {
      assertThat(System.nanoTime() < deadline).as("a request in flight before the poll deadline").isTrue();
      Thread.sleep(20);
    }
  }

  private static void assertReadable(Path data, List<TraceId> acknowledged) {
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build())) {
      long readable = acknowledged.stream().filter(t -> storage.traces().find(t).spans().size() == 1).count();
      assertThat(readable).isEqualTo(acknowledged.size());
    }
  }

  private static List<TraceId> sendSpans(int httpPort, int count) {
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + httpPort + "/v1/traces").build();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "durable"))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(100).build()).build();
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Span s = provider.get("it").spanBuilder("op").setSpanKind(SpanKind.SERVER).startSpan();
      ids.add(TraceId.fromHex(s.getSpanContext().getTraceId()));
      s.end();
    }
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as("spans acknowledged").isTrue();
    provider.close();
    return ids;
  }
}
