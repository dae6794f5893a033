package io.pinscope.storage;

import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.util.function.LongFunction;

/**
 * The stored form of a span. The trace id and span id live in the key, so the value holds the rest:
 * a version byte, a presence bitfield (absent fields cost nothing), kind and status packed in one byte,
 * start as a varint and duration as a varint of nanoseconds, event times as deltas from the start.
 *
 * <p>Version 2 refers to the span's {@link SpanOrigin} (application, agent, scope) by its 8-byte id where
 * version 1 carries those fields inline; version 1 is still written for an origin without an id
 * ({@link SpanOrigins#NONE}) and read for data written before version 2.
 */
final class SpanCodec {
  private static final int VERSION_INLINE_ORIGIN = 1;
  private static final int VERSION = 2;
  private static final int HAS_PARENT = 1;
  private static final int HAS_TRACE_STATE = 1 << 1;
  private static final int HAS_STATUS_MESSAGE = 1 << 2;
  private static final int HAS_EVENTS = 1 << 3;
  private static final int HAS_LINKS = 1 << 4;
  private static final int HAS_DROPPED = 1 << 5;
  private static final int HAS_SCOPE_ATTRIBUTES = 1 << 6;
  private static final int HAS_FLAGS = 1 << 7;

  /** One reusable buffer per thread: encoding is on the ingest hot path. */
  private static final int MAX_KEPT_BUFFER = 1 << 20;
  private static final ThreadLocal<BinaryWriter> BUFFER = ThreadLocal.withInitial(() -> new BinaryWriter(1024));

  static byte[] encode(StoredSpan s, long originId) {
    BinaryWriter w = BUFFER.get().reset();
    encodeTo(w, s, originId);
    byte[] out = w.toByteArray();
    if (w.capacity() > MAX_KEPT_BUFFER) {
      BUFFER.remove(); // one huge span must not pin a huge buffer to the thread
    }
    return out;
  }

  /**
   * Appends the stored form of {@code s} to {@code w}: version 2 referring to origin {@code originId}, or
   * version 1 with the origin inline when that is {@link SpanOrigins#NONE}.
   */
  static void encodeTo(BinaryWriter w, StoredSpan s, long originId) {
    boolean inline = originId == SpanOrigins.NONE;
    int bits = 0;
    if (!s.isRoot()) {
      bits |= HAS_PARENT;
    }
    if (!s.traceState().isEmpty()) {
      bits |= HAS_TRACE_STATE;
    }
    if (!s.statusMessage().isEmpty()) {
      bits |= HAS_STATUS_MESSAGE;
    }
    if (!s.events().isEmpty()) {
      bits |= HAS_EVENTS;
    }
    if (!s.links().isEmpty()) {
      bits |= HAS_LINKS;
    }
    if ((s.droppedAttributesCount() | s.droppedEventsCount() | s.droppedLinksCount()) != 0) {
      bits |= HAS_DROPPED;
    }
    if (inline && !s.scope().attributes().isEmpty()) {
      bits |= HAS_SCOPE_ATTRIBUTES;
    }
    if (s.flags() != 0) {
      bits |= HAS_FLAGS;
    }
    w.writeByte(inline ? VERSION_INLINE_ORIGIN : VERSION).writeVarInt(bits);
    w.writeByte(s.kind().number() | (s.statusCode().number() << 3));
    if (!s.isRoot()) {
      w.writeLong(s.parentSpanId());
    }
    w.writeVarLong(s.startEpochNanos());
    w.writeVarLong(s.endEpochNanos() - s.startEpochNanos());
    if (s.flags() != 0) {
      w.writeVarInt(s.flags());
    }
    w.writeString(s.name());
    if (!inline) {
      w.writeLong(originId);
    } else {
      w.writeString(s.applicationName()).writeString(s.agentId());
      w.writeString(s.scope().name()).writeString(s.scope().version());
      if (!s.scope().attributes().isEmpty()) {
        AttributeCodec.write(w, s.scope().attributes());
      }
    }
    AttributeCodec.write(w, s.attributes());
    if (!s.traceState().isEmpty()) {
      w.writeString(s.traceState());
    }
    if (!s.statusMessage().isEmpty()) {
      w.writeString(s.statusMessage());
    }
    if (!s.events().isEmpty()) {
      w.writeVarInt(s.events().size());
      for (StoredSpan.Event e : s.events()) {
        w.writeString(e.name());
        w.writeSignedVarLong(e.epochNanos() - s.startEpochNanos());
        AttributeCodec.write(w, e.attributes());
        w.writeVarInt(e.droppedAttributesCount());
      }
    }
    if (!s.links().isEmpty()) {
      w.writeVarInt(s.links().size());
      for (StoredSpan.Link l : s.links()) {
        w.writeLong(l.traceId().high()).writeLong(l.traceId().low()).writeLong(l.spanId());
        w.writeString(l.traceState());
        w.writeVarInt(l.flags());
        AttributeCodec.write(w, l.attributes());
        w.writeVarInt(l.droppedAttributesCount());
      }
    }
    if ((bits & HAS_DROPPED) != 0) {
      w.writeVarInt(s.droppedAttributesCount());
      w.writeVarInt(s.droppedEventsCount());
      w.writeVarInt(s.droppedLinksCount());
    }
  }

  static StoredSpan decode(TraceId traceId, long spanId, byte[] value, LongFunction<SpanOrigin> origins) {
    return decode(traceId, spanId, value, 0, value.length, origins);
  }

  /** Decodes the stored form held in {@code value[offset, end)}; {@code origins} resolves version 2's origin id. */
  static StoredSpan decode(TraceId traceId, long spanId, byte[] value, int offset, int end,
      LongFunction<SpanOrigin> origins) {
    BinaryReader r = new BinaryReader(value, offset, end);
    int version = r.readByte();
    if (version != VERSION && version != VERSION_INLINE_ORIGIN) {
      throw new IllegalStateException("span value version " + version + " (expected: " + VERSION_INLINE_ORIGIN
          + " or " + VERSION + ")");
    }
    int bits = r.readVarInt();
    int kindStatus = r.readByte();
    StoredSpan.Builder b = StoredSpan.builder().traceId(traceId).spanId(spanId)
        .kind(SpanKind.ofNumber(kindStatus & 0x7));
    StatusCode status = StatusCode.ofNumber(kindStatus >>> 3);
    b.parentSpanId((bits & HAS_PARENT) != 0 ? r.readLong() : SpanIds.NONE);
    long start = r.readVarLong();
    b.startEpochNanos(start).endEpochNanos(start + r.readVarLong());
    if ((bits & HAS_FLAGS) != 0) {
      b.flags(r.readVarInt());
    }
    b.name(r.readString());
    if (version == VERSION) {
      SpanOrigin origin = origins.apply(r.readLong());
      b.applicationName(origin.applicationName()).agentId(origin.agentId()).scope(origin.scope());
    } else {
      b.applicationName(r.readString()).agentId(r.readString());
      String scopeName = r.readString();
      String scopeVersion = r.readString();
      Attributes scopeAttributes =
          (bits & HAS_SCOPE_ATTRIBUTES) != 0 ? AttributeCodec.read(r) : Attributes.empty();
      b.scope(new InstrumentationScope(scopeName, scopeVersion, scopeAttributes));
    }
    b.attributes(AttributeCodec.read(r));
    if ((bits & HAS_TRACE_STATE) != 0) {
      b.traceState(r.readString());
    }
    b.status(status, (bits & HAS_STATUS_MESSAGE) != 0 ? r.readString() : "");
    if ((bits & HAS_EVENTS) != 0) {
      int n = r.readVarInt();
      for (int i = 0; i < n; i++) {
        String name = r.readString();
        long time = start + r.readSignedVarLong();
        Attributes attributes = AttributeCodec.read(r);
        b.addEvent(new StoredSpan.Event(name, time, attributes, r.readVarInt()));
      }
    }
    if ((bits & HAS_LINKS) != 0) {
      int n = r.readVarInt();
      for (int i = 0; i < n; i++) {
        TraceId linked = new TraceId(r.readLong(), r.readLong());
        long linkedSpan = r.readLong();
        String state = r.readString();
        int flags = r.readVarInt();
        Attributes attributes = AttributeCodec.read(r);
        b.addLink(new StoredSpan.Link(linked, linkedSpan, state, flags, attributes, r.readVarInt()));
      }
    }
    if ((bits & HAS_DROPPED) != 0) {
      b.droppedAttributesCount(r.readVarInt()).droppedEventsCount(r.readVarInt())
          .droppedLinksCount(r.readVarInt());
    }
    return b.build();
  }

  private SpanCodec() {}
}
