package io.pinscope.compat.loadgen;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Export requests shaped like the OTel Java agent's: one resource per request (an agent of
 * {@code frontend} or {@code inventory}), spans of 5-span traces (a Tomcat SERVER span, a Spring INTERNAL
 * span, two JDBC CLIENT spans and an HTTP CLIENT span) with the agent's attribute names; about 2 % fail.
 */
final class OtlpTraffic {
  static final int SPANS_PER_TRACE = 5;

  private final SplittableRandom random;
  private final int agents;

  OtlpTraffic(long seed, int agents) {
    this.random = new SplittableRandom(seed);
    this.agents = agents;
  }

  /** One request of about {@code spans} spans (whole traces) starting around {@code nowNanos}. */
  ExportTraceServiceRequest request(int spans, long nowNanos) {
    int agent = random.nextInt(agents);
    String app = agent % 2 == 0 ? "frontend" : "inventory";
    Resource resource = Resource.newBuilder()
        .addAttributes(kv("service.name", app))
        .addAttributes(kv("service.instance.id", app + "-" + agent))
        .addAttributes(kv("host.name", "node-" + agent))
        .addAttributes(kv("telemetry.sdk.language", "java"))
        .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(kv("telemetry.sdk.version", "1.67.0"))
        .addAttributes(kv("process.runtime.name", "OpenJDK Runtime Environment")).build();
    ScopeSpans.Builder tomcat = ScopeSpans.newBuilder().setScope(scope("io.opentelemetry.tomcat-10.0"));
    ScopeSpans.Builder spring = ScopeSpans.newBuilder().setScope(scope("io.opentelemetry.spring-webmvc-6.0"));
    ScopeSpans.Builder jdbc = ScopeSpans.newBuilder().setScope(scope("io.opentelemetry.jdbc"));
    ScopeSpans.Builder http = ScopeSpans.newBuilder().setScope(scope("io.opentelemetry.java-http-client"));
    for (int t = 0; t < spans / SPANS_PER_TRACE; t++) {
      ByteString traceId = bytes(random.nextLong(), random.nextLong() | 1);
      long start = nowNanos - random.nextInt(1_000_000_000);
      long total = (5 + random.nextInt(60)) * 1_000_000L;
      boolean failed = random.nextInt(50) == 0;
      long id = random.nextLong() | 1;
      ByteString server = bytes(id);
      ByteString controller = bytes(id + 1);
      tomcat.addSpans(span(traceId, server, ByteString.EMPTY, "GET /api/orders/{id}", Span.SpanKind.SPAN_KIND_SERVER,
          start, total, failed)
          .addAttributes(kv("http.request.method", "GET")).addAttributes(kv("url.path", "/api/orders/" + random.nextInt(100_000)))
          .addAttributes(kv("http.route", "/api/orders/{id}")).addAttributes(kv("url.scheme", "http"))
          .addAttributes(intKv("http.response.status_code", failed ? 500 : 200))
          .addAttributes(kv("server.address", app + ".shop.svc")).addAttributes(intKv("server.port", 8080))
          .addAttributes(kv("client.address", "10.1.0." + random.nextInt(256)))
          .addAttributes(kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0")));
      spring.addSpans(span(traceId, controller, server, "OrderController.get", Span.SpanKind.SPAN_KIND_INTERNAL,
          start + 100_000, total - 200_000, false)
          .addAttributes(kv("code.namespace", "com.example.OrderController")).addAttributes(kv("code.function", "get")));
      for (int q = 0; q < 2; q++) {
        jdbc.addSpans(span(traceId, bytes(id + 2 + q), controller, "SELECT shop.orders", Span.SpanKind.SPAN_KIND_CLIENT,
            start + 300_000 + q * 2_000_000L, 1_000_000 + random.nextInt(3_000_000), false)
            .addAttributes(kv("db.system", "mysql")).addAttributes(kv("db.name", "shop"))
            .addAttributes(kv("db.statement", "SELECT o.id, o.status FROM orders o WHERE o.id = ?"))
            .addAttributes(kv("db.operation", "SELECT")).addAttributes(kv("server.address", "mysql.shop.svc"))
            .addAttributes(intKv("server.port", 3306)));
      }
      http.addSpans(span(traceId, bytes(id + 4), controller, "GET", Span.SpanKind.SPAN_KIND_CLIENT,
          start + 5_000_000, total / 2, false)
          .addAttributes(kv("http.request.method", "GET"))
          .addAttributes(kv("url.full", "http://pricing.shop.svc:8080/prices/" + random.nextInt(1000)))
          .addAttributes(kv("server.address", "pricing.shop.svc")).addAttributes(intKv("server.port", 8080))
          .addAttributes(intKv("http.response.status_code", 200)));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
        .addScopeSpans(tomcat).addScopeSpans(spring).addScopeSpans(jdbc).addScopeSpans(http)).build();
  }

  private static Span.Builder span(ByteString traceId, ByteString spanId, ByteString parent, String name,
      Span.SpanKind kind, long start, long duration, boolean error) {
    Span.Builder b = Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setParentSpanId(parent).setName(name)
        .setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(start + duration).setFlags(0x101);
    if (error) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return b;
  }

  private static InstrumentationScope scope(String name) {
    return InstrumentationScope.newBuilder().setName(name).setVersion("2.33.1-alpha").build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static KeyValue intKv(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  private static ByteString bytes(long... longs) {
    ByteBuffer b = ByteBuffer.allocate(longs.length * 8);
    for (long l : longs) {
      b.putLong(l);
    }
    return ByteString.copyFrom(b.array());
  }
}
