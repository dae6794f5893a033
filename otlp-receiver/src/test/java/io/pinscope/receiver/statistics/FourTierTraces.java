package io.pinscope.receiver.statistics;

import io.pinscope.TestObjects;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The 4-tier trace of the server-map tests: USER → A (root SERVER) → B (A's CLIENT span, answered by B's
 * SERVER span) → MySQL (B's CLIENT with {@code db.system}), A → an external HTTP host (a CLIENT span nobody
 * answers), B → Kafka (a PRODUCER). Seven traces with errors and every response-time band; even traces use
 * the stable semantic conventions, odd ones the old names (the Java agent's 2.x default).
 */
final class FourTierTraces {
  static final String A = "frontend";
  static final String B = "orders";
  static final ServiceType A_TYPE = ServiceTypeRegistry.JAVA;
  static final ServiceType B_TYPE = ServiceTypeRegistry.PYTHON;
  static final String B_HOST = "orders.internal:8080";
  static final String EXTERNAL_HOST = "api.partner.example:443";
  static final String DATABASE = "orders_db";
  static final String DATABASE_HOST = "mysql.internal:3306";
  static final String TOPIC = "order-events";
  static final String BROKER = "kafka.internal:9092";
  /** Every span starts in this slot. */
  static final long SLOT = SlotValue.slotOf(TestObjects.BASE_NANOS / 1_000_000L);

  /** Elapsed milliseconds and errors of one trace's spans. */
  record Timing(long root, boolean rootError, long client, boolean clientError, long server,
      boolean serverError, long db, boolean dbError, long external, boolean externalError, long kafka,
      boolean kafkaError) {}

  static final List<Timing> TIMINGS = List.of(
      new Timing(1_200, false, 1_100, false, 900, false, 30, false, 200, false, 5, false),
      new Timing(3_500, true, 3_200, true, 2_900, true, 2_500, false, 100, false, 5, false),
      new Timing(400, false, 350, false, 300, false, 20, false, 60, true, 5, false),
      new Timing(7_000, false, 6_500, false, 6_200, false, 6_000, false, 300, false, 8, false),
      new Timing(800, true, 700, true, 650, false, 10, false, 30, false, 5, false),
      new Timing(5_200, false, 4_800, false, 4_700, false, 4_000, true, 150, false, 2, false),
      new Timing(90, false, 60, false, 50, false, 5, false, 10, false, 1, true));

  /** The spans of one trace, by sender. */
  record Trace(StoredSpan root, StoredSpan clientToB, StoredSpan external, StoredSpan server,
      StoredSpan db, StoredSpan kafka) {
    List<StoredSpan> aSpans() {
      return List.of(root, clientToB, external);
    }

    List<StoredSpan> aSpansWithoutClientToB() {
      return List.of(root, external);
    }

    List<StoredSpan> bSpans() {
      return List.of(server, db, kafka);
    }
  }

  /** The seven traces; {@code bTraceState} is the trace state of B's SERVER span. */
  static List<Trace> traces(String bTraceState) {
    return traces((clientId, rootId) -> bTraceState);
  }

  /** The trace state of B's SERVER span, given the ids of A's CLIENT span to B and of A's root span. */
  interface TraceStateOf {
    String of(long clientToBId, long rootId);
  }

  /** The seven traces, B's SERVER span with the trace state {@code bTraceState} gives. */
  static List<Trace> traces(TraceStateOf bTraceState) {
    List<Trace> out = new ArrayList<>();
    for (int i = 0; i < TIMINGS.size(); i++) {
      out.add(trace(i, TIMINGS.get(i), i % 2 == 0, bTraceState));
    }
    return out;
  }

  private static Trace trace(int i, Timing t, boolean stable, TraceStateOf bTraceState) {
    TraceId traceId = TestObjects.randomTraceId();
    long start = i * 1_000L;
    StoredSpan root = span(traceId, A, SpanKind.SERVER, -1, start, t.root(), t.rootError())
        .attributes(stable
            ? Attributes.of("http.request.method", "GET", "http.route", "/checkout",
                "server.address", "shop.example", "server.port", 443L)
            : Attributes.of("http.method", "GET", "http.route", "/checkout", "net.host.name", "shop.example",
                "net.host.port", 443L))
        .build();
    StoredSpan clientToB = span(traceId, A, SpanKind.CLIENT, root.spanId(), start + 10, t.client(),
        t.clientError())
        .attributes(stable
            ? Attributes.of("http.request.method", "GET", "url.full", "http://orders.internal:8080/orders/" + i,
                "server.address", "orders.internal", "server.port", 8080L)
            : Attributes.of("http.method", "GET", "http.url", "http://orders.internal:8080/orders/" + i,
                "net.peer.name", "orders.internal", "net.peer.port", 8080L))
        .build();
    StoredSpan external = span(traceId, A, SpanKind.CLIENT, root.spanId(), start + 20, t.external(),
        t.externalError())
        .attributes(stable
            ? Attributes.of("http.request.method", "POST", "url.full", "https://api.partner.example/v1/quote",
                "server.address", "api.partner.example", "server.port", 443L)
            : Attributes.of("http.method", "POST", "http.url", "https://api.partner.example:443/v1/quote"))
        .build();
    StoredSpan server = span(traceId, B, SpanKind.SERVER, clientToB.spanId(), start + 15, t.server(),
        t.serverError())
        .flags(0x301).traceState(bTraceState.of(clientToB.spanId(), root.spanId()))
        .attributes(stable
            ? Attributes.of("http.request.method", "GET", "http.route", "/orders/{id}",
                "server.address", "orders.internal", "server.port", 8080L)
            : Attributes.of("http.method", "GET", "http.route", "/orders/{id}", "http.host", B_HOST))
        .build();
    StoredSpan db = span(traceId, B, SpanKind.CLIENT, server.spanId(), start + 16, t.db(), t.dbError())
        .attributes(stable
            ? Attributes.of("db.system.name", "mysql", "db.namespace", DATABASE,
                "db.query.text", "SELECT * FROM orders WHERE id = ?", "server.address", "mysql.internal",
                "server.port", 3306L)
            : Attributes.of("db.system", "mysql", "db.name", DATABASE,
                "db.statement", "SELECT * FROM orders WHERE id = ?", "net.peer.name", "mysql.internal",
                "net.peer.port", 3306L))
        .build();
    StoredSpan kafka = span(traceId, B, SpanKind.PRODUCER, server.spanId(), start + 17, t.kafka(),
        t.kafkaError())
        .attributes(stable
            ? Attributes.of("messaging.system", "kafka", "messaging.destination.name", TOPIC,
                "messaging.operation.type", "send", "server.address", "kafka.internal", "server.port", 9092L)
            : Attributes.of("messaging.system", "kafka", "messaging.destination", TOPIC,
                "net.peer.name", "kafka.internal", "net.peer.port", 9092L))
        .build();
    return new Trace(root, clientToB, external, server, db, kafka);
  }

  private static StoredSpan.Builder span(TraceId traceId, String app, SpanKind kind, long parent,
      long startMillis, long elapsedMillis, boolean error) {
    long start = TestObjects.BASE_NANOS + startMillis * 1_000_000L;
    return StoredSpan.builder().traceId(traceId).spanId(TestObjects.randomSpanId()).parentSpanId(parent)
        .kind(kind).name(kind + " " + app).startEpochNanos(start)
        .endEpochNanos(start + elapsedMillis * 1_000_000L + 400_000L) // sub-millisecond part is truncated
        .status(error ? StatusCode.ERROR : StatusCode.UNSET, error ? "failed" : "")
        .applicationName(app).agentId(app + "-1");
  }

  /** The histogram of one column of {@link #TIMINGS}. */
  static Histogram histogram(HistogramSchema schema, Function<Timing, Long> elapsed,
      Predicate<Timing> error) {
    Histogram h = Histogram.empty(schema);
    for (Timing t : TIMINGS) {
      h = h.plus(elapsed.apply(t), error.test(t));
    }
    return h;
  }

  static Histogram rootHistogram() {
    return histogram(HistogramSchema.NORMAL, Timing::root, Timing::rootError);
  }

  static Histogram clientHistogram() {
    return histogram(HistogramSchema.NORMAL, Timing::client, Timing::clientError);
  }

  static Histogram serverHistogram() {
    return histogram(HistogramSchema.NORMAL, Timing::server, Timing::serverError);
  }

  static Histogram dbHistogram() {
    return histogram(HistogramSchema.NORMAL, Timing::db, Timing::dbError);
  }

  static Histogram externalHistogram() {
    return histogram(HistogramSchema.NORMAL, Timing::external, Timing::externalError);
  }

  static Histogram kafkaHistogram() {
    return histogram(HistogramSchema.NORMAL, Timing::kafka, Timing::kafkaError);
  }

  private FourTierTraces() {}
}
