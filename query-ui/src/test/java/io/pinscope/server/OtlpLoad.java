package io.pinscope.server;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.MediaType;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Traffic for process tests: {@code senders} threads each export one trace per request over OTLP/HTTP
 * (protobuf), back to back, until stopped or a request fails (the server went away). A trace is an entry span
 * of {@link #APPLICATION} and its call to a PostgreSQL database. Every trace sent and every trace acknowledged
 * (HTTP 200) is recorded.
 */
final class OtlpLoad implements AutoCloseable {
  static final String APPLICATION = "durable-web";

  private final WebClient client;
  private final ExecutorService threads;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Set<TraceId> sent = ConcurrentHashMap.newKeySet();
  private final Set<TraceId> acknowledged = ConcurrentHashMap.newKeySet();

  private OtlpLoad(int httpPort, int senders) {
    this.client = WebClient.builder("http://127.0.0.1:" + httpPort).responseTimeoutMillis(30_000).build();
    this.threads = Executors.newFixedThreadPool(senders);
    for (int i = 0; i < senders; i++) {
      threads.execute(this::send);
    }
  }

  static OtlpLoad start(int httpPort, int senders) {
    return new OtlpLoad(httpPort, senders);
  }

  private void send() {
    while (running.get()) {
      List<String> ids = new ArrayList<>(1);
      byte[] trace = BrowserFixture.newTraceId(ids);
      long id = BrowserFixture.newSpanId();
      long start = System.currentTimeMillis() * 1_000_000L - 10_000_000L;
      Span root = BrowserFixture.span(trace, id, 0, "GET /cart", Span.SpanKind.SPAN_KIND_SERVER, start, 8, false,
          0x100).addAttributes(BrowserFixture.kv("http.request.method", "GET"))
          .addAttributes(BrowserFixture.kv("http.route", "/cart")).build();
      Span db = BrowserFixture.span(trace, id + 1, id, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT, start + 1_000_000,
          3, false, 0x100).addAttributes(BrowserFixture.kv("db.system", "postgresql"))
          .addAttributes(BrowserFixture.kv("db.namespace", "carts")).build();
      ExportTraceServiceRequest request = BrowserFixture.request(APPLICATION, List.of(root, db));
      TraceId traceId = TraceId.fromHex(ids.get(0));
      sent.add(traceId);
      try {
        int status = client.prepare().post("/v1/traces")
            .content(MediaType.create("application", "x-protobuf"), request.toByteArray()).execute().aggregate()
            .join().status().code();
        if (status == 200) {
          acknowledged.add(traceId);
        }
      } catch (RuntimeException serverGone) {
        return;
      }
    }
  }

  Set<TraceId> sent() {
    return Set.copyOf(sent);
  }

  Set<TraceId> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    threads.shutdown();
    threads.awaitTermination(60, TimeUnit.SECONDS);
  }
}
