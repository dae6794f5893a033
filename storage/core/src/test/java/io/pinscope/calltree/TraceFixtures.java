package io.pinscope.calltree;

import static io.pinscope.TestSpans.span;
import static io.pinscope.model.SpanKind.CLIENT;
import static io.pinscope.model.SpanKind.INTERNAL;
import static io.pinscope.model.SpanKind.SERVER;

import io.pinscope.model.Attributes;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import java.util.List;

/**
 * A three-service checkout trace (times in ms after {@link io.pinscope.TestSpans#EPOCH_NANOS}):
 *
 * <pre>
 * 1 frontend SERVER   GET /checkout     [0, 100]
 * ├─ 2 frontend CLIENT  GET orders      [5, 80]
 * │  └─ 3 orders SERVER   GET /orders   [10, 75]
 * │     ├─ 4 orders INTERNAL  load      [12, 40]
 * │     │  └─ 5 orders CLIENT   SELECT  [15, 30]   db.query.text
 * │     └─ 6 orders CLIENT    POST pay  [42, 70]
 * │        └─ 7 payments SERVER POST /pay [45, 68]
 * │           └─ 8 payments CLIENT INSERT [50, 60] db.statement (old semconv)
 * └─ 9 frontend INTERNAL render         [82, 95]
 * </pre>
 */
final class TraceFixtures {
  static final long FRONTEND_SERVER = 1;
  static final long FRONTEND_CLIENT = 2;
  static final long ORDERS_SERVER = 3;
  static final long ORDERS_LOAD = 4;
  static final long ORDERS_DB = 5;
  static final long ORDERS_CLIENT = 6;
  static final long PAYMENTS_SERVER = 7;
  static final long PAYMENTS_DB = 8;
  static final long FRONTEND_RENDER = 9;

  static List<StoredSpan> threeServices() {
    return List.of(
        span("frontend", SERVER, FRONTEND_SERVER, SpanIds.NONE, 0, 100).name("GET /checkout")
            .attributes(Attributes.of("http.route", "/checkout", "url.path", "/checkout")).build(),
        span("frontend", CLIENT, FRONTEND_CLIENT, FRONTEND_SERVER, 5, 80).name("GET")
            .attributes(Attributes.of("url.full", "http://orders:8080/orders/42")).build(),
        span("orders", SERVER, ORDERS_SERVER, FRONTEND_CLIENT, 10, 75).name("GET /orders/{id}")
            .attributes(Attributes.of("http.route", "/orders/{id}", "url.path", "/orders/42"))
            .flags(StoredSpan.FLAG_HAS_IS_REMOTE | StoredSpan.FLAG_IS_REMOTE).build(),
        span("orders", INTERNAL, ORDERS_LOAD, ORDERS_SERVER, 12, 40).name("OrderService.load").build(),
        span("orders", CLIENT, ORDERS_DB, ORDERS_LOAD, 15, 30).name("SELECT orders")
            .attributes(Attributes.of("db.system.name", "postgresql",
                "db.query.text", "SELECT * FROM orders WHERE id = ?")).build(),
        span("orders", CLIENT, ORDERS_CLIENT, ORDERS_SERVER, 42, 70).name("POST")
            .attributes(Attributes.of("http.url", "http://payments/pay")).build(),
        span("payments", SERVER, PAYMENTS_SERVER, ORDERS_CLIENT, 45, 68).name("POST /pay")
            .attributes(Attributes.of("http.target", "/pay")).build(),
        span("payments", CLIENT, PAYMENTS_DB, PAYMENTS_SERVER, 50, 60).name("INSERT payments")
            .attributes(Attributes.of("db.system", "mysql",
                "db.statement", "INSERT INTO payments VALUES (?, ?)")).build(),
        span("frontend", INTERNAL, FRONTEND_RENDER, FRONTEND_SERVER, 82, 95).name("render").build());
  }

  /** {@link #threeServices()} without the span {@code spanId}. */
  static List<StoredSpan> threeServicesWithout(long spanId) {
    return threeServices().stream().filter(s -> s.spanId() != spanId).toList();
  }

  private TraceFixtures() {}
}
