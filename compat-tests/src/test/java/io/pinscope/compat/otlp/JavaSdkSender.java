package io.pinscope.compat.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends the {@link KnownTrace} from this JVM through the OpenTelemetry Java SDK's own OTLP exporters, over
 * the wire to the server process: {@code OtlpGrpcSpanExporter} (grpc), {@code OtlpHttpSpanExporter}
 * (http/protobuf) and, for http/json, the SDK's JSON marshaler behind its HTTP exporter.
 *
 * <p>The Java SDK has no public http/json exporter (its configuration knows only grpc and http/protobuf);
 * the JSON cell builds one from {@code io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder#exportAsJson()}
 * and {@code TraceRequestMarshaler}, internal classes that may change with any SDK version. They are what
 * the SDK's own JSON exporters use, so the bytes on the wire are the SDK's.
 */
final class JavaSdkSender {
  static final List<String> PROTOCOLS = List.of("grpc", "http/protobuf", "http/json");

  private JavaSdkSender() {}

  /**
   * Sends the known trace as {@code service} with {@code protocol} and {@code compression} ("none" or
   * "gzip") to {@code endpoint} (the OTLP base URL; {@code /v1/traces} is appended for HTTP).
   */
  static Sent send(String protocol, String compression, String endpoint, String service) {
    Recording recording = exporter(protocol, compression, endpoint);
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(
            Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .addSpanProcessor(BatchSpanProcessor.builder(recording).build())
        .build();
    String traceId;
    try {
      traceId = sendKnownTrace(provider.get(KnownTrace.SCOPE, KnownTrace.SCOPE_VERSION),
          (System.currentTimeMillis() - 1000) * 1_000_000L);
    } finally {
      provider.shutdown().join(30, TimeUnit.SECONDS);
    }
    return recording.failure() == null ? Sent.ok(traceId) : Sent.failed(recording.failure());
  }

  private static Recording exporter(String protocol, String compression, String endpoint) {
    if (protocol.equals("http/json")) {
      HttpExporter json = new HttpExporterBuilder(StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER,
          endpoint + "/v1/traces").exportAsJson().setCompression(compression).build();
      return new Recording(spans -> json.export(TraceRequestMarshaler.create(spans), spans.size()), json::shutdown);
    }
    SpanExporter otlp = switch (protocol) {
      case "grpc" -> OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setCompression(compression).build();
      case "http/protobuf" ->
          OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").setCompression(compression).build();
      default -> throw new IllegalArgumentException("protocol: " + protocol + " (expected one of " + PROTOCOLS + ")");
    };
    return new Recording(otlp::export, otlp::shutdown);
  }

  /** The known trace through {@code tracer}, started at {@code t0} (epoch nanos); returns its trace id. */
  private static String sendKnownTrace(Tracer tracer, long t0) {
    Map<String, Span> spans = new HashMap<>();
    for (KnownTrace.SpanSpec spec : KnownTrace.SPANS) {
      var builder = tracer.spanBuilder(spec.name()).setSpanKind(SpanKind.valueOf(spec.kind()))
          .setStartTimestamp(t0 + spec.startMs() * 1_000_000L, TimeUnit.NANOSECONDS);
      builder = spec.parent() == null ? builder.setNoParent()
          : builder.setParent(Context.root().with(spans.get(spec.parent())));
      if (spec.name().equals(KnownTrace.ROOT)) {
        builder.setAllAttributes(attributes(KnownTrace.ROOT_ATTRIBUTES));
      }
      Span span = builder.startSpan();
      if (spec.name().equals(KnownTrace.ERROR_SPAN)) {
        span.addEvent(KnownTrace.EVENT, attributes(KnownTrace.EVENT_ATTRIBUTES),
            t0 + KnownTrace.EVENT_MS * 1_000_000L, TimeUnit.NANOSECONDS);
        span.setStatus(StatusCode.ERROR, KnownTrace.ERROR_MESSAGE);
      }
      spans.put(spec.name(), span);
    }
    for (KnownTrace.SpanSpec spec : KnownTrace.SPANS) {
      spans.get(spec.name()).end(t0 + spec.endMs() * 1_000_000L, TimeUnit.NANOSECONDS);
    }
    return spans.get(KnownTrace.ROOT).getSpanContext().getTraceId();
  }

  private static Attributes attributes(Map<String, Object> values) {
    AttributesBuilder b = Attributes.builder();
    values.forEach((key, value) -> {
      if (value instanceof String s) {
        b.put(key, s);
      } else if (value instanceof Long l) {
        b.put(key, l);
      } else if (value instanceof Double d) {
        b.put(key, d);
      } else if (value instanceof Boolean bool) {
        b.put(key, bool);
      } else if (value instanceof List<?> list) {
        b.put(AttributeKey.stringArrayKey(key), list.stream().map(String.class::cast).toList());
      } else {
        throw new IllegalArgumentException(key + ": " + value + " (expected: String, Long, Double, Boolean or "
            + "a list of strings)");
      }
    });
    return b.build();
  }

  /**
   * The exporter the batch processor calls: passes every batch to the OTLP exporter and keeps the results,
   * so a failed export is reported, not only logged.
   */
  private static final class Recording implements SpanExporter {
    private final Function<Collection<SpanData>, CompletableResultCode> export;
    private final Supplier<CompletableResultCode> shutdown;
    private final List<CompletableResultCode> results = new CopyOnWriteArrayList<>();

    Recording(Function<Collection<SpanData>, CompletableResultCode> export,
        Supplier<CompletableResultCode> shutdown) {
      this.export = export;
      this.shutdown = shutdown;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode result = export.apply(spans);
      results.add(result);
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return shutdown.get();
    }

    /** Null when every export succeeded (and there was one), else why not. */
    @Nullable String failure() {
      if (results.isEmpty()) {
        return "the exporter was never called";
      }
      for (CompletableResultCode r : results) {
        if (!r.join(15, TimeUnit.SECONDS).isSuccess()) {
          Throwable t = r.getFailureThrowable();
          return "export failed" + (t == null ? "" : ": " + t);
        }
      }
      return null;
    }
  }
}
