package io.pinscope.receiver.benchmark;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic OTLP trace exports for the ingest benchmark: 10-span traces across 3 services, the shapes the
 * stock Java agent (stable HTTP/DB semconv) and an older-semconv SDK send: an HTTP server calling an HTTP
 * server that queries a database and produces a message, consumed by a worker that calls Redis.
 */
final class BenchmarkRequests {
  static final int SPANS_PER_TRACE = 10;
  private static final long MS = 1_000_000L;

  private final SplittableRandom random;
  private final long baseNanos;

  BenchmarkRequests(long seed, long baseNanos) {
    this.random = new SplittableRandom(seed);
    this.baseNanos = baseNanos;
  }

  /** One export of {@code spans} spans (a multiple of 10), grouped by resource as an SDK batch would be. */
  byte[] export(int spans) {
    Map<String, List<Span>> byService = new LinkedHashMap<>();
    byService.put("frontend", new ArrayList<>());
    byService.put("orders", new ArrayList<>());
    byService.put("worker", new ArrayList<>());
    for (int t = 0; t < spans / SPANS_PER_TRACE; t++) {
      trace(byService, baseNanos + random.nextLong(60_000L) * MS);
    }
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    byService.forEach((service, list) -> req.addResourceSpans(ResourceSpans.newBuilder()
        .setResource(resource(service))
        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope(service)).addAllSpans(list))
        .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")));
    return req.build().toByteArray();
  }

  private void trace(Map<String, List<Span>> out, long start) {
    ByteString traceId = bytes(16);
    // frontend (Java agent, stable semconv)
    ByteString s1 = bytes(8);
    ByteString s2 = bytes(8);
    ByteString s3 = bytes(8);
    List<Span> fe = out.get("frontend");
    fe.add(span(traceId, s1, ByteString.EMPTY, "GET /api/orders/{id}", Span.SpanKind.SPAN_KIND_SERVER, start, 40,
        false, kv("http.request.method", "GET"), kv("url.path", "/api/orders/" + random.nextInt(1000)),
        kv("url.scheme", "http"), kv("http.route", "/api/orders/{id}"), kv("http.response.status_code", 200L),
        kv("server.address", "frontend.example"), kv("server.port", 8080L), kv("client.address", "10.0.0.7"),
        kv("network.protocol.version", "1.1"), kv("network.peer.address", "10.0.0.7"),
        kv("network.peer.port", 51234L), kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)"),
        kv("thread.id", 42L), kv("thread.name", "http-nio-8080-exec-3")));
    fe.add(span(traceId, s2, s1, "OrderController.get", Span.SpanKind.SPAN_KIND_INTERNAL, start + MS, 37, false,
        kv("code.function", "get"), kv("code.namespace", "com.example.OrderController"),
        kv("thread.id", 42L), kv("thread.name", "http-nio-8080-exec-3")));
    fe.add(span(traceId, s3, s2, "GET", Span.SpanKind.SPAN_KIND_CLIENT, start + 2 * MS, 30, false,
        kv("http.request.method", "GET"), kv("url.full", "http://orders:8080/orders/" + random.nextInt(1000)),
        kv("server.address", "orders"), kv("server.port", 8080L), kv("http.response.status_code", 200L),
        kv("network.protocol.version", "1.1"), kv("thread.id", 42L), kv("thread.name", "http-nio-8080-exec-3")));
    // orders (older semconv SDK)
    ByteString o1 = bytes(8);
    List<Span> or = out.get("orders");
    boolean error = random.nextInt(50) == 0;
    or.add(span(traceId, o1, s3, "GET /orders/{id}", Span.SpanKind.SPAN_KIND_SERVER, start + 3 * MS, 26, error,
        kv("http.method", "GET"), kv("http.target", "/orders/" + random.nextInt(1000)), kv("http.scheme", "http"),
        kv("http.route", "/orders/{id}"), kv("http.status_code", error ? 500L : 200L),
        kv("net.host.name", "orders"), kv("net.host.port", 8080L), kv("http.flavor", "1.1"),
        kv("net.sock.peer.addr", "10.0.0.5"), kv("http.user_agent", "Java-http-client/17.0.9")));
    or.add(span(traceId, bytes(8), o1, "SELECT orders.order", Span.SpanKind.SPAN_KIND_CLIENT, start + 4 * MS, 8,
        false, kv("db.system", "postgresql"), kv("db.name", "orders"), kv("db.user", "app"),
        kv("db.statement", "select o.id, o.status, o.total from order o where o.id = ?"),
        kv("db.operation", "SELECT"), kv("db.sql.table", "order"), kv("net.peer.name", "pg"),
        kv("net.peer.port", 5432L), kv("db.connection_string", "postgresql://pg:5432")));
    or.add(span(traceId, bytes(8), o1, "SELECT orders.line", Span.SpanKind.SPAN_KIND_CLIENT, start + 13 * MS, 6,
        false, kv("db.system", "postgresql"), kv("db.name", "orders"), kv("db.user", "app"),
        kv("db.statement", "select l.sku, l.qty from line l where l.order_id = ?"),
        kv("db.operation", "SELECT"), kv("db.sql.table", "line"), kv("net.peer.name", "pg"),
        kv("net.peer.port", 5432L)));
    ByteString producer = bytes(8);
    or.add(span(traceId, producer, o1, "order-events publish", Span.SpanKind.SPAN_KIND_PRODUCER, start + 20 * MS, 3,
        false, kv("messaging.system", "kafka"), kv("messaging.destination.name", "order-events"),
        kv("messaging.operation", "publish"), kv("messaging.kafka.partition", 3L),
        kv("messaging.message.id", Long.toHexString(random.nextLong()))));
    // worker (stable semconv, Python-like)
    ByteString w1 = bytes(8);
    ByteString w2 = bytes(8);
    List<Span> wk = out.get("worker");
    wk.add(span(traceId, w1, producer, "order-events process", Span.SpanKind.SPAN_KIND_CONSUMER, start + 25 * MS,
        12, false, kv("messaging.system", "kafka"), kv("messaging.destination.name", "order-events"),
        kv("messaging.operation.type", "process"), kv("messaging.kafka.message.offset", random.nextLong(1 << 30)),
        kv("messaging.consumer.group.name", "billing")));
    wk.add(span(traceId, w2, w1, "bill_order", Span.SpanKind.SPAN_KIND_INTERNAL, start + 26 * MS, 10, false,
        kv("code.function.name", "bill_order"), kv("code.file.path", "/app/worker/billing.py"),
        kv("code.line.number", 88L)));
    wk.add(span(traceId, bytes(8), w2, "GET", Span.SpanKind.SPAN_KIND_CLIENT, start + 27 * MS, 1, false,
        kv("db.system.name", "redis"), kv("db.operation.name", "GET"), kv("db.query.text", "GET order:*"),
        kv("server.address", "redis"), kv("server.port", 6379L), kv("db.namespace", "0")));
  }

  private static Span span(ByteString traceId, ByteString spanId, ByteString parent, String name,
      Span.SpanKind kind, long start, long durationMs, boolean error, KeyValue... attributes) {
    Span.Builder b = Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setParentSpanId(parent)
        .setName(name).setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(start + durationMs * MS)
        .setFlags(parent.isEmpty() || kind == Span.SpanKind.SPAN_KIND_SERVER
            || kind == Span.SpanKind.SPAN_KIND_CONSUMER ? 0x301 : 0x101)
        .addAllAttributes(List.of(attributes));
    if (error) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("Internal Server Error"));
      b.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(start + MS)
          .addAttributes(kv("exception.type", "java.lang.IllegalStateException"))
          .addAttributes(kv("exception.message", "order locked"))
          .addAttributes(kv("exception.stacktrace", "java.lang.IllegalStateException: order locked\n\tat "
              + "com.example.Orders.get(Orders.java:42)\n\tat "
              + "com.example.OrderController.get(OrderController.java:17)")));
    }
    return b.build();
  }

  private static Resource resource(String service) {
    Resource.Builder r = Resource.newBuilder()
        .addAttributes(kv("service.name", service))
        .addAttributes(kv("service.instance.id", service + "-7f9c6d5b8-x2kq" + service.length()))
        .addAttributes(kv("service.version", "1.4.2"))
        .addAttributes(kv("deployment.environment.name", "production"))
        .addAttributes(kv("host.name", service + "-node-1"))
        .addAttributes(kv("host.arch", "amd64"))
        .addAttributes(kv("os.type", "linux"))
        .addAttributes(kv("os.description", "Linux 6.1.0-18-amd64"))
        .addAttributes(kv("process.pid", 4242L))
        .addAttributes(kv("container.id", "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f"));
    if (service.equals("worker")) {
      r.addAttributes(kv("telemetry.sdk.language", "python")).addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
          .addAttributes(kv("telemetry.sdk.version", "1.27.0"))
          .addAttributes(kv("process.runtime.name", "cpython")).addAttributes(kv("process.runtime.version", "3.12.4"));
    } else {
      r.addAttributes(kv("telemetry.sdk.language", "java")).addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
          .addAttributes(kv("telemetry.sdk.version", "1.42.1"))
          .addAttributes(kv("telemetry.distro.name", "opentelemetry-java-instrumentation"))
          .addAttributes(kv("telemetry.distro.version", "2.8.0"))
          .addAttributes(kv("process.runtime.name", "OpenJDK Runtime Environment"))
          .addAttributes(kv("process.runtime.version", "17.0.12+7"))
          .addAttributes(kv("process.executable.path", "/opt/java/openjdk/bin/java"))
          .addAttributes(KeyValue.newBuilder().setKey("process.command_args").setValue(AnyValue.newBuilder()
              .setArrayValue(ArrayValue.newBuilder()
                  .addValues(AnyValue.newBuilder().setStringValue("/opt/java/openjdk/bin/java"))
                  .addValues(AnyValue.newBuilder().setStringValue("-javaagent:/otel/opentelemetry-javaagent.jar"))
                  .addValues(AnyValue.newBuilder().setStringValue("-jar"))
                  .addValues(AnyValue.newBuilder().setStringValue("/app/app.jar")))));
    }
    return r.build();
  }

  private static InstrumentationScope scope(String service) {
    return switch (service) {
      case "frontend" -> InstrumentationScope.newBuilder().setName("io.opentelemetry.tomcat-10.0")
          .setVersion("2.8.0-alpha").build();
      case "orders" -> InstrumentationScope.newBuilder().setName("io.opentelemetry.jdbc")
          .setVersion("2.8.0-alpha").build();
      default -> InstrumentationScope.newBuilder().setName("opentelemetry.instrumentation.kafka")
          .setVersion("0.48b0").build();
    };
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    b[0] |= 1; // never all zero
    return ByteString.copyFrom(b);
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static KeyValue kv(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }
}
