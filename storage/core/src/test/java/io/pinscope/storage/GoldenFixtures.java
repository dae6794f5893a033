package io.pinscope.storage;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The fixed inputs of the golden-byte tests: fixed ids and times, no randomness, a fixed clock. The
 * golden hex is derived from these values, so changing one changes the expected bytes.
 */
final class GoldenFixtures {
  static final TraceId TRACE_ID = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
  static final long SPAN_ID = 0x00f067aa0ba902b7L;
  static final long PARENT_SPAN_ID = 0x53995c3f42cd8ad8L;
  static final TraceId LINKED_TRACE_ID = TraceId.fromHex("0af7651916cd43dd8448eb211c80319c");
  static final long LINKED_SPAN_ID = 0x1122334455667788L;
  /** 2023-11-14T22:13:20.123456789Z. */
  static final long START_NANOS = 1_700_000_000_123_456_789L;
  /** 2023-11-14T22:13:20.123Z, the start in milliseconds. */
  static final long START_MILLIS = START_NANOS / 1_000_000L;
  /** The statistics slot of the start: 2023-11-14T22:13:00Z. */
  static final long SLOT_MILLIS = 1_699_999_980_000L;
  /** What every store of these tests is opened with; the memory engine reads it for TTL only. */
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  /**
   * A span with every field set: a parent, trace state (with a Pinpoint TxId), OTLP flags, CONSUMER kind,
   * ERROR status with a message, attributes of every value type (a dictionary key among them), scope
   * attributes, two events (one before the start), a link and dropped counts.
   */
  static StoredSpan everyField() {
    Attributes attributes = Attributes.builder()
        .put("http.request.method", "POST")
        .put("s", "ü")
        .put("t", true)
        .put("f", false)
        .put("l", -2L)
        .put("d", 0.5)
        .put("b", new AttributeValue.BytesValue(new byte[] {0x00, (byte) 0xFF}))
        .put("a", new AttributeValue.ArrayValue(List.of(AttributeValue.of("x"), AttributeValue.of(1L))))
        .put("m", new AttributeValue.KeyValueListValue(Attributes.of("k", "v")))
        .put("e", AttributeValue.EmptyValue.INSTANCE)
        .build();
    return StoredSpan.builder()
        .traceId(TRACE_ID).spanId(SPAN_ID).parentSpanId(PARENT_SPAN_ID)
        .traceState("pp=tx:shop-1^7,k=v")
        .flags(0x301)
        .name("POST /pay")
        .kind(SpanKind.CONSUMER)
        .startEpochNanos(START_NANOS).endEpochNanos(START_NANOS + 987_654_321L)
        .status(StatusCode.ERROR, "declined")
        .attributes(attributes).droppedAttributesCount(3)
        .addEvent(new StoredSpan.Event("exception", START_NANOS + 1_000,
            Attributes.of("exception.type", "E"), 1))
        .addEvent(StoredSpan.Event.of("early", START_NANOS - 5, Attributes.empty()))
        .droppedEventsCount(2)
        .addLink(new StoredSpan.Link(LINKED_TRACE_ID, LINKED_SPAN_ID, "k=v", 1, Attributes.of("n", 1L), 4))
        .droppedLinksCount(5)
        .scope(new InstrumentationScope("lib", "1.0", Attributes.of("sa", 1L)))
        .applicationName("shop").agentId("shop-1")
        .build();
  }

  /** A root SERVER span with nothing optional: every presence bit clear. */
  static StoredSpan minimal() {
    return StoredSpan.builder()
        .traceId(TRACE_ID).spanId(SPAN_ID)
        .name("GET /").kind(SpanKind.SERVER)
        .startEpochNanos(START_NANOS).endEpochNanos(START_NANOS + 5_000_000L)
        .applicationName("shop").agentId("shop-1")
        .build();
  }

  /** The agent registered in the table-layout tests. */
  static AgentInfo agent() {
    return new AgentInfo("shop", "shop-1", 1001, "h1", START_MILLIS - 60_000, START_MILLIS,
        START_MILLIS + 1_000, Attributes.of("service.name", "shop"));
  }

  private GoldenFixtures() {}
}
