package io.pinscope.receiver;

import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.receiver.OtlpRequests.T0;
import static io.pinscope.receiver.OtlpRequests.attr;
import static io.pinscope.receiver.OtlpRequests.id;
import static io.pinscope.receiver.OtlpRequests.request;
import static io.pinscope.receiver.OtlpRequests.resource;
import static io.pinscope.receiver.OtlpRequests.resourceSpans;
import static io.pinscope.receiver.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.MediaType;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.pinscope.MutableClock;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.TraceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 4-tier trace (USER → web → orders → MySQL, web → an external host, orders → Kafka) sent over
 * OTLP/HTTP with the client and server halves in different requests, in either order: the stored
 * statistics count every call exactly once on the right link.
 */
class ReceiverStatisticsEndToEndTest {
  private static final int TRACES = 5;
  private static final int JAVA = ServiceTypeRegistry.JAVA.code();

  @ParameterizedTest(name = "server half first: {0}")
  @ValueSource(booleans = {true, false})
  void fourTierTrace_halvesInSeparateRequests_countedOnce(boolean serverHalfFirst) throws Exception {
    // The pairing window runs on an injected clock: the external call has no server half and is resolved
    // when the window has passed on that clock.
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    ReceiverConfig config = ReceiverHarness.config().build();
    try (ReceiverHarness harness = ReceiverHarness.memory(config, clock)) {
      List<Span> web = new ArrayList<>();
      List<Span> orders = new ArrayList<>();
      for (int i = 0; i < TRACES; i++) {
        TraceId trace = randomTraceId();
        long base = 0x1000L * (i + 1);
        boolean failed = i == 0;
        web.add(span(trace, base + 1, "GET /checkout").setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 40_000_000L)
            .build());
        web.add(span(trace, base + 2, "POST").setParentSpanId(id(base + 1)).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .addAttributes(attr("server.address", "orders")).addAttributes(intAttr("server.port", 8080))
            .setStartTimeUnixNano(T0 + 1_000_000L).setEndTimeUnixNano(T0 + 31_000_000L).build());
        web.add(span(trace, base + 3, "GET").setParentSpanId(id(base + 1)).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .addAttributes(attr("url.full", "https://api.partner.example/v1/rates"))
            .addAttributes(attr("server.address", "api.partner.example")).addAttributes(intAttr("server.port", 443))
            .build());
        orders.add(span(trace, base + 4, "POST /orders").setParentSpanId(id(base + 2)).setFlags(0x301)
            .setStartTimeUnixNano(T0 + 2_000_000L).setEndTimeUnixNano(T0 + 30_000_000L)
            .setStatus(Status.newBuilder().setCode(failed ? Status.StatusCode.STATUS_CODE_ERROR
                : Status.StatusCode.STATUS_CODE_UNSET))
            .addAttributes(attr("server.address", "orders")).addAttributes(intAttr("server.port", 8080)).build());
        orders.add(span(trace, base + 5, "INSERT orders").setParentSpanId(id(base + 4))
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT).addAttributes(attr("db.system", "mysql"))
            .addAttributes(attr("db.name", "shop")).build());
        orders.add(span(trace, base + 6, "payments publish").setParentSpanId(id(base + 4))
            .setKind(Span.SpanKind.SPAN_KIND_PRODUCER).addAttributes(attr("messaging.system", "kafka"))
            .addAttributes(attr("messaging.destination.name", "order-events")).build());
      }
      byte[] webRequest = request(resourceSpans(resource("web"), web)).toByteArray();
      byte[] ordersRequest = request(resourceSpans(resource("orders"), orders)).toByteArray();
      WebClient client = WebClient.of(harness.endpoint());
      MediaType protobuf = MediaType.create("application", "x-protobuf");
      for (byte[] body : serverHalfFirst ? List.of(ordersRequest, webRequest) : List.of(webRequest, ordersRequest)) {
        assertThat(client.prepare().post("/v1/traces").content(protobuf, body).execute().aggregate().join()
            .status().code()).isEqualTo(200);
      }
      long slot = SlotValue.slotOf(T0 / 1_000_000L);
      String external = "web(" + JAVA + ") -> api.partner.example:443("
          + ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code() + ")";
      clock.advance(config.statistics().pairingWindow());
      harness.receiver().flushStatistics();
      Map<String, Long> out = new java.util.TreeMap<>();
      for (String app : List.of("web", "orders")) {
        out.putAll(counts(harness.storage().statistics().readOutLinks(app, slot, slot + SlotValue.SLOT_MILLIS)));
      }
      assertThat(out).containsExactlyInAnyOrderEntriesOf(Map.of(
          "web(2) -> web(" + JAVA + ")", (long) TRACES,
          "web(" + JAVA + ") -> orders(" + JAVA + ")", (long) TRACES,
          external, (long) TRACES,
          "orders(" + JAVA + ") -> shop(" + ServiceTypeRegistry.MYSQL.code() + ")", (long) TRACES,
          "orders(" + JAVA + ") -> order-events(" + ServiceTypeRegistry.KAFKA.code() + ")", (long) TRACES));
      assertThat(harness.storage().statistics().readInLinks("orders", slot, slot + SlotValue.SLOT_MILLIS))
          .singleElement().satisfies(v -> assertThat(v.histogram().totalCount()).isEqualTo(TRACES));
      assertThat(harness.storage().statistics().readSelf("orders", slot, slot + SlotValue.SLOT_MILLIS))
          .singleElement().satisfies(v -> {
            assertThat(v.histogram().totalCount()).isEqualTo(TRACES);
            assertThat(v.histogram().errorCount()).isEqualTo(1);
          });
    }
  }

  private static Map<String, Long> counts(List<SlotValue<LinkKey>> links) {
    return links.stream().collect(Collectors.toMap(
        v -> v.key().callerName() + "(" + v.key().callerTypeCode() + ") -> " + v.key().calleeName() + "("
            + v.key().calleeTypeCode() + ")",
        v -> v.histogram().totalCount(), Long::sum));
  }

  private static KeyValue intAttr(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }
}
