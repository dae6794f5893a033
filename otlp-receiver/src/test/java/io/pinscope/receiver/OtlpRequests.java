package io.pinscope.receiver;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.model.TraceId;
import java.nio.ByteBuffer;
import java.util.List;

/** Builders of raw OTLP protobuf requests for receiver tests. */
final class OtlpRequests {
  static final long T0 = 1_700_000_000_000_000_000L;

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static Resource resource(String serviceName) {
    return Resource.newBuilder().addAttributes(attr("service.name", serviceName))
        .addAttributes(attr("service.instance.id", serviceName + "-1"))
        .addAttributes(attr("telemetry.sdk.language", "java")).build();
  }

  static ByteString id(TraceId traceId) {
    return ByteString.copyFrom(traceId.toBytes());
  }

  static ByteString id(long spanId) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(spanId).array());
  }

  /** A SERVER span, 10 ms long. */
  static Span.Builder span(TraceId traceId, long spanId, String name) {
    return Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 10_000_000L);
  }

  static ResourceSpans resourceSpans(Resource resource, List<Span> spans) {
    return ResourceSpans.newBuilder().setResource(resource)
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)).build();
  }

  static ExportTraceServiceRequest request(ResourceSpans... resourceSpans) {
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(resourceSpans)).build();
  }

  private OtlpRequests() {}
}
