package io.pinscope.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.model.SpanIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoShopTest {
  private static final long NOW = 1_763_000_000_000_000_000L;
  private static final int TRACES = 4000;

  /** A span with the resource it came in. */
  record Seen(String service, String instance, String language, Span span) {
    String attr(String key) {
      for (KeyValue kv : span.getAttributesList()) {
        if (kv.getKey().equals(key)) {
          return kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
              : Long.toString(kv.getValue().getIntValue());
        }
      }
      return null;
    }

    boolean error() {
      return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    }
  }

  static final List<Seen> spans = new ArrayList<>();
  static final Map<ByteString, Seen> byId = new HashMap<>();
  static int logRecords;

  @BeforeAll
  static void generate() {
    DemoShop shop = new DemoShop(42, NOW);
    for (int i = 0; i < TRACES / 8; i++) {
      DemoShop.Batch batch = shop.traces(8, NOW);
      logRecords += batch.logs().getResourceLogsList().stream().mapToInt(r -> r.getScopeLogs(0).getLogRecordsCount())
          .sum();
      for (ResourceSpans rs : batch.traces().getResourceSpansList()) {
        Map<String, String> res = rs.getResource().getAttributesList().stream()
            .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().toString()));
        String service = text(rs, "service.name");
        for (Span s : rs.getScopeSpans(0).getSpansList()) {
          Seen seen = new Seen(service, text(rs, "service.instance.id"), text(rs, "telemetry.sdk.language"), s);
          spans.add(seen);
          assertThat(byId.put(s.getSpanId(), seen)).as("span ids are unique").isNull();
        }
        assertThat(res).containsKeys("host.name", "service.instance.id", "telemetry.sdk.language");
      }
    }
  }

  private static String text(ResourceSpans rs, String key) {
    return rs.getResource().getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst()
        .orElseThrow().getValue().getStringValue();
  }

  private static List<Seen> roots() {
    return spans.stream().filter(s -> s.span().getParentSpanId().isEmpty()).toList();
  }

  @Test
  void services_runInFourRuntimes_withOneOrTwoInstancesEach() {
    Map<String, Set<String>> instances = new HashMap<>();
    Set<String> languages = new HashSet<>();
    for (Seen s : spans) {
      instances.computeIfAbsent(s.service(), k -> new HashSet<>()).add(s.instance());
      languages.add(s.language());
    }
    assertThat(instances).containsOnlyKeys("web-frontend", "api-gateway", "orders", "payments", "recommendations",
        "notifier");
    assertThat(instances.values()).allSatisfy(i -> assertThat(i).hasSizeBetween(1, 2));
    assertThat(languages).containsExactlyInAnyOrder("java", "python", "nodejs", "go");
  }

  @Test
  void everyTrace_startsAtTheFrontend_andEndsBeforeNow() {
    assertThat(roots()).hasSize(TRACES).allSatisfy(r -> {
      assertThat(r.service()).isEqualTo("web-frontend");
      assertThat(r.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
    });
    assertThat(spans).allSatisfy(s -> {
      assertThat(s.span().getEndTimeUnixNano()).isLessThanOrEqualTo(NOW)
          .isGreaterThanOrEqualTo(s.span().getStartTimeUnixNano());
      assertThat(s.span().getStartTimeUnixNano()).isGreaterThan(NOW - 10_000_000_000L);
    });
  }

  @Test
  void everyServerSpan_isTheRemoteChild_ofAClientSpanInAnotherService() {
    List<Seen> servers = spans.stream()
        .filter(s -> s.span().getKind() == SpanKind.SPAN_KIND_SERVER && !s.span().getParentSpanId().isEmpty())
        .toList();
    assertThat(servers).isNotEmpty().allSatisfy(s -> {
      Seen client = byId.get(s.span().getParentSpanId());
      assertThat(client).isNotNull();
      assertThat(client.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
      assertThat(client.span().getTraceId()).isEqualTo(s.span().getTraceId());
      assertThat(client.service()).isNotEqualTo(s.service());
      assertThat(s.span().getFlags()).isEqualTo(0x301);
      assertThat(client.span().getFlags()).isEqualTo(0x101);
      assertThat(client.span().getStartTimeUnixNano()).isLessThan(s.span().getStartTimeUnixNano());
      assertThat(client.span().getEndTimeUnixNano()).isGreaterThan(s.span().getEndTimeUnixNano());
    });
    assertThat(servers.stream().map(s -> byId.get(s.span().getParentSpanId()).service() + "->" + s.service())
        .collect(Collectors.toSet())).containsExactlyInAnyOrder("web-frontend->api-gateway", "api-gateway->orders",
            "api-gateway->payments", "api-gateway->recommendations");
    // Every non-root span's parent is in the same trace.
    assertThat(spans).filteredOn(s -> !s.span().getParentSpanId().isEmpty())
        .allSatisfy(s -> assertThat(byId.get(s.span().getParentSpanId()).span().getTraceId())
            .isEqualTo(s.span().getTraceId()));
  }

  @Test
  void terminalCalls_carryTheirSemconvAttributes_inBothGenerations() {
    List<Seen> mysql = spans.stream().filter(s -> "mysql".equals(s.attr("db.system"))
        || "mysql".equals(s.attr("db.system.name"))).toList();
    assertThat(mysql).isNotEmpty().allSatisfy(s -> {
      assertThat(s.service()).isEqualTo("orders");
      assertThat(s.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
    });
    assertThat(mysql).anySatisfy(s -> {
      assertThat(s.attr("db.name")).isEqualTo("orders");
      assertThat(s.attr("db.statement")).startsWith("SELECT");
    });
    assertThat(mysql).anySatisfy(s -> {
      assertThat(s.attr("db.namespace")).isEqualTo("orders");
      assertThat(s.attr("db.query.text")).isNotEmpty();
    });

    List<Seen> redis = spans.stream().filter(s -> "redis".equals(s.attr("db.system"))).toList();
    assertThat(redis).isNotEmpty().allSatisfy(s -> assertThat(s.service()).isEqualTo("recommendations"));
    long fast = redis.stream().filter(s -> duration(s) < 100_000_000L).count();
    assertThat((double) fast / redis.size()).isGreaterThan(0.95);

    List<Seen> producers = spans.stream().filter(s -> s.span().getKind() == SpanKind.SPAN_KIND_PRODUCER).toList();
    assertThat(producers).isNotEmpty().allSatisfy(p -> {
      assertThat(p.service()).isEqualTo("payments");
      assertThat(p.attr("messaging.system")).isEqualTo("kafka");
      assertThat(p.attr("messaging.destination.name")).isEqualTo("payments-events");
    });
    List<Seen> consumers = spans.stream().filter(s -> s.span().getKind() == SpanKind.SPAN_KIND_CONSUMER).toList();
    assertThat(consumers).hasSameSizeAs(producers).allSatisfy(c -> {
      assertThat(c.service()).isEqualTo("notifier");
      assertThat(c.attr("messaging.destination.name")).isEqualTo("payments-events");
      assertThat(byId.get(c.span().getParentSpanId()).span().getKind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
      assertThat(c.span().getFlags()).isEqualTo(0x301);
    });

    List<Seen> stripe = spans.stream().filter(s -> "api.stripe.example".equals(s.attr("server.address"))).toList();
    assertThat(stripe).isNotEmpty().allSatisfy(s -> {
      assertThat(s.service()).isEqualTo("payments");
      assertThat(s.attr("url.full")).isEqualTo("https://api.stripe.example/v1/charges");
      assertThat(spans).noneMatch(child -> child.span().getParentSpanId().equals(s.span().getSpanId()));
    });
    // The frontend speaks the older HTTP conventions, the gateway the newer ones.
    assertThat(spans).anySatisfy(s -> assertThat(s.service().equals("web-frontend") && s.attr("http.url") != null)
        .isTrue());
    assertThat(spans).anySatisfy(s -> assertThat(s.service().equals("api-gateway") && s.attr("url.full") != null)
        .isTrue());
  }

  @Test
  void errorsAndSlowCalls_haveRoughlyThePromisedRates() {
    List<Seen> roots = roots();
    double errors = roots.stream().filter(Seen::error).count() / (double) roots.size();
    double slow = roots.stream().filter(r -> duration(r) > 1_000_000_000L).count() / (double) roots.size();
    double verySlow = roots.stream().filter(r -> duration(r) > 5_000_000_000L).count() / (double) roots.size();
    assertThat(errors).isBetween(0.015, 0.05);
    assertThat(slow).isBetween(0.02, 0.07);
    assertThat(verySlow).isBetween(0.002, 0.03);
    double median = roots.stream().mapToLong(DemoShopTest::duration).sorted().skip(roots.size() / 2).findFirst()
        .orElseThrow() / 1e6;
    assertThat(median).as("median ms").isBetween(5.0, 400.0);

    // Each failed trace has an exception event where the error started, with type, message and stack trace.
    Set<ByteString> failedTraces = roots.stream().filter(Seen::error).map(r -> r.span().getTraceId())
        .collect(Collectors.toSet());
    for (ByteString trace : failedTraces) {
      assertThat(spans).filteredOn(s -> s.span().getTraceId().equals(trace))
          .anySatisfy(s -> assertThat(s.span().getEventsList()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("exception");
            assertThat(e.getAttributesList()).extracting(KeyValue::getKey)
                .contains("exception.type", "exception.message", "exception.stacktrace");
          }));
    }
    assertThat(spans).filteredOn(s -> !failedTraces.contains(s.span().getTraceId())).noneMatch(Seen::error);
    assertThat(logRecords).isGreaterThan(TRACES / 10);
  }

  @Test
  void callsFromTheGatewayWithTheExtension_carryPpState_namingTheCaller_andATxId() {
    List<Seen> withPp = spans.stream().filter(s -> s.span().getKind() == SpanKind.SPAN_KIND_SERVER
        && s.span().getTraceState().startsWith("pp=")).toList();
    assertThat(withPp).isNotEmpty().allSatisfy(s -> {
      Seen caller = byId.get(s.span().getParentSpanId());
      assertThat(caller.instance()).isEqualTo("api-gateway-1");
      assertThat(s.span().getTraceState()).matches("pp=app:api-gateway;type:1001;tx:api-gateway-1\\^\\d+\\^\\d+;sid:"
          + SpanIds.toHex(s.span().getParentSpanId().asReadOnlyByteBuffer().getLong()));
    });
    assertThat(spans).filteredOn(s -> s.span().getKind() == SpanKind.SPAN_KIND_SERVER
        && s.span().getTraceState().isEmpty() && !s.span().getParentSpanId().isEmpty()
        && !s.service().equals("api-gateway")).isNotEmpty();
    Map<String, Set<ByteString>> tracesByTx = new HashMap<>();
    withPp.forEach(s -> tracesByTx.computeIfAbsent(PinpointTraceState.transactionId(s.span().getTraceState()),
            k -> new HashSet<>())
        .add(s.span().getTraceId()));
    assertThat(tracesByTx.values()).allSatisfy(t -> assertThat(t).hasSize(1));
  }

  @Test
  void metrics_coverEveryInstance_withGaugesACounterAndAHistogram() {
    DemoShop shop = new DemoShop(7, NOW);
    shop.traces(50, NOW);
    List<ResourceMetrics> resources = shop.metrics(NOW).getResourceMetricsList();
    assertThat(resources).hasSize(shop.instances().size());
    for (ResourceMetrics rm : resources) {
      List<Metric> metrics = rm.getScopeMetrics(0).getMetricsList();
      assertThat(metrics).anySatisfy(m -> assertThat(m.hasGauge()).isTrue());
      assertThat(metrics).anySatisfy(m -> assertThat(m.hasSum() && m.getSum().getIsMonotonic()).isTrue());
      assertThat(metrics).anySatisfy(m -> assertThat(m.hasHistogram()).isTrue());
    }
    assertThat(resources.get(2).getScopeMetrics(0).getMetricsList()).extracting(Metric::getName)
        .contains("jvm.memory.used", "jvm.cpu.recent_utilization", "http.server.request.duration");
    long histogramCount = resources.stream().flatMap(r -> r.getScopeMetrics(0).getMetricsList().stream())
        .filter(Metric::hasHistogram).mapToLong(m -> m.getHistogram().getDataPoints(0).getCount()).sum();
    assertThat(histogramCount).isGreaterThanOrEqualTo(50 * 3); // frontend, gateway and at least one callee each
    assertThat(shop.backgroundLogs(NOW).getResourceLogsCount()).isEqualTo(shop.instances().size());
  }

  private static long duration(Seen s) {
    return s.span().getEndTimeUnixNano() - s.span().getStartTimeUnixNano();
  }
}
