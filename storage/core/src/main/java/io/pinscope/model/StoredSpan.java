package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * One OTel span as Pinscope stores it: every OTLP field is kept (ids, kind, name, times in epoch
 * nanoseconds, status, typed attributes, events, links, trace state, flags, scope and dropped counts),
 * plus a reference to the resource that sent it — its {@link #applicationName() application} and
 * {@link #agentId() agent}, whose full resource lives in {@link AgentInfo}.
 *
 * <p>Span ids are signed longs; {@link #parentSpanId()} is {@link SpanIds#NONE} (-1) for a root span.
 * {@link #flags()} are OTLP's span flags: the W3C trace flags in the low byte, bit 0x100 "parent
 * remoteness known" and bit 0x200 "parent is remote".
 */
public record StoredSpan(
    TraceId traceId,
    long spanId,
    long parentSpanId,
    String traceState,
    int flags,
    String name,
    SpanKind kind,
    long startEpochNanos,
    long endEpochNanos,
    StatusCode statusCode,
    String statusMessage,
    Attributes attributes,
    int droppedAttributesCount,
    List<Event> events,
    int droppedEventsCount,
    List<Link> links,
    int droppedLinksCount,
    InstrumentationScope scope,
    String applicationName,
    String agentId) {

  /** OTLP span-flags bit: the remoteness of the parent is known. */
  public static final int FLAG_HAS_IS_REMOTE = 0x100;

  /** OTLP span-flags bit: the parent is remote (meaningful only with {@link #FLAG_HAS_IS_REMOTE}). */
  public static final int FLAG_IS_REMOTE = 0x200;

  /** An OTel span event: a named, timestamped annotation with attributes. */
  public record Event(String name, long epochNanos, Attributes attributes, int droppedAttributesCount) {
    public Event {
      requireNonNull(name, "name");
      requireNonNull(attributes, "attributes");
    }

    /** An event with no dropped attributes. */
    public static Event of(String name, long epochNanos, Attributes attributes) {
      return new Event(name, epochNanos, attributes, 0);
    }
  }

  /** An OTel span link to another span, possibly of another trace. */
  public record Link(
      TraceId traceId,
      long spanId,
      String traceState,
      int flags,
      Attributes attributes,
      int droppedAttributesCount) {
    public Link {
      requireNonNull(traceId, "traceId");
      requireNonNull(traceState, "traceState");
      requireNonNull(attributes, "attributes");
    }
  }

  public StoredSpan {
    requireNonNull(traceId, "traceId");
    requireNonNull(traceState, "traceState");
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(statusCode, "statusCode");
    requireNonNull(statusMessage, "statusMessage");
    requireNonNull(attributes, "attributes");
    requireNonNull(scope, "scope");
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
    events = List.copyOf(events);
    links = List.copyOf(links);
  }

  /** A builder with every optional field at its OTLP default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this span's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** True when the span has no parent. */
  public boolean isRoot() {
    return parentSpanId == SpanIds.NONE;
  }

  /** True when the OTLP flags say the parent lives in another process. */
  public boolean hasRemoteParent() {
    return (flags & (FLAG_HAS_IS_REMOTE | FLAG_IS_REMOTE)) == (FLAG_HAS_IS_REMOTE | FLAG_IS_REMOTE);
  }

  /**
   * True when this span starts a Pinpoint Span: SERVER or CONSUMER kind, a remote parent, or no parent.
   */
  public boolean isEntry() {
    return kind.isEntryKind() || isRoot() || hasRemoteParent();
  }

  /** True when the status is ERROR. */
  public boolean isError() {
    return statusCode == StatusCode.ERROR;
  }

  /** End minus start in nanoseconds, never negative. */
  public long durationNanos() {
    return Math.max(0, endEpochNanos - startEpochNanos);
  }

  /** Start time in epoch milliseconds. */
  public long startEpochMillis() {
    return startEpochNanos / 1_000_000L;
  }

  /** Builds {@link StoredSpan}s; {@code traceId}, {@code spanId}, {@code name} and the times are required. */
  public static final class Builder {
    private TraceId traceId = new TraceId(0, 0);
    private long spanId;
    private long parentSpanId = SpanIds.NONE;
    private String traceState = "";
    private int flags;
    private String name = "";
    private SpanKind kind = SpanKind.INTERNAL;
    private long startEpochNanos;
    private long endEpochNanos;
    private StatusCode statusCode = StatusCode.UNSET;
    private String statusMessage = "";
    private Attributes attributes = Attributes.empty();
    private int droppedAttributesCount;
    private final List<Event> events = new ArrayList<>();
    private int droppedEventsCount;
    private final List<Link> links = new ArrayList<>();
    private int droppedLinksCount;
    private InstrumentationScope scope = InstrumentationScope.empty();
    private String applicationName = "";
    private String agentId = "";

    private Builder() {}

    private Builder(StoredSpan s) {
      traceId = s.traceId;
      spanId = s.spanId;
      parentSpanId = s.parentSpanId;
      traceState = s.traceState;
      flags = s.flags;
      name = s.name;
      kind = s.kind;
      startEpochNanos = s.startEpochNanos;
      endEpochNanos = s.endEpochNanos;
      statusCode = s.statusCode;
      statusMessage = s.statusMessage;
      attributes = s.attributes;
      droppedAttributesCount = s.droppedAttributesCount;
      events.addAll(s.events);
      droppedEventsCount = s.droppedEventsCount;
      links.addAll(s.links);
      droppedLinksCount = s.droppedLinksCount;
      scope = s.scope;
      applicationName = s.applicationName;
      agentId = s.agentId;
    }

    public Builder traceId(TraceId traceId) {
      this.traceId = requireNonNull(traceId, "traceId");
      return this;
    }

    public Builder spanId(long spanId) {
      this.spanId = spanId;
      return this;
    }

    /** {@link SpanIds#NONE} for a root span (the default). */
    public Builder parentSpanId(long parentSpanId) {
      this.parentSpanId = parentSpanId;
      return this;
    }

    public Builder traceState(String traceState) {
      this.traceState = requireNonNull(traceState, "traceState");
      return this;
    }

    public Builder flags(int flags) {
      this.flags = flags;
      return this;
    }

    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    public Builder kind(SpanKind kind) {
      this.kind = requireNonNull(kind, "kind");
      return this;
    }

    public Builder startEpochNanos(long startEpochNanos) {
      this.startEpochNanos = startEpochNanos;
      return this;
    }

    public Builder endEpochNanos(long endEpochNanos) {
      this.endEpochNanos = endEpochNanos;
      return this;
    }

    public Builder status(StatusCode code, String message) {
      this.statusCode = requireNonNull(code, "code");
      this.statusMessage = requireNonNull(message, "message");
      return this;
    }

    public Builder attributes(Attributes attributes) {
      this.attributes = requireNonNull(attributes, "attributes");
      return this;
    }

    public Builder droppedAttributesCount(int count) {
      this.droppedAttributesCount = count;
      return this;
    }

    public Builder addEvent(Event event) {
      events.add(requireNonNull(event, "event"));
      return this;
    }

    public Builder droppedEventsCount(int count) {
      this.droppedEventsCount = count;
      return this;
    }

    public Builder addLink(Link link) {
      links.add(requireNonNull(link, "link"));
      return this;
    }

    public Builder droppedLinksCount(int count) {
      this.droppedLinksCount = count;
      return this;
    }

    public Builder scope(InstrumentationScope scope) {
      this.scope = requireNonNull(scope, "scope");
      return this;
    }

    /** The application (resource) that sent the span. */
    public Builder applicationName(String applicationName) {
      this.applicationName = requireNonNull(applicationName, "applicationName");
      return this;
    }

    /** The agent (instance) that sent the span. */
    public Builder agentId(String agentId) {
      this.agentId = requireNonNull(agentId, "agentId");
      return this;
    }

    /** Validates and builds. */
    public StoredSpan build() {
      if (endEpochNanos < startEpochNanos) {
        throw new IllegalArgumentException(
            "endEpochNanos: " + endEpochNanos + " (expected: >= startEpochNanos " + startEpochNanos + ")");
      }
      return new StoredSpan(
          traceId, spanId, parentSpanId, traceState, flags, name, kind, startEpochNanos, endEpochNanos,
          statusCode, statusMessage, attributes, droppedAttributesCount, events, droppedEventsCount, links,
          droppedLinksCount, scope, applicationName, agentId);
    }
  }
}
