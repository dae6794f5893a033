package io.pinscope.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.StoredLog;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real OTel Java SDK exporters (gRPC and http/protobuf, with and without gzip) send spans, metrics and
 * logs; everything is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpExportersTest {
  private ReceiverHarness harness;

  @BeforeAll
  void start() {
    harness = ReceiverHarness.memory(ReceiverHarness.config().build());
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  @ParameterizedTest(name = "{0} compression={1}")
  @CsvSource({"grpc, none", "grpc, gzip", "http/protobuf, none", "http/protobuf, gzip"})
  void sdkExporters_storeSpansMetricsAndLogs(String protocol, String compression) {
    String app = "shop-" + protocol.replace('/', '-') + "-" + compression;
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), app,
        AttributeKey.stringKey("service.instance.id"), app + "-instance")));

    SpanExporter spanExporter = protocol.equals("grpc")
        ? OtlpGrpcSpanExporter.builder().setEndpoint(harness.endpoint()).setCompression(compression).build()
        : OtlpHttpSpanExporter.builder().setEndpoint(harness.endpoint() + "/v1/traces").setCompression(compression).build();
    MetricExporter metricExporter = protocol.equals("grpc")
        ? OtlpGrpcMetricExporter.builder().setEndpoint(harness.endpoint()).setCompression(compression).build()
        : OtlpHttpMetricExporter.builder().setEndpoint(harness.endpoint() + "/v1/metrics").setCompression(compression).build();
    LogRecordExporter logExporter = protocol.equals("grpc")
        ? OtlpGrpcLogRecordExporter.builder().setEndpoint(harness.endpoint()).setCompression(compression).build()
        : OtlpHttpLogRecordExporter.builder().setEndpoint(harness.endpoint() + "/v1/logs").setCompression(compression).build();

    SdkTracerProvider tracerProvider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(spanExporter).build()).build();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder().setResource(resource)
        .registerMetricReader(PeriodicMetricReader.builder(metricExporter).setInterval(Duration.ofHours(1)).build())
        .build();
    SdkLoggerProvider loggerProvider = SdkLoggerProvider.builder().setResource(resource)
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(logExporter).build()).build();

    Tracer tracer = tracerProvider.get("test");
    LongCounter orders = meterProvider.get("test").counterBuilder("orders.placed").setUnit("{order}").build();
    Span server = tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER)
        .setAttribute("http.request.method", "GET").setAttribute("http.route", "/orders/{id}").startSpan();
    try (Scope ignored = server.makeCurrent()) {
      Span client = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
          .setAttribute("db.system", "mysql").setAttribute("db.name", "shop").startSpan();
      client.setStatus(StatusCode.ERROR, "deadlock");
      client.end();
      orders.add(3, Attributes.of(AttributeKey.stringKey("region"), "eu"));
      loggerProvider.get("test").logRecordBuilder().setSeverity(Severity.WARN).setBody("slow query")
          .setAttribute(AttributeKey.stringKey("query"), "SELECT orders").emit();
    } finally {
      server.end();
    }
    TraceId traceId = TraceId.fromHex(server.getSpanContext().getTraceId());

    assertThat(tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(meterProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(loggerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    tracerProvider.close();
    meterProvider.close();
    loggerProvider.close();

    List<StoredSpan> spans = harness.storage().traces().find(traceId).spans();
    assertThat(spans).extracting(StoredSpan::name).containsExactly("GET /orders/{id}", "SELECT orders");
    assertThat(spans).allSatisfy(s -> {
      assertThat(s.applicationName()).isEqualTo(app);
      assertThat(s.agentId()).isEqualTo(app + "-instance");
    });
    assertThat(spans.get(0).kind()).isEqualTo(io.pinscope.model.SpanKind.SERVER);
    assertThat(spans.get(0).attributes().text("http.route")).isEqualTo("/orders/{id}");
    assertThat(spans.get(1).statusMessage()).isEqualTo("deadlock");
    assertThat(spans.get(1).parentSpanId()).isEqualTo(spans.get(0).spanId());
    assertThat(harness.storage().applications().agent(app + "-instance")).isPresent()
        .get().satisfies(a -> assertThat(a.resource().text("telemetry.sdk.language")).isEqualTo("java"));

    List<MetricPoint> points = harness.storage().metrics().read(app + "-instance", 0, Long.MAX_VALUE, 100);
    // The counter's first export carries its 3 orders; closing the provider exports once more (delta 0).
    List<MetricPoint> placed = points.stream().filter(p -> p.name().equals("orders.placed")).toList();
    assertThat(placed).isNotEmpty().allSatisfy(p -> {
      assertThat(p.kind()).isEqualTo(MetricPoint.Kind.SUM);
      assertThat(p.attributes().text("region")).isEqualTo("eu");
    });
    assertThat(placed.stream().mapToDouble(p -> ((MetricValue.Scalar) p.value()).value()).sum()).isEqualTo(3.0);

    List<StoredLog> logs = harness.storage().logs().findByTrace(traceId, 10);
    assertThat(logs).singleElement().satisfies(l -> {
      assertThat(l.body().asText()).isEqualTo("slow query");
      assertThat(l.severityNumber()).isEqualTo(Severity.WARN.getSeverityNumber());
      assertThat(l.spanId()).isEqualTo(spans.get(0).spanId());
    });
  }
}
