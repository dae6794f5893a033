package io.pinscope.receiver;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Valid OTLP requests of every shape the receiver maps, for the fuzz test to mutate: traces with server,
 * client, internal and consumer spans (HTTP, database and messaging attributes, events, links, status),
 * metrics of every type (gauge, delta and cumulative sums, histograms, exponential histograms, summaries),
 * and logs (string and structured bodies, correlated or not). Values vary with the random source.
 */
final class OtlpSeeds {
  private final SplittableRandom r;
  private final long nowNanos;

  OtlpSeeds(SplittableRandom r, long nowNanos) {
    this.r = r;
    this.nowNanos = nowNanos;
  }

  static KeyValue attr(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  static KeyValue attr(String key, String value) {
    return attr(key, AnyValue.newBuilder().setStringValue(value).build());
  }

  static KeyValue attr(String key, long value) {
    return attr(key, AnyValue.newBuilder().setIntValue(value).build());
  }

  static Resource resource(String service, String instance) {
    return Resource.newBuilder().addAttributes(attr("service.name", service))
        .addAttributes(attr("service.instance.id", instance)).addAttributes(attr("host.name", "fuzz-host"))
        .addAttributes(attr("telemetry.sdk.language", "java")).build();
  }

  ByteString traceId() {
    byte[] b = new byte[16];
    r.nextBytes(b);
    b[0] |= 1; // never all zero
    return ByteString.copyFrom(b);
  }

  ByteString spanId() {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(r.nextLong() | 1L).array());
  }

  private AnyValue anyValue() {
    return switch (r.nextInt(7)) {
      case 0 -> AnyValue.newBuilder().setStringValue("v" + r.nextInt(1000)).build();
      case 1 -> AnyValue.newBuilder().setBoolValue(r.nextBoolean()).build();
      case 2 -> AnyValue.newBuilder().setIntValue(r.nextLong()).build();
      case 3 -> AnyValue.newBuilder().setDoubleValue(r.nextDouble() * 1e6).build();
      case 4 -> AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
          .addValues(AnyValue.newBuilder().setStringValue("a")).addValues(AnyValue.newBuilder().setIntValue(2)))
          .build();
      case 5 -> AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(attr("k", "v"))).build();
      default -> AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("bytes")).build();
    };
  }

  /** A trace of an entry span and one to three children, from one of a few services. */
  ExportTraceServiceRequest traces() {
    ByteString trace = traceId();
    ByteString root = spanId();
    long start = nowNanos - r.nextLong(60_000_000_000L);
    Span.Builder entry = Span.newBuilder().setTraceId(trace).setSpanId(root).setName("GET /orders/{id}")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + 1 + r.nextInt(50_000_000))
        .addAttributes(attr("http.request.method", "GET")).addAttributes(attr("url.path", "/orders/42"))
        .addAttributes(attr("http.route", "/orders/{id}")).addAttributes(attr("http.response.status_code", 200))
        .addAttributes(attr("random", anyValue()))
        .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(start + 5)
            .addAttributes(attr("exception.type", "java.lang.IllegalStateException"))
            .addAttributes(attr("exception.message", "boom")))
        .setStatus(Status.newBuilder().setCode(r.nextBoolean() ? Status.StatusCode.STATUS_CODE_ERROR
            : Status.StatusCode.STATUS_CODE_OK).setMessage("status"));
    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("fuzz").setVersion("1.0")).addSpans(entry);
    int children = 1 + r.nextInt(3);
    for (int i = 0; i < children; i++) {
      Span.Builder child = Span.newBuilder().setTraceId(trace).setSpanId(spanId()).setParentSpanId(root)
          .setStartTimeUnixNano(start + 1000).setEndTimeUnixNano(start + 2000 + r.nextInt(1_000_000));
      switch (r.nextInt(4)) {
        case 0 -> child.setName("SELECT orders").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .addAttributes(attr("db.system", "postgresql")).addAttributes(attr("db.statement", "SELECT * FROM t WHERE id = ?"))
            .addAttributes(attr("server.address", "db")).addAttributes(attr("server.port", 5432));
        case 1 -> child.setName("GET").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .addAttributes(attr("http.request.method", "GET")).addAttributes(attr("server.address", "payments"))
            .addAttributes(attr("url.full", "http://payments:8080/pay"))
            .addLinks(Span.Link.newBuilder().setTraceId(traceId()).setSpanId(spanId()));
        case 2 -> child.setName("orders publish").setKind(Span.SpanKind.SPAN_KIND_PRODUCER)
            .addAttributes(attr("messaging.system", "kafka")).addAttributes(attr("messaging.destination.name", "orders"));
        default -> child.setName("compute").setKind(Span.SpanKind.SPAN_KIND_INTERNAL);
      }
      scope.addSpans(child);
    }
    String service = "fuzz-" + pickService();
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(resource(service, service + "-1")).addScopeSpans(scope)).build();
  }

  private String pickService() {
    return new String[] {"orders", "payments", "shipping"}[r.nextInt(3)];
  }

  /** One metric of each type, or a few. */
  ExportMetricsServiceRequest metrics() {
    long t = nowNanos - r.nextLong(60_000_000_000L);
    long start = t - 10_000_000_000L;
    ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("fuzz"));
    scope.addMetrics(Metric.newBuilder().setName("jvm.memory.used").setUnit("By").setGauge(Gauge.newBuilder()
        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsInt(r.nextInt(1 << 30))
            .addAttributes(attr("jvm.memory.type", "heap")))));
    scope.addMetrics(Metric.newBuilder().setName("http.server.requests").setSum(Sum.newBuilder()
        .setAggregationTemporality(r.nextBoolean() ? AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
            : AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).setIsMonotonic(r.nextBoolean())
        .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(t)
            .setAsDouble(r.nextInt(1000)))));
    scope.addMetrics(Metric.newBuilder().setName("http.server.request.duration").setUnit("s")
        .setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(t)
                .setCount(10).setSum(1.5).addExplicitBounds(0.1).addExplicitBounds(1)
                .addBucketCounts(5).addBucketCounts(4).addBucketCounts(1).setMin(0.01).setMax(2))));
    scope.addMetrics(Metric.newBuilder().setName("rpc.duration").setExponentialHistogram(
        ExponentialHistogram.newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(t)
                .setCount(6).setSum(12).setScale(r.nextInt(-2, 8)).setZeroCount(1)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(r.nextInt(-5, 5))
                    .addBucketCounts(2).addBucketCounts(3)))));
    scope.addMetrics(Metric.newBuilder().setName("gc.pause").setSummary(Summary.newBuilder()
        .addDataPoints(SummaryDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(t).setCount(3)
            .setSum(0.3).addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5)
                .setValue(0.1)))));
    Resource resource = r.nextInt(5) == 0
        ? Resource.newBuilder().addAttributes(attr("host.name", "fuzz-collector-host")).build() // host metrics
        : resource("fuzz-" + pickService(), "fuzz-" + r.nextInt(3));
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setResource(resource).addScopeMetrics(scope)).build();
  }

  /** One to three log records, correlated with a trace or not. */
  ExportLogsServiceRequest logs() {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("fuzz"));
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      LogRecord.Builder log = LogRecord.newBuilder().setTimeUnixNano(nowNanos - r.nextLong(60_000_000_000L))
          .setSeverityNumber(io.opentelemetry.proto.logs.v1.SeverityNumber.SEVERITY_NUMBER_WARN)
          .setSeverityText("WARN").setBody(r.nextBoolean() ? AnyValue.newBuilder().setStringValue("order failed").build()
              : anyValue())
          .addAttributes(attr("code.function", "place")).addAttributes(attr("random", anyValue()));
      if (r.nextBoolean()) {
        log.setTraceId(traceId()).setSpanId(spanId());
      }
      scope.addLogRecords(log);
    }
    String service = "fuzz-" + pickService();
    return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(resource(service, service + "-1")).addScopeLogs(scope)).build();
  }
}
