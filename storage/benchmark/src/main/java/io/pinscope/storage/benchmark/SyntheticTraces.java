package io.pinscope.storage.benchmark;

import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Traces shaped like what the OTel Java agent 2.x sends for a small shop: {@code frontend} serves
 * {@code GET /api/orders/{id}} through a controller, runs three SQL statements on MySQL, and calls
 * {@code inventory}, which queries PostgreSQL and Redis. Ten spans per trace, two of them entry spans;
 * about 2 % of traces fail, their server span carrying the exception event Spring MVC records. Attribute
 * names and scopes are the agent's (semantic conventions 1.2x), including what it adds to every span by
 * default ({@code thread.id}, {@code thread.name}) and the peer's ephemeral port on server spans: the
 * per-span values that vary in real traffic are what makes stored spans hard to compress.
 */
final class SyntheticTraces {
  static final int SPANS_PER_TRACE = 10;

  private static final InstrumentationScope TOMCAT = InstrumentationScope.of("io.opentelemetry.tomcat-10.0", "2.33.1-alpha");
  private static final InstrumentationScope SPRING = InstrumentationScope.of("io.opentelemetry.spring-webmvc-6.0", "2.33.1-alpha");
  private static final InstrumentationScope JDBC = InstrumentationScope.of("io.opentelemetry.jdbc", "2.33.1-alpha");
  private static final InstrumentationScope HTTP_CLIENT = InstrumentationScope.of("io.opentelemetry.java-http-client", "2.33.1-alpha");
  private static final InstrumentationScope LETTUCE = InstrumentationScope.of("io.opentelemetry.lettuce-5.1", "2.33.1-alpha");
  private static final String[] SQL = {
    "SELECT o.id, o.status, o.total FROM orders o WHERE o.id = ?",
    "SELECT i.sku, i.qty, i.price FROM order_items i WHERE i.order_id = ?",
    "UPDATE orders SET last_viewed = ? WHERE id = ?",
  };

  private static final String STACK_TRACE = stackTrace();

  /** The thread a service ran a trace's spans on: {@code http-nio-8080-exec-N} of Tomcat's pool of 200. */
  private record ThreadDetails(long id, String name) {
    Attributes.Builder attributes() {
      return Attributes.builder().put("thread.id", id).put("thread.name", name);
    }
  }

  private final SplittableRandom random;
  private final int agents;

  SyntheticTraces(long seed, int agents) {
    this.random = new SplittableRandom(seed);
    this.agents = agents;
  }

  /** One trace starting at {@code startNanos}. */
  List<StoredSpan> next(long startNanos) {
    TraceId traceId = new TraceId(random.nextLong(), random.nextLong() | 1);
    boolean failed = random.nextInt(50) == 0;
    String frontendAgent = "frontend-" + random.nextInt(agents);
    String inventoryAgent = "inventory-" + random.nextInt(agents);
    long orderId = 1 + random.nextInt(1_000_000);
    ThreadDetails frontendThread = thread();
    ThreadDetails inventoryThread = thread();
    String clientAddress = "10.1." + random.nextInt(256) + "." + random.nextInt(256);
    List<StoredSpan> spans = new ArrayList<>(SPANS_PER_TRACE);

    long t = startNanos;
    long total = ms(8 + random.nextInt(40));
    StoredSpan.Builder serverBuilder = base(traceId, SpanIds.NONE, SpanKind.SERVER, "GET /api/orders/{id}", t, total,
        TOMCAT, "frontend", frontendAgent)
        .attributes(frontendThread.attributes().put("http.request.method", "GET").put("url.path", "/api/orders/" + orderId)
            .put("url.scheme", "http").put("http.route", "/api/orders/{id}")
            .put("http.response.status_code", failed ? 500L : 200L).put("network.protocol.version", "1.1")
            .put("server.address", "frontend.shop.svc").put("server.port", 8080L)
            .put("client.address", clientAddress).put("network.peer.address", clientAddress)
            .put("network.peer.port", 32_768L + random.nextInt(28_232))
            .put("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0")
            .build())
        .status(failed ? StatusCode.ERROR : StatusCode.UNSET, "");
    if (failed) {
      serverBuilder.addEvent(StoredSpan.Event.of("exception", t + total - us(100), Attributes.builder()
          .put("exception.type", "org.springframework.jdbc.CannotGetJdbcConnectionException")
          .put("exception.message", "Failed to obtain JDBC Connection; HikariPool-1 - Connection is not available, "
              + "request timed out after " + (30_000 + random.nextInt(50)) + "ms.")
          .put("exception.stacktrace", STACK_TRACE).build()));
    }
    StoredSpan server = serverBuilder.build();
    spans.add(server);
    StoredSpan controller = base(traceId, server.spanId(), SpanKind.INTERNAL, "OrderController.get",
        t + us(150), total - us(300), SPRING, "frontend", frontendAgent)
        .attributes(frontendThread.attributes().put("code.namespace", "com.example.shop.OrderController")
            .put("code.function", "get").build())
        .build();
    spans.add(controller);
    long cursor = t + us(400);
    for (String sql : SQL) {
      long d = us(300 + random.nextInt(2_500));
      spans.add(base(traceId, controller.spanId(), SpanKind.CLIENT, sql.substring(0, 6) + " shop.orders", cursor, d,
          JDBC, "frontend", frontendAgent)
          .attributes(frontendThread.attributes().put("db.system", "mysql").put("db.name", "shop")
              .put("db.statement", sql).put("db.operation", sql.substring(0, 6)).put("db.sql.table", "orders")
              .put("server.address", "mysql.shop.svc").put("server.port", 3306L)
              .put("db.connection_string", "mysql://mysql.shop.svc:3306").put("db.user", "shop").build())
          .build());
      cursor += d + us(50);
    }
    long callDuration = Math.max(ms(2), t + total - cursor - us(500));
    StoredSpan client = base(traceId, controller.spanId(), SpanKind.CLIENT, "GET", cursor, callDuration,
        HTTP_CLIENT, "frontend", frontendAgent)
        .attributes(frontendThread.attributes().put("http.request.method", "GET")
            .put("url.full", "http://inventory.shop.svc:8080/stock/" + orderId)
            .put("server.address", "inventory.shop.svc").put("server.port", 8080L)
            .put("http.response.status_code", 200L).put("network.protocol.version", "1.1").build())
        .build();
    spans.add(client);
    long inner = callDuration - us(400);
    StoredSpan callee = base(traceId, client.spanId(), SpanKind.SERVER, "GET /stock/{sku}", cursor + us(200), inner,
        TOMCAT, "inventory", inventoryAgent)
        .flags(0x301)
        .attributes(inventoryThread.attributes().put("http.request.method", "GET").put("url.path", "/stock/" + orderId)
            .put("url.scheme", "http").put("http.route", "/stock/{sku}").put("http.response.status_code", 200L)
            .put("network.protocol.version", "1.1").put("server.address", "inventory.shop.svc")
            .put("server.port", 8080L).put("client.address", "10.2.0." + random.nextInt(256))
            .put("network.peer.port", 32_768L + random.nextInt(28_232))
            .put("user_agent.original", "Java-http-client/17.0.15").build())
        .build();
    spans.add(callee);
    long c2 = cursor + us(400);
    long pg = Math.max(us(100), inner / 2);
    spans.add(base(traceId, callee.spanId(), SpanKind.CLIENT, "SELECT stock", c2, pg, JDBC, "inventory", inventoryAgent)
        .attributes(inventoryThread.attributes().put("db.system", "postgresql").put("db.name", "inventory")
            .put("db.statement", "SELECT sku, available FROM stock WHERE sku = ?").put("db.operation", "SELECT")
            .put("db.sql.table", "stock").put("server.address", "postgres.shop.svc").put("server.port", 5432L).build())
        .build());
    spans.add(base(traceId, callee.spanId(), SpanKind.CLIENT, "GET", c2 + pg + us(20), us(120 + random.nextInt(300)),
        LETTUCE, "inventory", inventoryAgent)
        .attributes(inventoryThread.attributes().put("db.system", "redis").put("db.statement", "GET stock:" + orderId)
            .put("server.address", "redis.shop.svc").put("server.port", 6379L).build())
        .build());
    spans.add(base(traceId, callee.spanId(), SpanKind.INTERNAL, "StockService.reserve", c2 + pg + us(500),
        us(80 + random.nextInt(200)), SPRING, "inventory", inventoryAgent)
        .attributes(inventoryThread.attributes().put("code.namespace", "com.example.inventory.StockService")
            .put("code.function", "reserve").build())
        .build());
    return spans;
  }

  private ThreadDetails thread() {
    int n = 1 + random.nextInt(200);
    return new ThreadDetails(40 + n, "http-nio-8080-exec-" + n);
  }

  /** What Spring MVC records for a connection pool timeout: the same frames every time, as in real traffic. */
  private static String stackTrace() {
    String[] frames = {
      "org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)",
      "org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:653)",
      "org.springframework.jdbc.core.JdbcTemplate.query(JdbcTemplate.java:723)",
      "com.example.shop.OrderRepository.find(OrderRepository.java:41)",
      "com.example.shop.OrderController.get(OrderController.java:28)",
      "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
      "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)",
      "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
      "org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
      "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:564)",
      "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:138)",
      "org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:167)",
      "org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:340)",
      "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor.doRun(NioEndpoint.java:1736)",
      "java.base/java.lang.Thread.run(Thread.java:1583)",
    };
    StringBuilder b = new StringBuilder("org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to "
        + "obtain JDBC Connection");
    for (String frame : frames) {
      b.append("\n\tat ").append(frame);
    }
    return b.toString();
  }

  private StoredSpan.Builder base(TraceId traceId, long parent, SpanKind kind, String name, long start, long duration,
      InstrumentationScope scope, String application, String agent) {
    long spanId;
    do {
      spanId = random.nextLong();
    } while (spanId == 0 || spanId == -1);
    return StoredSpan.builder().traceId(traceId).spanId(spanId).parentSpanId(parent).kind(kind).name(name)
        .startEpochNanos(start).endEpochNanos(start + duration).scope(scope).flags(0x101)
        .applicationName(application).agentId(agent);
  }

  private static long ms(long v) {
    return v * 1_000_000L;
  }

  private static long us(long v) {
    return v * 1_000L;
  }
}
