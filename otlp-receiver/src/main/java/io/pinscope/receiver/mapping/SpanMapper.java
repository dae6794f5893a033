package io.pinscope.receiver.mapping;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP trace requests to {@link StoredSpan}s, grouped by resource. Spans that cannot be stored are
 * rejected one by one with a reason (never dropped silently): invalid trace id (not 16 bytes, or zero),
 * invalid span id (not 8 bytes, or zero), invalid parent span id (neither empty nor 8 bytes), end before
 * start, unsampled (W3C flags present without the sampled bit), and every span of a resource without
 * {@code service.name}. Links with malformed ids are dropped and counted in the span's dropped links.
 */
public final class SpanMapper {
  /** The spans of one resource and who sent them. */
  public record ResourceBatch(ResourceIdentity identity, List<StoredSpan> spans) {}

  /**
   * The outcome of mapping one request.
   *
   * @param batches the spans to store, one batch per resource that names an application
   * @param received the number of spans in the request
   * @param rejected the number of spans rejected, for partial_success {@code rejected_spans}
   * @param rejectedByReason the rejected spans per reason (a fixed set of reasons)
   */
  public record MappedSpans(List<ResourceBatch> batches, int received, int rejected,
      Map<String, Integer> rejectedByReason) {
    public MappedSpans {
      batches = List.copyOf(batches);
      rejectedByReason = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rejectedByReason));
    }

    /** The reasons joined by {@code "; "}, for partial_success {@code error_message}; empty when none. */
    public String errorMessage() {
      return Rejections.message(List.copyOf(rejectedByReason.keySet()));
    }
  }

  private SpanMapper() {}

  /** Maps {@code request}; {@code nowMillis} is used for agents whose start time is unknown. */
  public static MappedSpans map(ExportTraceServiceRequest request, long nowMillis) {
    List<ResourceBatch> batches = new ArrayList<>();
    Rejections rejections = new Rejections();
    int count = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      int spansInResource = 0;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        spansInResource += ss.getSpansCount();
      }
      count += spansInResource;
      ResourceIdentity identity =
          ResourceIdentity.of(ProtoAttributes.of(rs.getResource().getAttributesList()), nowMillis);
      if (identity == null) {
        rejections.add(spansInResource, "missing service.name");
        continue;
      }
      List<StoredSpan> spans = new ArrayList<>(spansInResource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        io.pinscope.model.InstrumentationScope scope = scope(ss.getScope());
        for (Span span : ss.getSpansList()) {
          String fault = fault(span);
          if (fault != null) {
            rejections.add(1, fault);
          } else {
            spans.add(toStoredSpan(span, scope, identity));
          }
        }
      }
      if (!spans.isEmpty()) {
        batches.add(new ResourceBatch(identity, spans));
      }
    }
    return new MappedSpans(batches, count, rejections.count(), rejections.counts());
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
}
