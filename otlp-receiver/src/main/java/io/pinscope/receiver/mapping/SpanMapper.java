package io.pinscope.receiver.mapping;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OTLP trace requests to {@link StoredSpan}s, grouped by resource, decoded straight from the protobuf bytes
 * ({@link CodedInputStream} over the body) without building protobuf-java's object graph: the ingest hot path.
 * The bytes are read as protobuf-java reads an {@code ExportTraceServiceRequest} — fields in any order, unknown
 * fields skipped, the last of a repeated scalar field kept, repeated messages merged, invalid UTF-8 in strings
 * and nesting deeper than protobuf's recursion limit refused with {@link InvalidProtocolBufferException} — so a
 * body is accepted or refused exactly as before (the request as a whole: nothing is mapped from a body that
 * fails to decode). Names are shared between spans where they repeat ({@link Utf8Texts}); resource identity
 * and scope are computed once per resource and scope.
 *
 * <p>Spans that cannot be stored are rejected one by one with a reason (never dropped silently): invalid trace
 * id (not 16 bytes, or zero), invalid span id (not 8 bytes, or zero), invalid parent span id (neither empty
 * nor 8 bytes), end before start, unsampled (W3C flags present without the sampled bit), and every span of a
 * resource without {@code service.name}. Links with malformed ids are dropped and counted in the span's
 * dropped links.
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

  /** protobuf-java's default recursion limit, which its parser enforces on every request. */
  static final int RECURSION_LIMIT = 100;

  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;
  private static final int FIXED32 = WireFormat.WIRETYPE_FIXED32;
  private static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;

  private final byte[] body;
  private final CodedInputStream in;
  private final Utf8Texts names = Utf8Texts.forThisThread();


  private SpanMapper(byte[] body) {
    this.body = body;
    this.in = CodedInputStream.newInstance(body);
  }

  /** Maps a request given as objects (OTLP/JSON, in-process senders) through its protobuf encoding. */
  public static MappedSpans map(ExportTraceServiceRequest request, long nowMillis) {
    try {
      return map(request.toByteArray(), nowMillis);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a built request always decodes", e);
    }
  }

  /**
   * Maps the protobuf bytes of an {@code ExportTraceServiceRequest}; {@code nowMillis} is used for agents
   * whose start time is unknown.
   *
   * @throws InvalidProtocolBufferException when the bytes are no valid {@code ExportTraceServiceRequest}
   */
  public static MappedSpans map(byte[] body, long nowMillis) throws InvalidProtocolBufferException {
    try {
      return new SpanMapper(body).request(nowMillis);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }

  private MappedSpans request(long nowMillis) throws IOException {
    List<ResourceBatch> batches = new ArrayList<>();
    Rejections rejections = new Rejections();
    int[] count = {0};
    fields(0, tag -> {
      if (tag != (1 << 3 | LEN)) {
        return false;
      }
      count[0] += resourceSpans(nowMillis, batches, rejections);
      return true;
    });
    in.checkLastTagWas(0);
    return new MappedSpans(batches, count[0], rejections.count(), rejections.counts());
  }

  /** One {@code ResourceSpans} (depth 1): its resource may come after its spans, so spans are built at its end. */
  private int resourceSpans(long nowMillis, List<ResourceBatch> batches, Rejections rejections)
      throws IOException {
    List<Attributes.Attribute> resource = new ArrayList<>();
    List<ScopeBatch> scopes = new ArrayList<>(1);
    message(0, tag -> {
      if (tag == (1 << 3 | LEN)) { // resource (depth 2)
        message(1, t -> t == (1 << 3 | LEN) && keyValueTo(2, resource));
      } else if (tag == (2 << 3 | LEN)) { // scope_spans (depth 2)
        ScopeFields scope = new ScopeFields();
        message(1, scope);
        scopes.add(scope.batch());
      } else {
        return false;
      }
      return true;
    });
    int count = 0;
    for (ScopeBatch scope : scopes) {
      count += scope.spans().size();
    }
    ResourceIdentity identity = ResourceIdentity.of(attributes(resource), nowMillis);
    if (identity == null) {
      rejections.add(count, "missing service.name");
      return count;
    }
    List<StoredSpan> spans = new ArrayList<>(count);
    for (ScopeBatch scope : scopes) {
      for (SpanFields span : scope.spans()) {
        String fault = span.fault(body);
        if (fault != null) {
          rejections.add(1, fault);
        } else {
          spans.add(span.toStoredSpan(body, scope.scope(), identity));
        }
      }
    }
    if (!spans.isEmpty()) {
      batches.add(new ResourceBatch(identity, spans));
    }
    return count;
  }

  private record ScopeBatch(InstrumentationScope scope, List<SpanFields> spans) {}

  /**
   * Reads one field of a message, given its tag; false when the tag is none of the message's fields (it is
   * then skipped as unknown).
   */
  @FunctionalInterface
  private interface FieldReader {
    boolean read(int tag) throws IOException;
  }

  /**
   * The one field loop: reads the fields of a message at {@code depth} up to its end (or an end-group tag,
   * which {@link #exit} then refuses), handing each to {@code reader} and skipping those it does not know.
   */
  private void fields(int depth, FieldReader reader) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (!reader.read(tag) && !skip(tag, depth)) {
        return;
      }
    }
  }

  /** A length-delimited message field of a message at {@code depth}: entered, read with {@code reader}, left. */
  private void message(int depth, FieldReader reader) throws IOException {
    int oldLimit = enter(depth);
    fields(depth + 1, reader);
    exit(oldLimit);
  }

  /** One {@code ScopeSpans} (depth 2); its scope may come after its spans. */
  private final class ScopeFields implements FieldReader {
    String name = "";
    String version = "";
    @Nullable List<Attributes.Attribute> attributes;
    final List<SpanFields> spans = new ArrayList<>();

    @Override
    public boolean read(int tag) throws IOException {
      if (tag == (1 << 3 | LEN)) { // scope (depth 3)
        message(2, this::scopeField);
      } else if (tag == (2 << 3 | LEN)) { // span (depth 3)
        SpanFields span = new SpanFields();
        spanAttributes.clear();
        message(2, span);
        span.attributes = attributes(spanAttributes);
        spans.add(span);
      } else {
        return false;
      }
      return true;
    }

    private boolean scopeField(int tag) throws IOException {
      if (tag == (1 << 3 | LEN)) {
        name = name();
      } else if (tag == (2 << 3 | LEN)) {
        version = name();
      } else if (tag == (3 << 3 | LEN)) {
        attributes = keyValue(3, attributes);
      } else {
        return false;
      }
      return true;
    }

    ScopeBatch batch() {
      InstrumentationScope scope = name.isEmpty() && version.isEmpty() && attributes == null
          ? InstrumentationScope.empty()
          : new InstrumentationScope(name, version, attributes(attributes));
      return new ScopeBatch(scope, spans);
    }
  }

  /**
   * One {@code Span} (depth 3) as decoded; its ids stay in the body (offset and length; length 0 when absent)
   * until it is built.
   */
  private final class SpanFields implements FieldReader {
    int traceIdAt;
    int traceIdLength;
    int spanIdAt;
    int spanIdLength;
    int parentAt;
    int parentLength;
    String traceState = "";
    int flags;
    String name = "";
    int kind;
    long start;
    long end;
    Attributes attributes = Attributes.empty();
    int droppedAttributes;
    @Nullable List<StoredSpan.Event> events;
    int droppedEvents;
    @Nullable List<StoredSpan.Link> links;
    int droppedLinks;
    int malformedLinks;
    int statusCode;
    String statusMessage = "";

    @Override
    public boolean read(int tag) throws IOException {
      switch (tag) {
        case 1 << 3 | LEN -> {
          traceIdAt = bytesAt();
          traceIdLength = lastLength;
        }
        case 2 << 3 | LEN -> {
          spanIdAt = bytesAt();
          spanIdLength = lastLength;
        }
        case 3 << 3 | LEN -> traceState = string();
        case 4 << 3 | LEN -> {
          parentAt = bytesAt();
          parentLength = lastLength;
        }
        case 5 << 3 | LEN -> name = name();
        case 6 << 3 | VARINT -> kind = in.readEnum();
        case 7 << 3 | FIXED64 -> start = in.readFixed64();
        case 8 << 3 | FIXED64 -> end = in.readFixed64();
        case 9 << 3 | LEN -> keyValueTo(3, spanAttributes);
        case 10 << 3 | VARINT -> droppedAttributes = in.readUInt32();
        case 11 << 3 | LEN -> {
          EventFields e = new EventFields();
          message(3, e);
          if (events == null) {
            events = new ArrayList<>(2);
          }
          events.add(e.event());
        }
        case 12 << 3 | VARINT -> droppedEvents = in.readUInt32();
        case 13 << 3 | LEN -> {
          LinkFields l = new LinkFields();
          message(3, l);
          StoredSpan.Link link = l.link();
          if (link == null) {
            malformedLinks++;
          } else {
            if (links == null) {
              links = new ArrayList<>(2);
            }
            links.add(link);
          }
        }
        case 14 << 3 | VARINT -> droppedLinks = in.readUInt32();
        // status (depth 4), merged field by field like every repeated message field
        case 15 << 3 | LEN -> message(3, this::statusField);
        case 16 << 3 | FIXED32 -> flags = in.readFixed32();
        default -> {
          return false;
        }
      }
      return true;
    }

    private boolean statusField(int tag) throws IOException {
      if (tag == (2 << 3 | LEN)) {
        statusMessage = string();
      } else if (tag == (3 << 3 | VARINT)) {
        statusCode = in.readEnum();
      } else {
        return false;
      }
      return true;
    }

    @Nullable String fault(byte[] body) {
      if (traceIdLength != TraceId.BYTES || isZero(body, traceIdAt, traceIdLength)) {
        return "invalid trace id (expected 16 bytes, not all zero)";
      }
      if (spanIdLength != 8 || isZero(body, spanIdAt, spanIdLength)) {
        return "invalid span id (expected 8 bytes, not all zero)";
      }
      if (parentLength != 0 && parentLength != 8) {
        return "invalid parent span id (expected empty or 8 bytes)";
      }
      if (end < start) {
        return "end before start";
      }
      int traceFlags = flags & 0xFF;
      if (traceFlags != 0 && (traceFlags & 0x01) == 0) {
        return "unsampled (W3C sampled flag not set)";
      }
      return null;
    }

    StoredSpan toStoredSpan(byte[] body, InstrumentationScope scope, ResourceIdentity identity) {
      long parent = parentLength == 0 || isZero(body, parentAt, parentLength)
          ? SpanIds.NONE : SpanIds.fromBytes(body, parentAt);
      return new StoredSpan(TraceId.fromBytes(body, traceIdAt), SpanIds.fromBytes(body, spanIdAt), parent,
          traceState, flags, name, SpanKind.ofNumber(kind), start, end, StatusCode.ofNumber(statusCode),
          statusMessage, attributes, droppedAttributes,
          events == null ? List.of() : events, droppedEvents, links == null ? List.of() : links,
          droppedLinks + malformedLinks, scope, identity.applicationName(), identity.agentId());
    }
  }

  /** One {@code Span.Event} (depth 4). */
  private final class EventFields implements FieldReader {
    String name = "";
    long time;
    @Nullable List<Attributes.Attribute> attributes;
    int dropped;

    @Override
    public boolean read(int tag) throws IOException {
      if (tag == (1 << 3 | FIXED64)) {
        time = in.readFixed64();
      } else if (tag == (2 << 3 | LEN)) {
        name = name();
      } else if (tag == (3 << 3 | LEN)) {
        attributes = keyValue(4, attributes);
      } else if (tag == (4 << 3 | VARINT)) {
        dropped = in.readUInt32();
      } else {
        return false;
      }
      return true;
    }

    StoredSpan.Event event() {
      return new StoredSpan.Event(name, time, attributes(attributes),
          dropped);
    }
  }

  /** One {@code Span.Link} (depth 4). */
  private final class LinkFields implements FieldReader {
    int traceIdAt;
    int traceIdLength;
    int spanIdAt;
    int spanIdLength;
    String traceState = "";
    int flags;
    @Nullable List<Attributes.Attribute> attributes;
    int dropped;

    @Override
    public boolean read(int tag) throws IOException {
      if (tag == (1 << 3 | LEN)) {
        traceIdAt = bytesAt();
        traceIdLength = lastLength;
      } else if (tag == (2 << 3 | LEN)) {
        spanIdAt = bytesAt();
        spanIdLength = lastLength;
      } else if (tag == (3 << 3 | LEN)) {
        traceState = string();
      } else if (tag == (4 << 3 | LEN)) {
        attributes = keyValue(4, attributes);
      } else if (tag == (5 << 3 | VARINT)) {
        dropped = in.readUInt32();
      } else if (tag == (6 << 3 | FIXED32)) {
        flags = in.readFixed32();
      } else {
        return false;
      }
      return true;
    }

    /** The link; null when its ids are malformed (the span counts it as dropped). */
    StoredSpan.@Nullable Link link() {
      if (traceIdLength != TraceId.BYTES || spanIdLength != 8) {
        return null;
      }
      return new StoredSpan.Link(TraceId.fromBytes(body, traceIdAt), SpanIds.fromBytes(body, spanIdAt),
          traceState, flags, attributes(attributes), dropped);
    }
  }

  /** A {@code KeyValue} field of a message at {@code depth}, appended to {@code out} (a new list when null). */
  private List<Attributes.Attribute> keyValue(int depth, @Nullable List<Attributes.Attribute> out)
      throws IOException {
    List<Attributes.Attribute> list = out == null ? new ArrayList<>() : out;
    keyValueTo(depth, list);
    return list;
  }

  /** A {@code KeyValue} field of a message at {@code depth}, appended to {@code out}; always true. */
  private boolean keyValueTo(int depth, List<Attributes.Attribute> out) throws IOException {
    if (depth + 1 < RECURSION_LIMIT && scalarKeyValue(out)) {
      return true;
    }
    KeyValueFields kv = keyValueFields(depth);
    message(depth, kv);
    out.add(new Attributes.Attribute(kv.key, kv.value == null ? AttributeValue.EmptyValue.INSTANCE : kv.value));
    return true;
  }

  /**
   * Reads the {@code KeyValue} at the stream's position straight from the body when it has the shape nearly all
   * attributes have — its key, then a value of one string, bool, int or double field, nothing else — and appends
   * it to {@code out}. Any other shape (unknown or repeated fields, other orders, arrays, lists, bytes,
   * anything malformed) is left unread (false) for the field loop, which reads every shape and refuses what
   * protobuf-java refuses; the shapes read here are read to the same values, without a nested message's limits
   * and per-field reader calls (most of the mapping's cost per attribute).
   */
  private boolean scalarKeyValue(List<Attributes.Attribute> out) throws IOException {
    int start = in.getTotalBytesRead();
    int untilLimit = in.getBytesUntilLimit();
    int limit = untilLimit < 0 ? body.length : start + untilLimit;
    int p = varint(start, limit);
    if (p < 0 || scratch > limit - p) {
      return false;
    }
    int end = p + (int) scratch;
    // key: field 1, length-delimited
    if (p >= end || body[p] != (1 << 3 | LEN) || (p = varint(p + 1, end)) < 0 || scratch > end - p) {
      return false;
    }
    int keyAt = p;
    int keyLength = (int) scratch;
    p += keyLength;
    // value: field 2, an AnyValue that fills the rest of the KeyValue
    if (p >= end || body[p] != (2 << 3 | LEN) || (p = varint(p + 1, end)) < 0 || scratch != end - p || p >= end) {
      return false;
    }
    int tag = body[p];
    int valueAt = p + 1;
    int valueLength = 0;
    switch (tag) {
      case 1 << 3 | LEN -> {
        if ((valueAt = varint(valueAt, end)) < 0 || scratch != end - valueAt) {
          return false;
        }
        valueLength = (int) scratch;
      }
      case 2 << 3 | VARINT, 3 << 3 | VARINT -> {
        if (varint(valueAt, end) != end) {
          return false;
        }
      }
      case 4 << 3 | FIXED64 -> {
        if (end - valueAt != Long.BYTES) {
          return false;
        }
      }
      default -> {
        return false;
      }
    }
    String key = names.name(body, keyAt, keyLength);
    AttributeValue value = switch (tag) {
      case 1 << 3 | LEN -> AttributeValue.of(Utf8Texts.decode(body, valueAt, valueLength));
      case 2 << 3 | VARINT -> AttributeValue.of(scratch != 0);
      case 3 << 3 | VARINT -> AttributeValue.of(scratch);
      default -> AttributeValue.of(Double.longBitsToDouble(littleEndianLong(valueAt)));
    };
    in.skipRawBytes(end - start);
    out.add(new Attributes.Attribute(key, value));
    return true;
  }

  /** The value of the last {@link #varint} read. */
  private long scratch;

  /**
   * Reads the varint at {@code p} of the body, ending before {@code end}, into {@link #scratch}; returns the
   * position after it, or -1 when it does not end there or is longer than 10 bytes.
   */
  private int varint(int p, int end) {
    long v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
      byte b = body[p++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        scratch = v;
        return p;
      }
    }
    return -1;
  }

  private long littleEndianLong(int p) {
    long v = 0;
    for (int i = Long.BYTES - 1; i >= 0; i--) {
      v = v << 8 | (body[p + i] & 0xFF);
    }
    return v;
  }

  /*
   * The KeyValue and AnyValue readers, one per depth, reused (a per-attribute pair of readers would be most of
   * the mapping's garbage): messages only nest deeper, so a depth's reader is free again once its message is read.
   */
  private final KeyValueFields[] keyValueReaders = new KeyValueFields[RECURSION_LIMIT + 3];
  private final AnyValueFields[] anyValueReaders = new AnyValueFields[RECURSION_LIMIT + 3];

  private KeyValueFields keyValueFields(int depth) {
    KeyValueFields kv = keyValueReaders[depth];
    if (kv == null) {
      kv = new KeyValueFields(depth);
      keyValueReaders[depth] = kv;
    }
    kv.key = "";
    kv.value = null;
    return kv;
  }

  private AnyValueFields anyValueFields(int depth, @Nullable AttributeValue prior) {
    AnyValueFields any = anyValueReaders[depth];
    if (any == null) {
      any = new AnyValueFields(depth);
      anyValueReaders[depth] = any;
    }
    any.value = prior;
    return any;
  }

  /** One {@code KeyValue} (at {@code depth} + 1). */
  private final class KeyValueFields implements FieldReader {
    final int depth;
    String key = "";
    @Nullable AttributeValue value;

    KeyValueFields(int depth) {
      this.depth = depth;
    }

    @Override
    public boolean read(int tag) throws IOException {
      if (tag == (1 << 3 | LEN)) {
        key = name();
      } else if (tag == (2 << 3 | LEN)) {
        AnyValueFields any = anyValueFields(depth + 2, value);
        message(depth + 1, any);
        value = any.value;
      } else {
        return false;
      }
      return true;
    }
  }

  /**
   * An {@code AnyValue} at {@code depth}, merged into the value of an earlier occurrence of the same field (or
   * null) as protobuf merges: a oneof case replaces another, an array or key-value list appends to one of its
   * own kind.
   */
  private final class AnyValueFields implements FieldReader {
    final int depth;
    @Nullable AttributeValue value;

    AnyValueFields(int depth) {
      this.depth = depth;
    }

    @Override
    public boolean read(int tag) throws IOException {
      switch (tag) {
        case 1 << 3 | LEN -> value = AttributeValue.of(string());
        case 2 << 3 | VARINT -> value = AttributeValue.of(in.readBool());
        case 3 << 3 | VARINT -> value = AttributeValue.of(in.readInt64());
        case 4 << 3 | FIXED64 -> value = AttributeValue.of(in.readDouble());
        case 5 << 3 | LEN -> { // array_value (depth + 1)
          List<AttributeValue> items = value instanceof AttributeValue.ArrayValue a
              ? new ArrayList<>(a.values()) : new ArrayList<>();
          message(depth, t -> {
            if (t != (1 << 3 | LEN)) {
              return false;
            }
            AnyValueFields item = anyValueFields(depth + 2, null);
            message(depth + 1, item);
            items.add(item.value == null ? AttributeValue.EmptyValue.INSTANCE : item.value);
            return true;
          });
          value = new AttributeValue.ArrayValue(items);
        }
        case 6 << 3 | LEN -> { // kvlist_value (depth + 1)
          List<Attributes.Attribute> entries = value instanceof AttributeValue.KeyValueListValue kv
              ? new ArrayList<>(kv.values().entries()) : new ArrayList<>();
          message(depth, t -> t == (1 << 3 | LEN) && keyValueTo(depth + 1, entries));
          value = new AttributeValue.KeyValueListValue(attributes(entries));
        }
        case 7 << 3 | LEN -> {
          int at = bytesAt();
          value = new AttributeValue.BytesValue(Arrays.copyOfRange(body, at, at + lastLength));
        }
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  /** The attributes of the span being decoded, a list reused from span to span (no growing it each time). */
  private final List<Attributes.Attribute> spanAttributes = new ArrayList<>();

  private static Attributes attributes(@Nullable List<Attributes.Attribute> entries) {
    return entries == null || entries.isEmpty() ? Attributes.empty() : new Attributes(entries);
  }

  /** The length of the last field read by {@link #bytesAt()}. */
  private int lastLength;

  /** Skips a length-delimited field, returning where its bytes start in the body ({@link #lastLength} long). */
  private int bytesAt() throws IOException {
    int length = in.readRawVarint32();
    int at = in.getTotalBytesRead();
    in.skipRawBytes(length); // refuses a negative or truncated length as readBytes() would
    lastLength = length;
    return at;
  }

  private String string() throws IOException {
    int at = bytesAt();
    return Utf8Texts.decode(body, at, lastLength);
  }

  private String name() throws IOException {
    int at = bytesAt();
    return names.name(body, at, lastLength);
  }

  /**
   * Enters a length-delimited message field of a message at {@code depth} (the request is at 0), as
   * {@code CodedInputStream.readMessage} does: refused past protobuf's recursion limit; returns the old limit.
   */
  private int enter(int depth) throws IOException {
    int length = in.readRawVarint32();
    if (depth >= RECURSION_LIMIT) {
      throw new InvalidProtocolBufferException("Protocol message had too many levels of nesting.  May be"
          + " malicious.  Use CodedInputStream.setRecursionLimit() to increase the depth limit.");
    }
    return in.pushLimit(length);
  }

  /** Leaves a message entered by {@link #enter}: it must have ended at its length, not at an end-group tag. */
  private void exit(int oldLimit) throws IOException {
    in.checkLastTagWas(0);
    if (in.getBytesUntilLimit() != 0) {
      throw new InvalidProtocolBufferException("While parsing a protocol message, the input ended unexpectedly"
          + " in the middle of a field.  This could mean either that the input has been truncated or that an"
          + " embedded message misreported its own length.");
    }
    in.popLimit(oldLimit);
  }

  /**
   * Skips an unknown field of a message at {@code depth}; false at an end-group tag (the message ends there,
   * which {@link #exit} then refuses). A group counts toward the recursion limit from where it is.
   */
  private boolean skip(int tag, int depth) throws IOException {
    if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_START_GROUP) {
      return in.skipField(tag);
    }
    in.setRecursionLimit(Math.max(0, RECURSION_LIMIT - depth));
    try {
      return in.skipField(tag);
    } finally {
      in.setRecursionLimit(RECURSION_LIMIT);
    }
  }

  private static boolean isZero(byte[] b, int at, int length) {
    for (int i = at, end = at + length; i < end; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
