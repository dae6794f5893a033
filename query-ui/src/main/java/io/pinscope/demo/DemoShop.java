package io.pinscope.demo;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SpanIds;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A small polyglot shop that produces OTLP data the way instrumented services would:
 * <pre>
 *   USER → web-frontend (nodejs) → api-gateway (java) ─┬→ orders (java) → MySQL "orders"
 *                                                      ├→ recommendations (python) → Redis
 *                                                      └→ payments (go) ─┬→ api.stripe.example (no server span)
 *                                                                        └→ Kafka "payments-events" → notifier (python)
 * </pre>
 * Every app → app call is a CLIENT span paired with the callee's SERVER span (same trace, parent = the
 * client span, flags {@code 0x301}); the services mix both semantic-convention generations. The instance
 * {@code api-gateway-1} runs "with the extension": its CLIENT spans and the SERVER spans they call carry
 * {@code pp=app:api-gateway;type:<code>;tx:<TxId>;sid:<the CLIENT span id>}, which the services called pass
 * along unchanged (as the Python, Node and Go SDKs do). About 3 % of requests fail (status ERROR and an
 * {@code exception} event where the error starts, propagated up to the root) and about 4 % are slow (over
 * 1 s, a quarter of those over 5 s).
 *
 * <p>Not thread-safe: one thread drives an instance (its per-instance metric state is plain fields). Also a
 * seeded workload for tests that need realistic multi-service traffic.
 */
public final class DemoShop {
  static final String FRONTEND = "web-frontend";
  static final String GATEWAY = "api-gateway";
  static final String ORDERS = "orders";
  static final String PAYMENTS = "payments";
  static final String RECOMMENDATIONS = "recommendations";
  static final String NOTIFIER = "notifier";
  static final String STRIPE_HOST = "api.stripe.example";
  static final String TOPIC = "payments-events";
  static final double ERROR_RATE = 0.03;
  static final double SLOW_RATE = 0.04;

  private static final int FLAGS_LOCAL = 0x101;
  private static final int FLAGS_REMOTE = 0x301;
  private static final int FLAGS_ROOT = 0x100;
  private static final double[] DURATION_BOUNDS =
      {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};

  /** One instance of a service: its resource and the state its metrics accumulate. */
  static final class Instance {
    final String service;
    final String language;
    final String id;
    final Resource resource;
    final long startNanos;
    final boolean withExtension;
    final long[] bucketCounts = new long[DURATION_BOUNDS.length + 1];
    long requests;
    double durationSum;
    double cpuSeconds;
    double heapMib;

    Instance(String service, String language, int n, long startNanos, boolean withExtension) {
      this.service = service;
      this.language = language;
      this.id = service + "-" + n;
      this.startNanos = startNanos;
      this.withExtension = withExtension;
      this.heapMib = 120 + 40 * n;
      Resource.Builder r = Resource.newBuilder()
          .addAttributes(kv("service.name", service))
          .addAttributes(kv("service.instance.id", id))
          .addAttributes(kv("service.version", "1." + (n + 3) + ".0"))
          .addAttributes(kv("host.name", "ip-10-0-" + (service.length() % 7) + "-" + (10 + n)))
          .addAttributes(intKv("process.pid", 1000 + service.length() * 37 + n))
          .addAttributes(kv("deployment.environment.name", "demo"))
          .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
          .addAttributes(kv("telemetry.sdk.language", language))
          .addAttributes(kv("telemetry.sdk.version", sdkVersion(language)));
      if (language.equals("java")) {
        r.addAttributes(kv("process.runtime.name", "OpenJDK Runtime Environment"))
            .addAttributes(kv("process.runtime.version", "21.0.5+11-LTS"))
            .addAttributes(kv("telemetry.distro.name", "opentelemetry-java-instrumentation"));
      }
      this.resource = r.build();
    }

    String typeCode() {
      return Integer.toString(ServiceTypeRegistry.forLanguage(language).code());
    }

    void record(long durationNanos) {
      double seconds = durationNanos / 1e9;
      int b = 0;
      while (b < DURATION_BOUNDS.length && seconds > DURATION_BOUNDS[b]) {
        b++;
      }
      bucketCounts[b]++;
      requests++;
      durationSum += seconds;
      cpuSeconds += seconds * 0.15;
    }

    private static String sdkVersion(String language) {
      return switch (language) {
        case "java" -> "1.44.1";
        case "python" -> "1.28.2";
        case "nodejs" -> "1.29.0";
        default -> "1.32.0";
      };
    }
  }

  /** What one tick of traffic produced: the spans of whole traces and the logs correlated with them. */
  /** One batch of traffic: the traces' spans and logs as OTLP requests, one resource per instance. */
  public record Batch(ExportTraceServiceRequest traces, ExportLogsServiceRequest logs, int traceCount) {}

  private record Built(Instance instance, Span.Builder span) {}

  private record BuiltLog(Instance instance, LogRecord.Builder log) {}

  private enum Route { CHECKOUT, PRODUCT, ORDER_HISTORY }

  private final SplittableRandom random;
  private final Map<String, List<Instance>> instances = new LinkedHashMap<>();
  private long txSequence;

  /** A shop whose instances started a while before {@code nowNanos}; {@code seed} makes it repeatable. */
  public DemoShop(long seed, long nowNanos) {
    this.random = new SplittableRandom(seed);
    add(FRONTEND, "nodejs", 2, nowNanos);
    add(GATEWAY, "java", 2, nowNanos);
    add(ORDERS, "java", 2, nowNanos);
    add(PAYMENTS, "go", 1, nowNanos);
    add(RECOMMENDATIONS, "python", 1, nowNanos);
    add(NOTIFIER, "python", 1, nowNanos);
  }

  private void add(String service, String language, int count, long nowNanos) {
    List<Instance> list = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      list.add(new Instance(service, language, n, nowNanos - (3_600L + random.nextInt(86_400)) * 1_000_000_000L,
          service.equals(GATEWAY) && n == 1));
    }
    instances.put(service, list);
  }

  List<Instance> instances() {
    return instances.values().stream().flatMap(List::stream).toList();
  }

  /** {@code count} user requests, each ended before {@code nowNanos}. */
  public Batch traces(int count, long nowNanos) {
    Map<Instance, List<Span>> spans = new LinkedHashMap<>();
    Map<Instance, List<LogRecord>> logs = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      new Trace(spans, logs).run(nowNanos);
    }
    ExportTraceServiceRequest.Builder t = ExportTraceServiceRequest.newBuilder();
    spans.forEach((instance, list) -> t.addResourceSpans(ResourceSpans.newBuilder().setResource(instance.resource)
        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope(instance)).addAllSpans(list))));
    return new Batch(t.build(), logsRequest(logs), count);
  }

  /** One export of every instance's runtime metrics and request histogram, plus one log line each. */
  ExportMetricsServiceRequest metrics(long nowNanos) {
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    for (Instance in : instances()) {
      ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(scope(in));
      in.cpuSeconds += 0.05 + random.nextDouble() * 0.2;
      in.heapMib = Math.max(80, in.heapMib + random.nextDouble(-25, 35));
      if (in.heapMib > 480) {
        in.heapMib = 140 + random.nextInt(40); // a major collection
      }
      double cpu = Math.min(1, 0.03 + random.nextDouble() * 0.12);
      if (in.language.equals("java")) {
        scope.addMetrics(upDown("jvm.memory.used", "By",
            point(in.heapMib * 1048576, nowNanos, in.startNanos, "jvm.memory.type", "heap", "jvm.memory.pool.name",
                "G1 Old Gen"),
            point(70 * 1048576 + random.nextInt(1 << 20), nowNanos, in.startNanos, "jvm.memory.type", "non_heap",
                "jvm.memory.pool.name", "Metaspace")));
        scope.addMetrics(gauge("jvm.cpu.recent_utilization", "1", point(cpu, nowNanos, in.startNanos)));
        scope.addMetrics(upDown("jvm.thread.count", "{thread}",
            point(40 + random.nextInt(8), nowNanos, in.startNanos)));
        scope.addMetrics(counter("jvm.cpu.time", "s", point(in.cpuSeconds, nowNanos, in.startNanos)));
      } else {
        scope.addMetrics(upDown("process.memory.usage", "By",
            point(in.heapMib * 1048576, nowNanos, in.startNanos)));
        scope.addMetrics(gauge("process.cpu.utilization", "1", point(cpu, nowNanos, in.startNanos)));
        scope.addMetrics(counter("process.cpu.time", "s", point(in.cpuSeconds, nowNanos, in.startNanos)));
      }
      HistogramDataPoint.Builder h = HistogramDataPoint.newBuilder().setStartTimeUnixNano(in.startNanos)
          .setTimeUnixNano(nowNanos).setCount(in.requests).setSum(in.durationSum);
      for (double bound : DURATION_BOUNDS) {
        h.addExplicitBounds(bound);
      }
      for (long c : in.bucketCounts) {
        h.addBucketCounts(c);
      }
      String name = in.service.equals(NOTIFIER) ? "messaging.process.duration" : "http.server.request.duration";
      scope.addMetrics(Metric.newBuilder().setName(name).setUnit("s").setHistogram(Histogram.newBuilder()
          .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(h)));
      req.addResourceMetrics(ResourceMetrics.newBuilder().setResource(in.resource).addScopeMetrics(scope));
    }
    return req.build();
  }

  /** One uncorrelated log record per instance (what services print between requests). */
  ExportLogsServiceRequest backgroundLogs(long nowNanos) {
    Map<Instance, List<LogRecord>> logs = new LinkedHashMap<>();
    for (Instance in : instances()) {
      String body = switch (in.language) {
        case "java" -> String.format(Locale.ROOT, "HikariPool-1 - Pool stats (total=10, active=%d, idle=%d, waiting=0)",
            random.nextInt(4), 6 + random.nextInt(4));
        case "python" -> "worker heartbeat: " + random.nextInt(4) + " tasks in flight";
        case "go" -> "http: connection pool stats idle=" + random.nextInt(8);
        default -> "event loop lag " + random.nextInt(12) + "ms";
      };
      logs.computeIfAbsent(in, k -> new ArrayList<>()).add(log(nowNanos, SeverityNumber.SEVERITY_NUMBER_INFO, body,
          null, null));
    }
    return logsRequest(logs);
  }

  // ---- One trace.

  /** Builds the spans of one user request, depth first; timestamps are computed as the calls return. */
  private final class Trace {
    final Map<Instance, List<Span>> spans;
    final Map<Instance, List<LogRecord>> logs;
    final ByteString traceId = bytes(random.nextLong(), random.nextLong() | 1);
    final Route route;
    final String failAt;
    final String slowAt;
    final boolean verySlow;
    final Instance gateway;
    final String traceState;
    /** The trace state the services called by the gateway pass along: the gateway's entry for that call. */
    String forwardedTraceState = "";
    final List<Built> built = new ArrayList<>();
    final List<BuiltLog> builtLogs = new ArrayList<>();
    boolean failed;

    Trace(Map<Instance, List<Span>> spans, Map<Instance, List<LogRecord>> logs) {
      this.spans = spans;
      this.logs = logs;
      int r = random.nextInt(100);
      route = r < 25 ? Route.CHECKOUT : r < 75 ? Route.PRODUCT : Route.ORDER_HISTORY;
      String[] points = switch (route) {
        case CHECKOUT -> new String[] {"mysql", "stripe"};
        case PRODUCT -> new String[] {"recommendations", "mysql"};
        case ORDER_HISTORY -> new String[] {"mysql"};
      };
      failAt = random.nextDouble() < ERROR_RATE ? points[random.nextInt(points.length)] : "";
      slowAt = random.nextDouble() < SLOW_RATE ? points[random.nextInt(points.length)] : "";
      verySlow = random.nextInt(4) == 0;
      gateway = pick(GATEWAY);
      traceState = gateway.withExtension ? "pp=app:" + GATEWAY + ";type:" + gateway.typeCode() + ";tx:" + gateway.id
          + "^" + gateway.startNanos / 1_000_000 + "^" + (++txSequence) : "";
    }

    void run(long nowNanos) {
      Instance frontend = pick(FRONTEND);
      String path;
      String template;
      String method;
      switch (route) {
        case CHECKOUT -> {
          method = "POST";
          template = "/checkout";
          path = "/checkout";
        }
        case PRODUCT -> {
          method = "GET";
          template = "/products/:id";
          path = "/products/" + (1000 + random.nextInt(9000));
        }
        default -> {
          method = "GET";
          template = "/account/orders";
          path = "/account/orders";
        }
      }
      // The trace is laid out from time 0, then shifted so that its last span ends 0-200 ms before now.
      ByteString rootId = id();
      long callEnd = httpCall(frontend, rootId, id(), gateway, method, "/api" + template.replace(":id", "{id}"),
          "/api" + path, ms(1, 4), false, this::gatewayWork);
      long end = callEnd + ms(0.5, 3);
      Span.Builder root = span(rootId, ByteString.EMPTY, method + " " + template, SpanKind.SPAN_KIND_SERVER, 0,
          end, FLAGS_ROOT)
          .addAttributes(kv("http.method", method)).addAttributes(kv("http.target", path))
          .addAttributes(kv("http.route", template)).addAttributes(kv("http.scheme", "https"))
          .addAttributes(kv("net.host.name", "shop.example")).addAttributes(intKv("net.host.port", 443))
          .addAttributes(intKv("http.status_code", failed ? 500 : 200))
          .addAttributes(kv("http.user_agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15"));
      finish(frontend, root, failed, failed ? "Error" : null, "Request failed with status code 500");
      frontend.record(end);
      long last = end;
      for (Built b : built) {
        last = Math.max(last, b.span().getEndTimeUnixNano()); // the notifier may finish after the response
      }
      long shift = nowNanos - last - ms(0, 200);
      for (Built b : built) {
        Span.Builder s = b.span();
        s.setStartTimeUnixNano(s.getStartTimeUnixNano() + shift).setEndTimeUnixNano(s.getEndTimeUnixNano() + shift);
        for (int k = 0; k < s.getEventsCount(); k++) {
          s.setEvents(k, s.getEvents(k).toBuilder().setTimeUnixNano(s.getEvents(k).getTimeUnixNano() + shift));
        }
        spans.computeIfAbsent(b.instance(), k -> new ArrayList<>()).add(s.build());
      }
      for (BuiltLog l : builtLogs) {
        LogRecord.Builder r = l.log();
        r.setTimeUnixNano(r.getTimeUnixNano() + shift).setObservedTimeUnixNano(r.getObservedTimeUnixNano() + shift);
        logs.computeIfAbsent(l.instance(), k -> new ArrayList<>()).add(r.build());
      }
    }

    private long gatewayWork(ByteString serverId, long start) {
      ByteString controller = id();
      long t = start + ms(0.2, 1);
      long s0 = t;
      switch (route) {
        case CHECKOUT -> {
          t = call(gateway, controller, pick(ORDERS), "POST", "/orders", "/orders", t, this::ordersWrite);
          if (!failed) {
            t = call(gateway, controller, pick(PAYMENTS), "POST", "/payments", "/payments", t + ms(0.2, 1),
                this::paymentsWork);
          }
        }
        case PRODUCT -> {
          t = call(gateway, controller, pick(RECOMMENDATIONS), "GET", "/recommendations/{user}",
              "/recommendations/u" + random.nextInt(50_000), t, this::recommendationsWork);
          if (!failed) {
            t = call(gateway, controller, pick(ORDERS), "GET", "/orders/recent", "/orders/recent", t + ms(0.2, 1),
                this::ordersRead);
          }
        }
        default -> t = call(gateway, controller, pick(ORDERS), "GET", "/orders", "/orders?page=1", t, this::ordersRead);
      }
      t += ms(0.2, 2);
      String name = switch (route) {
        case CHECKOUT -> "CheckoutController.checkout";
        case PRODUCT -> "ProductController.show";
        default -> "OrderController.list";
      };
      Span.Builder internal = span(controller, serverId, name, SpanKind.SPAN_KIND_INTERNAL, s0, t, FLAGS_LOCAL)
          .addAttributes(kv("code.namespace", "com.example.gateway." + name.substring(0, name.indexOf('.'))))
          .addAttributes(kv("code.function", name.substring(name.indexOf('.') + 1)));
      finish(gateway, internal, failed, failed ? "org.springframework.web.client.HttpServerErrorException" : null,
          "500 Internal Server Error from downstream");
      if (random.nextInt(4) == 0 || failed) {
        addLog(gateway, t, failed ? SeverityNumber.SEVERITY_NUMBER_ERROR : SeverityNumber.SEVERITY_NUMBER_INFO,
            (failed ? "request failed: " : "request completed: ") + name + " in " + (t - s0) / 1_000_000 + " ms",
            serverId);
      }
      return t + ms(0.1, 1);
    }

    private long ordersRead(Instance orders, ByteString serverId, long start) {
      long t = start + ms(0.3, 1.5);
      int queries = 1 + random.nextInt(3);
      for (int q = 0; q < queries && !failed; q++) {
        t = mysql(orders, serverId, "SELECT", "SELECT o.id, o.status, o.total FROM orders o WHERE o.customer_id = ? "
            + "ORDER BY o.created_at DESC LIMIT 20", t, q == queries - 1) + ms(0.05, 0.5);
      }
      return t + ms(0.2, 2);
    }

    private long ordersWrite(Instance orders, ByteString serverId, long start) {
      long t = start + ms(0.3, 1.5);
      t = mysql(orders, serverId, "SELECT", "SELECT id, price, stock FROM products WHERE id IN (?, ?, ?)", t, false);
      if (!failed) {
        t = mysql(orders, serverId, "INSERT", "INSERT INTO orders (customer_id, total, status) VALUES (?, ?, ?)",
            t + ms(0.05, 0.5), true);
      }
      return t + ms(0.2, 2);
    }

    private long mysql(Instance orders, ByteString parent, String operation, String statement, long start,
        boolean mayMisbehave) {
      boolean fail = mayMisbehave && failAt.equals("mysql");
      long duration = mayMisbehave && slowAt.equals("mysql") ? slow() : lognormal(2.5, 0.7);
      if (fail) {
        duration = ms(50, 800);
      }
      Span.Builder b = span(id(), parent, operation + " orders." + (operation.equals("INSERT") ? "orders" : "products"),
          SpanKind.SPAN_KIND_CLIENT, start, start + duration, FLAGS_LOCAL);
      if (orders.id.endsWith("1")) { // the older semantic conventions
        b.addAttributes(kv("db.system", "mysql")).addAttributes(kv("db.name", "orders"))
            .addAttributes(kv("db.statement", statement)).addAttributes(kv("db.operation", operation))
            .addAttributes(kv("db.user", "orders_app"))
            .addAttributes(kv("net.peer.name", "mysql.shop.svc")).addAttributes(intKv("net.peer.port", 3306));
      } else {
        b.addAttributes(kv("db.system.name", "mysql")).addAttributes(kv("db.namespace", "orders"))
            .addAttributes(kv("db.query.text", statement)).addAttributes(kv("db.operation.name", operation))
            .addAttributes(kv("server.address", "mysql.shop.svc")).addAttributes(intKv("server.port", 3306));
      }
      if (fail) {
        failed = true;
      }
      finish(orders, b, fail, fail ? "java.sql.SQLTransactionRollbackException" : null,
          "Deadlock found when trying to get lock; try restarting transaction");
      if (fail) {
        addLog(orders, start + duration, SeverityNumber.SEVERITY_NUMBER_ERROR,
            "HikariPool-1 - SQL Error: 1213, SQLState: 40001 Deadlock found when trying to get lock", parent);
      }
      return start + duration;
    }

    private long recommendationsWork(Instance rec, ByteString serverId, long start) {
      long t = start + ms(0.5, 2);
      int gets = 1 + random.nextInt(2);
      for (int g = 0; g < gets; g++) {
        long d = random.nextInt(100) == 0 ? ms(100, 700) : lognormal(0.6, 0.6);
        Span.Builder b = span(id(), serverId, "GET", SpanKind.SPAN_KIND_CLIENT, t, t + d, FLAGS_LOCAL)
            .addAttributes(kv("db.system", "redis")).addAttributes(kv("db.statement", "GET rec:u" + random.nextInt(50_000)))
            .addAttributes(kv("db.operation", "GET")).addAttributes(intKv("db.redis.database_index", 0))
            .addAttributes(kv("net.peer.name", "redis.shop.svc")).addAttributes(intKv("net.peer.port", 6379));
        finish(rec, b, false, null, "");
        t += d + ms(0.1, 0.5);
      }
      boolean fail = failAt.equals("recommendations");
      long model = slowAt.equals("recommendations") ? slow() : lognormal(18, 0.5);
      ByteString scoreId = id();
      Span.Builder score = span(scoreId, serverId, "rank_candidates", SpanKind.SPAN_KIND_INTERNAL, t, t + model,
          FLAGS_LOCAL).addAttributes(kv("code.function", "rank_candidates"))
          .addAttributes(kv("code.namespace", "recommender.ranking"));
      if (fail) {
        failed = true;
      }
      finish(rec, score, fail, fail ? "KeyError" : null, "'embedding' missing for candidate item");
      if (fail) {
        addLog(rec, t + model, SeverityNumber.SEVERITY_NUMBER_ERROR, "Exception in rank_candidates: KeyError: 'embedding'",
            scoreId);
      }
      return t + model + ms(0.2, 1.5);
    }

    private long paymentsWork(Instance payments, ByteString serverId, long start) {
      long t = start + ms(0.2, 1);
      boolean fail = failAt.equals("stripe");
      long d = slowAt.equals("stripe") ? slow() : lognormal(180, 0.4);
      Span.Builder stripe = span(id(), serverId, "POST", SpanKind.SPAN_KIND_CLIENT, t, t + d, FLAGS_LOCAL)
          .addAttributes(kv("http.request.method", "POST"))
          .addAttributes(kv("url.full", "https://" + STRIPE_HOST + "/v1/charges"))
          .addAttributes(kv("server.address", STRIPE_HOST)).addAttributes(intKv("server.port", 443))
          .addAttributes(intKv("http.response.status_code", fail ? 503 : 200));
      if (fail) {
        failed = true;
        stripe.addAttributes(kv("error.type", "503"));
      }
      finish(payments, stripe, fail, fail ? "*url.Error" : null,
          "Post \"https://" + STRIPE_HOST + "/v1/charges\": 503 Service Unavailable");
      t += d;
      if (fail) {
        addLog(payments, t, SeverityNumber.SEVERITY_NUMBER_ERROR, "charge failed: stripe returned 503", serverId);
        return t + ms(0.1, 1);
      }
      ByteString producerId = id();
      long p = ms(1, 6);
      Span.Builder producer = span(producerId, serverId, TOPIC + " publish", SpanKind.SPAN_KIND_PRODUCER, t, t + p,
          FLAGS_LOCAL).addAttributes(kv("messaging.system", "kafka"))
          .addAttributes(kv("messaging.destination.name", TOPIC))
          .addAttributes(kv("messaging.operation.type", "send")).addAttributes(kv("messaging.operation.name", "publish"))
          .addAttributes(kv("server.address", "kafka.shop.svc")).addAttributes(intKv("server.port", 9092));
      finish(payments, producer, false, null, "");
      // The notifier consumes the event a little later.
      Instance notifier = pick(NOTIFIER);
      long c = t + p + ms(3, 60);
      long work = lognormal(35, 0.5);
      ByteString consumerId = id();
      Span.Builder consumer = span(consumerId, producerId, TOPIC + " process", SpanKind.SPAN_KIND_CONSUMER, c,
          c + work, FLAGS_REMOTE).setTraceState(forwardedTraceState)
          .addAttributes(kv("messaging.system", "kafka")).addAttributes(kv("messaging.destination.name", TOPIC))
          .addAttributes(kv("messaging.operation", "process"))
          .addAttributes(kv("messaging.kafka.consumer.group", NOTIFIER));
      Span.Builder email = span(id(), consumerId, "send_receipt_email", SpanKind.SPAN_KIND_INTERNAL, c + ms(0.5, 2),
          c + work - ms(0.1, 0.4), FLAGS_LOCAL).addAttributes(kv("code.function", "send_receipt_email"));
      finish(notifier, email, false, null, "");
      finish(notifier, consumer, false, null, "");
      notifier.record(work);
      if (random.nextInt(3) == 0) {
        addLog(notifier, c + work, SeverityNumber.SEVERITY_NUMBER_INFO, "receipt email queued", consumerId);
      }
      return t + p + ms(0.1, 1);
    }

    /** Work of a callee: returns when its own work ends. */
    interface Work {
      long run(Instance callee, ByteString serverSpanId, long start);
    }

    private long call(Instance caller, ByteString parent, Instance callee, String method, String route, String path,
        long start, Work work) {
      return httpCall(caller, parent, id(), callee, method, route, path, start, true, (id, s) -> work.run(callee, id, s));
    }

    /** An HTTP call: a CLIENT span in the caller, the SERVER span in the callee (its child, remote parent). */
    private long httpCall(Instance caller, ByteString parent, ByteString clientId, Instance callee, String method,
        String route, String path, long start, boolean newConventions, BiFunction<ByteString, Long, Long> work) {
      long serverStart = start + ms(0.3, 1.5);
      ByteString serverId = id();
      long serverEnd = work.apply(serverId, serverStart);
      long end = serverEnd + ms(0.3, 1.5);
      String host = callee.service + ".shop.svc";
      int status = failed ? 500 : 200;
      Span.Builder server = span(serverId, clientId, method + " " + route, SpanKind.SPAN_KIND_SERVER, serverStart,
          serverEnd, FLAGS_REMOTE);
      String callState = traceState.isEmpty() ? "" : traceState + ";sid:" + SpanIds.toHex(clientId.asReadOnlyByteBuffer().getLong());
      if (caller.service.equals(GATEWAY)) {
        // Set by the extension in api-gateway-1 (sid: the CLIENT span that wrote it), empty elsewhere; the Go and
        // Python services pass it along unchanged.
        server.setTraceState(callState);
        forwardedTraceState = callState;
      }
      if (callee.language.equals("python")) {
        server.addAttributes(kv("http.method", method)).addAttributes(kv("http.target", path))
            .addAttributes(kv("http.route", route)).addAttributes(kv("net.host.name", host))
            .addAttributes(intKv("net.host.port", 8000)).addAttributes(intKv("http.status_code", status));
      } else {
        server.addAttributes(kv("http.request.method", method)).addAttributes(kv("url.path", path))
            .addAttributes(kv("http.route", route)).addAttributes(kv("url.scheme", "http"))
            .addAttributes(kv("server.address", host)).addAttributes(intKv("server.port", port(callee)))
            .addAttributes(intKv("http.response.status_code", status));
      }
      finish(callee, server, failed, failed ? serverException(callee) : null, "request failed");
      callee.record(serverEnd - serverStart);
      Span.Builder client = span(clientId, parent, method, SpanKind.SPAN_KIND_CLIENT, start, end, FLAGS_LOCAL);
      if (caller.service.equals(GATEWAY)) {
        client.setTraceState(callState);
      }
      if (newConventions) {
        client.addAttributes(kv("http.request.method", method))
            .addAttributes(kv("url.full", "http://" + host + ":" + port(callee) + path))
            .addAttributes(kv("server.address", host)).addAttributes(intKv("server.port", port(callee)))
            .addAttributes(intKv("http.response.status_code", status));
      } else {
        client.addAttributes(kv("http.method", method))
            .addAttributes(kv("http.url", "http://" + host + ":" + port(callee) + path))
            .addAttributes(kv("net.peer.name", host)).addAttributes(intKv("net.peer.port", port(callee)))
            .addAttributes(intKv("http.status_code", status));
      }
      finish(caller, client, failed, null, "");
      return end;
    }

    private void finish(Instance in, Span.Builder b, boolean error, @Nullable String exceptionType, String message) {
      if (error) {
        b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message));
        if (exceptionType != null) {
          b.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(b.getEndTimeUnixNano())
              .addAttributes(kv("exception.type", exceptionType)).addAttributes(kv("exception.message", message))
              .addAttributes(kv("exception.stacktrace", stacktrace(in, exceptionType, message))));
        }
      }
      built.add(new Built(in, b));
    }

    private void addLog(Instance in, long timeNanos, SeverityNumber severity, String body, ByteString spanId) {
      builtLogs.add(new BuiltLog(in, log(timeNanos, severity, body, traceId, spanId).toBuilder()));
    }

    private Span.Builder span(ByteString id, ByteString parent, String name, SpanKind kind, long start, long end,
        int flags) {
      return Span.newBuilder().setTraceId(traceId).setSpanId(id).setParentSpanId(parent).setName(name).setKind(kind)
          .setStartTimeUnixNano(start).setEndTimeUnixNano(Math.max(start, end)).setFlags(flags);
    }

    /** Over 1 s; a quarter of slow traces over 5 s. */
    private long slow() {
      return verySlow ? ms(5_100, 8_000) : ms(1_100, 4_000);
    }
  }

  // ---- Helpers.

  private Instance pick(String service) {
    List<Instance> list = instances.get(service);
    return list.get(random.nextInt(list.size()));
  }

  private ByteString id() {
    return bytes(random.nextLong() | 1);
  }

  private long ms(double from, double to) {
    return (long) (random.nextDouble(from, to) * 1_000_000);
  }

  /** A log-normal duration around {@code medianMillis}. */
  private long lognormal(double medianMillis, double sigma) {
    return (long) (medianMillis * Math.exp(sigma * random.nextGaussian()) * 1_000_000);
  }

  private static int port(Instance callee) {
    return callee.language.equals("go") ? 8081 : 8080;
  }

  private static String serverException(Instance in) {
    return switch (in.language) {
      case "java" -> "org.springframework.web.server.ResponseStatusException";
      case "python" -> "werkzeug.exceptions.InternalServerError";
      case "go" -> "*errors.errorString";
      default -> "Error";
    };
  }

  private static String stacktrace(Instance in, String type, String message) {
    return switch (in.language) {
      case "java" -> type + ": " + message + "\n\tat com.example." + in.service.replace("-", "")
          + ".Service.handle(Service.java:87)\n\tat com.example." + in.service.replace("-", "")
          + ".Controller.invoke(Controller.java:42)\n\tat org.springframework.web.servlet.FrameworkServlet.service"
          + "(FrameworkServlet.java:885)";
      case "python" -> "Traceback (most recent call last):\n  File \"/app/" + in.service + "/handlers.py\", line 58, "
          + "in handle\n    scores = rank_candidates(user, items)\n" + type + ": " + message;
      case "go" -> "goroutine 42 [running]:\nmain.(*Handler).ServeHTTP(...)\n\t/app/" + in.service
          + "/handler.go:73 +0x1a4\n" + message;
      default -> type + ": " + message + "\n    at handler (/app/server.js:112:15)\n    at process.processTicksAndRejections"
          + " (node:internal/process/task_queues:95:5)";
    };
  }

  private static InstrumentationScope scope(Instance in) {
    return InstrumentationScope.newBuilder().setName(switch (in.language) {
      case "java" -> "io.opentelemetry.spring-webmvc-6.0";
      case "python" -> "opentelemetry.instrumentation.flask";
      case "go" -> "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp";
      default -> "@opentelemetry/instrumentation-http";
    }).build();
  }

  private static LogRecord log(long timeNanos, SeverityNumber severity, String body, @Nullable ByteString traceId,
      @Nullable ByteString spanId) {
    LogRecord.Builder b = LogRecord.newBuilder().setTimeUnixNano(timeNanos).setObservedTimeUnixNano(timeNanos)
        .setSeverityNumber(severity).setSeverityText(severity == SeverityNumber.SEVERITY_NUMBER_ERROR ? "ERROR" : "INFO")
        .setBody(AnyValue.newBuilder().setStringValue(body));
    if (traceId != null && spanId != null) {
      b.setTraceId(traceId).setSpanId(spanId).setFlags(1);
    }
    return b.build();
  }

  private static ExportLogsServiceRequest logsRequest(Map<Instance, List<LogRecord>> logs) {
    ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
    logs.forEach((in, list) -> req.addResourceLogs(ResourceLogs.newBuilder().setResource(in.resource)
        .addScopeLogs(ScopeLogs.newBuilder().setScope(scope(in)).addAllLogRecords(list))));
    return req.build();
  }

  private static NumberDataPoint point(double value, long nowNanos, long startNanos, String... attributes) {
    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setStartTimeUnixNano(startNanos).setTimeUnixNano(nowNanos)
        .setAsDouble(value);
    for (int i = 0; i < attributes.length; i += 2) {
      p.addAttributes(kv(attributes[i], attributes[i + 1]));
    }
    return p.build();
  }

  private static Metric gauge(String name, String unit, NumberDataPoint point) {
    return Metric.newBuilder().setName(name).setUnit(unit).setGauge(Gauge.newBuilder().addDataPoints(point)).build();
  }

  private static Metric upDown(String name, String unit, NumberDataPoint... points) {
    Sum.Builder s = Sum.newBuilder().setIsMonotonic(false)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    for (NumberDataPoint p : points) {
      s.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(s).build();
  }

  private static Metric counter(String name, String unit, NumberDataPoint point) {
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setIsMonotonic(true)
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(point))
        .build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue intKv(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  static ByteString bytes(long... longs) {
    ByteBuffer b = ByteBuffer.allocate(longs.length * 8);
    for (long l : longs) {
      b.putLong(l);
    }
    return ByteString.copyFrom(b.array());
  }
}
