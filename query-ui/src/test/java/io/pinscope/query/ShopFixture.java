package io.pinscope.query;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.LinkKey;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredLog;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A known data set, written straight through the repositories with the keys the receiver's
 * StatisticsAggregator uses: USER → web → orders → shop (MySQL), redis:6379 (REDIS), orders-topic (Kafka)
 * → shipping; web → api.partner.example:443 (external) and web → billing:8080, which the host map resolves
 * to billing-a and billing-b (virtual links). Statistics sit in the slots {@link #T0} and T0 + 1 min.
 */
final class ShopFixture {
  /** A minute-aligned start: 2023-11-14T22:14:00Z. */
  static final long T0 = 1_700_000_040_000L;
  static final long MIN = 60_000L;
  static final int JAVA = ServiceTypeRegistry.JAVA.code();
  static final String TX = "web-1^1700000000000^7";
  static final TraceId TRACE = TraceId.fromHex("0af7651916cd43dd8448eb211c80319c");
  static final int DOTS = 20;

  static Storage open() {
    return Storage.open(StorageConfig.builder().engine("memory")
        .clock(Clock.fixed(Instant.ofEpochMilli(T0 + 10 * MIN), ZoneOffset.UTC)).build());
  }

  /** Writes everything. */
  static void write(Storage s) {
    register(s, "web", "web-1", "web-host-1");
    register(s, "web", "web-2", "web-host-2");
    register(s, "orders", "orders-1", "orders-host-1");
    register(s, "orders", "orders-2", "orders-host-2");
    register(s, "shipping", "shipping-1", "shipping-host");
    register(s, "billing-a", "billing-a-1", "billing-host");
    register(s, "billing-b", "billing-b-1", "billing-host");
    writeStatistics(s);
    writeTraces(s);
    writeMetrics(s);
  }

  /** Histogram of successful calls {@code ok} and failed calls {@code err} (elapsed ms). */
  static Histogram h(HistogramSchema schema, long[] ok, long... err) {
    Histogram h = Histogram.empty(schema);
    for (long e : ok) {
      h = h.plus(e, false);
    }
    for (long e : err) {
      h = h.plus(e, true);
    }
    return h;
  }

  static long[] ok(long... ms) {
    return ms;
  }

  private static void register(Storage s, String app, String agent, String host) {
    s.applications().register(new AgentInfo(app, agent, JAVA, host, T0 - 3_600_000L, T0 - 3_600_000L,
        T0 + 10 * MIN, Attributes.of("service.name", app)));
  }

  private static void writeStatistics(Storage s) {
    HistogramSchema n = HistogramSchema.NORMAL;
    StatisticsBatch b = new StatisticsBatch();
    // web: 10 calls in T0 (one error, one slow), 2 calls in T0+1 min, all on web-1; 1 call on web-2.
    Histogram web0 = h(n, ok(100, 100, 100, 100, 100, 100, 100, 6_000, 2_000), 200);
    Histogram web1 = h(n, ok(300, 400));
    self(b, T0, "web", "web-1", web0);
    self(b, T0 + MIN, "web", "web-1", web1);
    self(b, T0, "web", "web-2", h(n, ok(50)));
    link(b, T0, new LinkKey("web", 2, "web", JAVA, ""), web0.plus(h(n, ok(50))));
    link(b, T0 + MIN, new LinkKey("web", 2, "web", JAVA, ""), web1);
    // web -> orders: 5 calls, 1 error.
    link(b, T0, new LinkKey("web", JAVA, "orders", JAVA, "orders:8080"), h(n, ok(80, 90, 70, 60), 1_500));
    self(b, T0, "orders", "orders-1", h(n, ok(70, 80, 60)));
    self(b, T0, "orders", "orders-2", h(n, ok(50), 1_400));
    b.addHostMapping(T0, new HostMapping("web", "orders:8080", "orders", JAVA));
    // orders -> terminal nodes.
    link(b, T0, new LinkKey("orders", JAVA, "shop", ServiceTypeRegistry.MYSQL.code(), "mysql:3306"),
        h(n, ok(5, 6, 7, 8), 9));
    link(b, T0, new LinkKey("orders", JAVA, "redis:6379", ServiceTypeRegistry.REDIS.code(), "redis:6379"),
        h(HistogramSchema.FAST, ok(1, 2, 200), 3));
    link(b, T0, new LinkKey("orders", JAVA, "orders-topic", ServiceTypeRegistry.KAFKA.code(), "kafka:9092"),
        h(n, ok(4, 4)));
    // orders-topic -> shipping (consumer), shipping self.
    link(b, T0, new LinkKey("orders-topic", ServiceTypeRegistry.KAFKA.code(), "shipping", JAVA, "kafka:9092"),
        h(n, ok(30, 40)));
    self(b, T0, "shipping", "shipping-1", h(n, ok(30, 40)));
    // web -> external host, and web -> billing:8080 answered by two applications.
    int client = ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code();
    link(b, T0, new LinkKey("web", JAVA, "api.partner.example:443", client, "api.partner.example:443"),
        h(n, ok(300, 350), 4_000));
    link(b, T0, new LinkKey("web", JAVA, "billing:8080", client, "billing:8080"), h(n, ok(20, 20)));
    b.addHostMapping(T0, new HostMapping("", "billing:8080", "billing-a", JAVA));
    b.addHostMapping(T0, new HostMapping("web", "billing:8080", "billing-b", JAVA));
    self(b, T0, "billing-a", "billing-a-1", h(n, ok(20)));
    self(b, T0, "billing-b", "billing-b-1", h(n, ok(20)));
    s.statistics().write(b);
  }

  private static void self(StatisticsBatch b, long slot, String app, String agent, Histogram h) {
    b.addSelf(new SlotValue<>(slot, new SelfKey(app, JAVA, agent), h));
  }

  private static void link(StatisticsBatch b, long slot, LinkKey k, Histogram h) {
    b.addLink(new SlotValue<>(slot, k, h));
  }

  private static long nanos(long millis) {
    return millis * 1_000_000L;
  }

  /** The detailed trace (web root → orders → db/redis/kafka; web → external) plus {@link #DOTS} dots. */
  private static void writeTraces(Storage s) {
    long t = T0 + 5_000;
    InstrumentationScope scope = InstrumentationScope.of("io.opentelemetry.tomcat-10.0", "2.10.0");
    List<StoredSpan> spans = new ArrayList<>();
    spans.add(span(1, -1, "web", "web-1", "GET /checkout", SpanKind.SERVER, t, t + 250, StatusCode.UNSET)
        .traceState("pp=app:web;tx:" + TX).scope(scope)
        .attributes(Attributes.of("http.request.method", "GET", "url.path", "/checkout",
            "server.address", "shop.example", "server.port", 443L, "client.address", "10.0.0.9",
            "code.namespace", "com.shop.CheckoutController"))
        .build());
    spans.add(span(2, 1, "web", "web-1", "POST", SpanKind.CLIENT, t + 10, t + 110, StatusCode.ERROR)
        .attributes(Attributes.of("http.request.method", "POST", "server.address", "orders", "server.port", 8080L))
        .build());
    spans.add(span(3, 2, "orders", "orders-1", "POST /orders", SpanKind.SERVER, t + 12, t + 108, StatusCode.ERROR)
        .attributes(Attributes.of("http.request.method", "POST", "url.path", "/orders"))
        .addEvent(StoredSpan.Event.of("exception", nanos(t + 100),
            Attributes.of("exception.type", "java.lang.IllegalStateException", "exception.message", "out of stock")))
        .build());
    spans.add(span(4, 3, "orders", "orders-1", "SELECT shop.items", SpanKind.CLIENT, t + 20, t + 30, StatusCode.UNSET)
        .attributes(Attributes.of("db.system", "mysql", "db.name", "shop", "db.statement", "select * from items"))
        .build());
    spans.add(span(5, 3, "orders", "orders-1", "GET", SpanKind.CLIENT, t + 32, t + 33, StatusCode.UNSET)
        .attributes(Attributes.of("db.system", "redis", "server.address", "redis", "server.port", 6379L))
        .build());
    spans.add(span(6, 3, "orders", "orders-1", "orders-topic publish", SpanKind.PRODUCER, t + 40, t + 44,
        StatusCode.UNSET)
        .attributes(Attributes.of("messaging.system", "kafka", "messaging.destination.name", "orders-topic"))
        .build());
    spans.add(span(7, 1, "web", "web-1", "GET", SpanKind.CLIENT, t + 120, t + 240, StatusCode.UNSET)
        .attributes(Attributes.of("http.request.method", "GET", "url.full", "https://api.partner.example:443/rates"))
        .build());
    s.traces().write(spans);
    List<ScatterDot> dots = new ArrayList<>();
    dots.add(ScatterDot.of(spans.get(0)));
    dots.add(ScatterDot.of(spans.get(2)));
    // More web dots: trace k at t + k seconds, elapsed 100 * k ms, error when k % 5 == 0, agent web-2 when odd.
    for (int k = 1; k < DOTS; k++) {
      TraceId id = new TraceId(0x1000 + k, k);
      StoredSpan root = span(100 + k, -1, "web", k % 2 == 1 ? "web-2" : "web-1", "GET /item/" + k,
          SpanKind.SERVER, t + k * 1_000L, t + k * 1_000L + 100L * k, k % 5 == 0 ? StatusCode.ERROR : StatusCode.UNSET)
          .traceId(id).attributes(Attributes.of("server.address", "shop.example", "client.address", "10.0.0." + k))
          .build();
      s.traces().write(List.of(root));
      dots.add(ScatterDot.of(root));
    }
    s.scatter().write(dots);
    s.logs().write(List.of(
        new StoredLog(nanos(t + 50), 0, 17, "ERROR", AttributeValue.of("order failed"),
            Attributes.of("thread", "http-1"), TRACE, 3, 1, "orders", "orders-1"),
        new StoredLog(nanos(t + 5), 0, 9, "", AttributeValue.of("checkout started"), Attributes.empty(), TRACE, 1,
            1, "web", "web-1")));
  }

  private static StoredSpan.Builder span(long id, long parent, String app, String agent, String name, SpanKind kind,
      long startMillis, long endMillis, StatusCode status) {
    return StoredSpan.builder().traceId(TRACE).spanId(id).parentSpanId(parent).applicationName(app).agentId(agent)
        .name(name).kind(kind).startEpochNanos(nanos(startMillis)).endEpochNanos(nanos(endMillis))
        .status(status, status == StatusCode.ERROR ? "failed" : "");
  }

  private static void writeMetrics(Storage s) {
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long at = nanos(T0 + i * 10_000L);
      points.add(new MetricPoint("web-1", "jvm.memory.used", "By", MetricPoint.Kind.GAUGE,
          Attributes.of("jvm.memory.type", "heap"), at, new MetricValue.Scalar(1_000 + i)));
      points.add(new MetricPoint("web-1", "jvm.memory.used", "By", MetricPoint.Kind.GAUGE,
          Attributes.of("jvm.memory.type", "non_heap"), at, new MetricValue.Scalar(500 + i)));
      points.add(new MetricPoint("web-1", "http.server.request.duration", "s", MetricPoint.Kind.HISTOGRAM,
          Attributes.empty(), at, new MetricValue.HistogramValue(4, 2.0, null, null, List.of(1.0), List.of(3L, 1L))));
    }
    s.metrics().write(points);
  }

  private ShopFixture() {}
}
