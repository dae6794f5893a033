package io.pinscope.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.pinscope.model.TraceId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** One span exported the way applications export: the OTel SDK's OTLP exporter over gRPC or HTTP. */
final class SdkExport {
  private SdkExport() {}

  /**
   * Exports one SERVER span of {@code service} to {@code endpoint} (a base URI, as in
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT}), trusting the PEM certificate {@code trustedPem} when given.
   *
   * @return the span's trace id when the export was acknowledged, empty when it failed
   */
  static Optional<TraceId> span(String endpoint, boolean grpc, byte @Nullable [] trustedPem, String service) {
    SpanExporter exporter;
    if (grpc) {
      OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint)
          .setTimeout(Duration.ofSeconds(20)).setRetryPolicy(null);
      exporter = (trustedPem == null ? b : b.setTrustedCertificates(trustedPem)).build();
    } else {
      OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
          .setTimeout(Duration.ofSeconds(20)).setRetryPolicy(null);
      exporter = (trustedPem == null ? b : b.setTrustedCertificates(trustedPem)).build();
    }
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    try {
      Span s = provider.get("listeners-test").spanBuilder("GET /x").setSpanKind(SpanKind.SERVER).startSpan();
      TraceId id = TraceId.fromHex(s.getSpanContext().getTraceId());
      s.end();
      boolean acknowledged = provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess();
      return acknowledged ? Optional.of(id) : Optional.empty();
    } finally {
      provider.shutdown().join(30, TimeUnit.SECONDS);
    }
  }
}
