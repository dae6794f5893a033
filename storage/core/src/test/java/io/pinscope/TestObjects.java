package io.pinscope;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Shared fixtures: a fixed day, random ids (so tests never collide on a shared store) and spans that use
 * every OTel field.
 */
public final class TestObjects {
  /** Midnight UTC today, in epoch milliseconds. */
  public static final long TODAY_MILLIS =
      LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
  /** 10:00 UTC today, in epoch nanoseconds: a convenient base for span times. */
  public static final long BASE_NANOS = (TODAY_MILLIS + 10 * 3_600_000L) * 1_000_000L;

  public static TraceId randomTraceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new TraceId(r.nextLong(), r.nextLong() | 1);
  }

  public static long randomSpanId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0 || id == -1);
    return id;
  }

  /** A plain SERVER span of {@code application}, 5 ms long, starting {@code offsetMillis} after base. */
  public static StoredSpan.Builder span(TraceId traceId, String application, long offsetMillis) {
    long start = BASE_NANOS + offsetMillis * 1_000_000L;
    return StoredSpan.builder().traceId(traceId).spanId(randomSpanId()).kind(SpanKind.SERVER)
        .name("GET /api/orders/{id}").startEpochNanos(start).endEpochNanos(start + 5_000_000L)
        .applicationName(application).agentId(application + "-1")
        .scope(InstrumentationScope.of("io.opentelemetry.tomcat-10.0", "2.33.1-alpha"))
        .attributes(Attributes.of("http.request.method", "GET", "http.route", "/api/orders/{id}",
            "http.response.status_code", 200L, "server.address", "orders", "server.port", 8080L));
  }

  /** A span that sets every field the model has, with attributes of every type. */
  public static StoredSpan everyField(TraceId traceId) {
    Attributes nested = Attributes.of("inner", "value", "n", 7L);
    Attributes attributes = Attributes.builder()
        .put("string", "text ünïcode")
        .put("bool", true)
        .put("long", -1234567890123L)
        .put("double", 3.25)
        .put("bytes", new AttributeValue.BytesValue(new byte[] {0, 1, (byte) 0xFF}))
        .put("array", new AttributeValue.ArrayValue(
            List.of(AttributeValue.of("a"), AttributeValue.of(2L), AttributeValue.of(false))))
        .put("kvlist", new AttributeValue.KeyValueListValue(nested))
        .put("empty", AttributeValue.EmptyValue.INSTANCE)
        .put("http.request.method", "POST")
        .put("string", "duplicate key kept")
        .build();
    long start = BASE_NANOS + 123_456_789L;
    return StoredSpan.builder()
        .traceId(traceId).spanId(randomSpanId()).parentSpanId(randomSpanId())
        .traceState("pp=app:frontend;type:1400;tx:agent-1^1700000000000^42,vendor=x")
        .flags(0x301).name("POST /checkout").kind(SpanKind.CONSUMER)
        .startEpochNanos(start).endEpochNanos(start + 987_654_321L)
        .status(StatusCode.ERROR, "payment declined")
        .attributes(attributes).droppedAttributesCount(3)
        .addEvent(new StoredSpan.Event("exception", start + 1_000,
            Attributes.of("exception.type", "java.lang.IllegalStateException",
                "exception.message", "boom"), 1))
        .addEvent(StoredSpan.Event.of("early", start - 5, Attributes.empty()))
        .droppedEventsCount(2)
        .addLink(new StoredSpan.Link(randomTraceId(), randomSpanId(), "k=v", 1,
            Attributes.of("link.kind", "follows"), 4))
        .droppedLinksCount(5)
        .scope(new InstrumentationScope("my-scope", "1.2.3", Attributes.of("scope.attr", 1L)))
        .applicationName("checkout").agentId("checkout-7f9c")
        .build();
  }

  /** An agent of {@code application} first and last seen at {@code seenMillis}. */
  public static AgentInfo agent(String application, String agentId, long seenMillis) {
    return new AgentInfo(application, agentId, ServiceTypeRegistry.JAVA.code(), "host-" + agentId,
        seenMillis - 60_000, seenMillis, seenMillis,
        Attributes.of("service.name", application, "telemetry.sdk.language", "java"));
  }

  /** A unique application name for one test. */
  public static String uniqueName(String base) {
    return base + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }

  public static Instant instantOfMillis(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  private TestObjects() {}
}
