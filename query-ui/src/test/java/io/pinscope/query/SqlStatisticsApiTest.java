package io.pinscope.query;

import static io.pinscope.query.TestApiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.TestObjects;
import io.pinscope.receiver.ReceiverConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SQL statistics end to end: OTLP/HTTP spans through the real receiver (its aggregator flushed by hand, on an
 * injected clock) into the memory store, then {@code /sql-stats} over HTTP. One server for the class, with a
 * cap of {@value #MAX_STATEMENTS} statements per application; each test has its own application.
 */
class SqlStatisticsApiTest extends ReceiverApiTestBase {
  private static final int MAX_STATEMENTS = 4;
  private static final String BY_ID = "SELECT * FROM orders WHERE id = ?";

  @Override
  ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
    return builder.maxStatementsPerApplication(MAX_STATEMENTS);
  }

  /**
   * The shop's workload, under one SERVER span: 20 look-ups by id with different literals on postgresql
   * {@code shop} — 19 of 10 ms, one failed of 450 ms — in minute 0; an insert (30 ms) on the same database;
   * the same look-up on mysql {@code audit} (5 ms); a Redis call without statement text (2 ms); an HTTP
   * CLIENT call (no database); in minute 1, one more look-up of 2 s.
   */
  private String sendShopWorkload() throws Exception {
    String app = TestObjects.uniqueName("shop");
    Span entry = span(Span.SpanKind.SPAN_KIND_SERVER, ByteString.EMPTY, T0 + 500, 3_000, "GET /orders", false);
    List<Span> spans = new ArrayList<>(List.of(entry));
    for (int i = 0; i < 20; i++) {
      spans.add(db(entry, T0 + 1_000 + i, i == 7 ? 450 : 10, i == 7, "postgresql", "shop",
          "db.statement", "SELECT *  FROM orders\n WHERE id = " + (1000 + i)));
    }
    spans.add(db(entry, T0 + 2_000, 30, false, "postgresql", "shop", "db.query.text",
        "INSERT INTO orders (id, note) VALUES (7, 'it''s')"));
    spans.add(db(entry, T0 + 2_100, 5, false, "mysql", "audit", "db.statement",
        "SELECT * FROM orders WHERE id = 3"));
    spans.add(db(entry, T0 + 2_200, 2, false, "redis", "0", "db.operation.name", "GET"));
    spans.add(span(Span.SpanKind.SPAN_KIND_CLIENT, entry.getSpanId(), T0 + 2_300, 8, "GET", false).toBuilder()
        .addAttributes(text("url.full", "http://pay:8080/charge")).build());
    spans.add(db(entry, T0 + MIN + 1_000, 2_000, false, "postgresql", "shop", "db.statement",
        "SELECT * FROM orders WHERE id = 99"));
    api.sendSpans(app, spans);
    return app;
  }

  @Test
  void sqls_countEachNormalisedStatementExactly_perDatabase_withP95() throws Exception {
    String app = sendShopWorkload();
    receiver.flushStatistics();

    JsonNode all = ok(app, "from=" + T0 + "&to=" + (T0 + 5 * MIN));
    assertThat(all.get("folded").asLong()).isZero();
    assertThat(rows(all)).containsExactly(
        "postgresql/shop " + BY_ID, "redis/redis GET",
        "postgresql/shop INSERT INTO orders (id, note) VALUES (?, ?)", "mysql/audit " + BY_ID);
    JsonNode byId = all.get("rows").get(0);
    assertThat(byId.get("totalCount").asLong()).isEqualTo(21);
    assertThat(byId.get("errorCount").asLong()).isEqualTo(1);
    assertThat(byId.get("avgMs").asDouble()).isEqualTo(125.714); // (19 × 10 + 450 + 2000) / 21
    assertThat(byId.get("maxMs").asLong()).isEqualTo(2_000);
    // 21 calls: rank 20 falls in the 300..500 ms band (19 in 0..100 ms, then 450 ms, then 2 s).
    assertThat(byId.get("p95Ms").asLong()).isEqualTo(500);
    assertThat(byId.fieldNames()).toIterable().containsExactly("statement", "dbSystem", "database",
        "totalCount", "errorCount", "avgMs", "maxMs", "p95Ms", "examples");
    // Every database call of the workload is in the entry span's trace: one example, which opens that trace
    // (the entry and its 24 database calls; the HTTP call has a trace of its own).
    assertThat(byId.get("examples")).hasSize(1);
    assertThat(api.ok("/api/v1/traces/" + byId.get("examples").get(0).asText()).get("spanCount").asInt())
        .isEqualTo(25);
    JsonNode redis = all.get("rows").get(1);
    assertThat(redis.get("p95Ms").asLong()).isEqualTo(2); // the band's 100 ms, bounded by the exact max

    // Minute 0 only: the 2-second look-up is out of range; 20 calls, rank 19 in 0..100 ms.
    JsonNode minute0 = ok(app, "from=" + T0 + "&to=" + (T0 + MIN));
    assertThat(minute0.get("rows").get(0).get("totalCount").asLong()).isEqualTo(20);
    assertThat(minute0.get("rows").get(0).get("p95Ms").asLong()).isEqualTo(100);
    assertThat(minute0.get("rows").get(0).get("maxMs").asLong()).isEqualTo(450);
    assertThat(ok("nobody", "from=" + T0 + "&to=" + (T0 + MIN)).get("rows")).isEmpty();
  }

  @Test
  void longRanges_readTheHourlyRollUps_sameRows() throws Exception {
    String app = sendShopWorkload();
    receiver.flushStatistics();
    long days13 = 13 * 24 * 3_600_000L;

    JsonNode longRange = ok(app, "from=" + (T0 - days13) + "&to=" + (T0 + 5 * MIN));
    JsonNode minutes = ok(app, "from=" + T0 + "&to=" + (T0 + 5 * MIN));
    assertThat(longRange.get("resolution").asText()).isEqualTo("1h");
    assertThat(minutes.get("resolution").asText()).isEqualTo("1m");
    assertThat(longRange.get("rows")).isEqualTo(minutes.get("rows"));
    assertThat(longRange.get("rows").get(0).get("totalCount").asLong()).isEqualTo(21);
  }

  @ParameterizedTest(name = "sort={0}")
  @CsvSource({
      "busiest, postgresql/shop " + BY_ID,
      "slowest, postgresql/shop " + BY_ID,
      "errors, postgresql/shop " + BY_ID,
  })
  void sqls_sortedAndLimited(String sort, String first) throws Exception {
    String app = sendShopWorkload();
    receiver.flushStatistics();

    assertThat(rows(ok(app, "from=" + T0 + "&to=" + (T0 + 5 * MIN) + "&sort=" + sort + "&limit=1")))
        .containsExactly(first);
    // Minute 0 alone: the insert (30 ms) is slowest after the look-ups' 32 ms average; else ties of one
    // call and no error go to the statement's name.
    assertThat(rows(ok(app, "from=" + T0 + "&to=" + (T0 + MIN) + "&sort=" + sort + "&limit=2")).get(1))
        .isEqualTo(sort.equals("slowest")
            ? "postgresql/shop INSERT INTO orders (id, note) VALUES (?, ?)" : "redis/redis GET");
  }

  @Test
  void statementsPastTheCap_foldIntoOther_countedInTheAnswerAndOnMetrics() throws Exception {
    Span entry = span(Span.SpanKind.SPAN_KIND_SERVER, ByteString.EMPTY, T0 + 500, 3_000, "job", false);
    List<Span> spans = new ArrayList<>(List.of(entry));
    for (String table : List.of("a", "b", "c", "a", "d", "e", "f")) {
      spans.add(db(entry, T0 + 1_000, 5, false, "postgresql", "shop", "db.statement",
          "SELECT x FROM " + table));
    }
    String app = TestObjects.uniqueName("catalog");
    long foldedBefore = receiver.statistics().foldedStatementSpans();
    api.sendSpans(app, spans);
    receiver.flushStatistics();

    JsonNode sqls = ok(app, "from=" + T0 + "&to=" + (T0 + MIN));
    assertThat(sqls.get("folded").asLong()).isEqualTo(2);
    assertThat(rows(sqls)).containsExactly("postgresql/shop SELECT x FROM a", "postgresql/shop other",
        "postgresql/shop SELECT x FROM b", "postgresql/shop SELECT x FROM c", "postgresql/shop SELECT x FROM d");
    long folded = receiver.statistics().foldedStatementSpans();
    assertThat(folded - foldedBefore).isEqualTo(2);
    assertCounter("pinscope_statistics_folded_statement_spans_total", folded);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "from=1&to=2&sort=fastest | sort: fastest (expected: busiest, slowest or errors)",
      "from=1&to=2&limit=0 | limit: 0 (expected: an integer 1..500)",
      "from=1&to=2&limit=x | limit: x (expected: an integer 1..500)",
      "to=2 | from: (missing) (expected: epoch milliseconds)",
      "from=5&to=2 | to: 2 (expected: > from 5)",
      "from=0&to=1209600001 | to: 1209600001 (expected: at most 14 days after from 0; the range limit is 14 days)",
  })
  void badParameters_answer400NamingTheParameter(String query, String message) throws Exception {
    assertBadRequest("/api/v1/applications/shop/sql-stats?" + query, message);
  }

  private JsonNode ok(String app, String query) throws Exception {
    return api.ok("/api/v1/applications/" + app + "/sql-stats?" + query);
  }

  private Span db(Span parent, long startMillis, long elapsedMillis, boolean error, String system,
      String database, String key, String value) {
    return span(Span.SpanKind.SPAN_KIND_CLIENT, parent.getSpanId(), startMillis, elapsedMillis, "query", error)
        .toBuilder().setTraceId(parent.getTraceId()).addAttributes(text("db.system", system))
        .addAttributes(text("db.name", database)).addAttributes(text(key, value)).build();
  }

  private Span span(Span.SpanKind kind, ByteString parent, long startMillis, long elapsedMillis, String name,
      boolean error) {
    return span(kind, startMillis, elapsedMillis, name, error).setParentSpanId(parent).build();
  }

  private static List<String> rows(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("rows").forEach(r -> out.add(r.get("dbSystem").asText() + "/" + r.get("database").asText() + " "
        + r.get("statement").asText()));
    return out;
  }
}
