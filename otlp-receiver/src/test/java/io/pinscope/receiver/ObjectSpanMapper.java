package io.pinscope.receiver;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.receiver.mapping.ProtoAttributes;
import io.pinscope.receiver.mapping.ResourceIdentity;
import io.pinscope.receiver.mapping.SpanMapper.MappedSpans;
import io.pinscope.receiver.mapping.SpanMapper.ResourceBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test oracle for the streaming {@link io.pinscope.receiver.mapping.SpanMapper}: the mapping rules written
 * over protobuf-java's objects (as the receiver mapped spans before it decoded them as a stream), so that the
 * two can be compared on many requests. Not used by the receiver.
 */
final class ObjectSpanMapper {
  static MappedSpans map(ExportTraceServiceRequest request, long nowMillis) {
    List<ResourceBatch> batches = new ArrayList<>();
    Map<String, Integer> reasons = new LinkedHashMap<>();
    int count = 0;
    int rejected = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      int spansInResource = 0;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        spansInResource += ss.getSpansCount();
      }
      count += spansInResource;
      ResourceIdentity identity =
          ResourceIdentity.of(ProtoAttributes.of(rs.getResource().getAttributesList()), nowMillis);
      if (identity == null) {
        if (spansInResource > 0) {
          reasons.merge("missing service.name", spansInResource, Integer::sum);
          rejected += spansInResource;
        }
        continue;
      }
      List<StoredSpan> spans = new ArrayList<>();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        io.pinscope.model.InstrumentationScope scope = scope(ss.getScope());
        for (Span span : ss.getSpansList()) {
          String fault = fault(span);
          if (fault != null) {
            reasons.merge(fault, 1, Integer::sum);
            rejected++;
          } else {
            spans.add(toStoredSpan(span, scope, identity));
          }
        }
      }
      if (!spans.isEmpty()) {
        batches.add(new ResourceBatch(identity, spans));
      }
    }
    return new MappedSpans(batches, count, rejected, reasons);
  }

  private static String fault(Span s) {
    if (s.getTraceId().size() != TraceId.BYTES || isZero(s.getTraceId())) {
      return "invalid trace id (expected 16 bytes, not all zero)";
    }
    if (s.getSpanId().size() != 8 || isZero(s.getSpanId())) {
      return "invalid span id (expected 8 bytes, not all zero)";
    }
    if (!s.getParentSpanId().isEmpty() && s.getParentSpanId().size() != 8) {
      return "invalid parent span id (expected empty or 8 bytes)";
    }
    if (s.getEndTimeUnixNano() < s.getStartTimeUnixNano()) {
      return "end before start";
    }
    int traceFlags = s.getFlags() & 0xFF;
    if (traceFlags != 0 && (traceFlags & 0x01) == 0) {
      return "unsampled (W3C sampled flag not set)";
    }
    return null;
  }

  private static StoredSpan toStoredSpan(Span s, io.pinscope.model.InstrumentationScope scope,
      ResourceIdentity identity) {
    StoredSpan.Builder b = StoredSpan.builder()
        .traceId(TraceId.fromBytes(s.getTraceId().toByteArray()))
        .spanId(SpanIds.fromBytes(s.getSpanId().toByteArray()))
        .parentSpanId(s.getParentSpanId().isEmpty() || isZero(s.getParentSpanId())
            ? SpanIds.NONE : SpanIds.fromBytes(s.getParentSpanId().toByteArray()))
        .traceState(s.getTraceState())
        .flags(s.getFlags())
        .name(s.getName())
        .kind(SpanKind.ofNumber(s.getKindValue()))
        .startEpochNanos(s.getStartTimeUnixNano())
        .endEpochNanos(s.getEndTimeUnixNano())
        .status(StatusCode.ofNumber(s.getStatus().getCodeValue()), s.getStatus().getMessage())
        .attributes(ProtoAttributes.of(s.getAttributesList()))
        .droppedAttributesCount(s.getDroppedAttributesCount())
        .droppedEventsCount(s.getDroppedEventsCount())
        .scope(scope)
        .applicationName(identity.applicationName())
        .agentId(identity.agentId());
    for (Span.Event e : s.getEventsList()) {
      b.addEvent(new StoredSpan.Event(e.getName(), e.getTimeUnixNano(), ProtoAttributes.of(e.getAttributesList()),
          e.getDroppedAttributesCount()));
    }
    int droppedLinks = s.getDroppedLinksCount();
    for (Span.Link l : s.getLinksList()) {
      if (l.getTraceId().size() != TraceId.BYTES || l.getSpanId().size() != 8) {
        droppedLinks++;
        continue;
      }
      b.addLink(new StoredSpan.Link(TraceId.fromBytes(l.getTraceId().toByteArray()),
          SpanIds.fromBytes(l.getSpanId().toByteArray()), l.getTraceState(), l.getFlags(),
          ProtoAttributes.of(l.getAttributesList()), l.getDroppedAttributesCount()));
    }
    return b.droppedLinksCount(droppedLinks).build();
  }

  private static io.pinscope.model.InstrumentationScope scope(InstrumentationScope s) {
    if (s.getName().isEmpty() && s.getVersion().isEmpty() && s.getAttributesCount() == 0) {
      return io.pinscope.model.InstrumentationScope.empty();
    }
    return new io.pinscope.model.InstrumentationScope(s.getName(), s.getVersion(),
        ProtoAttributes.of(s.getAttributesList()));
  }

  private static boolean isZero(ByteString b) {
    for (int i = 0; i < b.size(); i++) {
      if (b.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private ObjectSpanMapper() {}
}
