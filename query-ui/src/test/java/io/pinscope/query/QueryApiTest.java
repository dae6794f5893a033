package io.pinscope.query;

import static io.pinscope.query.ShopFixture.MIN;
import static io.pinscope.query.ShopFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinscope.storage.Storage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint of API.md against {@link ShopFixture}, over HTTP on a loopback port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String RANGE = "from=" + T0 + "&to=" + (T0 + 10 * MIN);
  static final String EMPTY_RANGE = "from=" + (T0 + 86_400_000L) + "&to=" + (T0 + 90_000_000L);

  Storage storage;
  TestApiServer api;

  @BeforeAll
  void start() {
    storage = ShopFixture.open();
    ShopFixture.write(storage);
    api = TestApiServer.start(sb -> QueryApi.configure(sb, storage));
  }

  @AfterAll
  void stop() {
    api.close();
    storage.close();
  }

  record Answer(int status, JsonNode body) {}

  Answer get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = api.get(pathAndQuery);
    return new Answer(r.statusCode(), MAPPER.readTree(r.body()));
  }

  JsonNode ok(String pathAndQuery) throws Exception {
    return api.ok(pathAndQuery);
  }

  static JsonNode byKey(JsonNode array, String key) {
    for (JsonNode n : array) {
      if (n.get("key").asText().equals(key)) {
        return n;
      }
    }
    throw new AssertionError("no " + key + " in " + array);
  }

  static List<String> keys(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get("key").asText()));
    return out;
  }

  @Test
  void storageFailure_is500WithAGenericMessage() throws Exception {
    Storage closed = ShopFixture.open();
    closed.close(); // repositories now fail with IllegalStateException
    try (TestApiServer broken = TestApiServer.start(sb -> QueryApi.configure(sb, closed))) {
      HttpResponse<String> r = broken.get("/api/v1/applications");
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(MAPPER.readTree(r.body()).get("error").asText()).isEqualTo("internal error");
    }
  }

  @Nested
  class Applications {
    @Test
    void applications_sortedByName() throws Exception {
      JsonNode body = ok("/api/v1/applications");
      assertThat(body).extracting(n -> n.get("name").asText())
          .containsExactly("billing-a", "billing-b", "orders", "shipping", "web");
      assertThat(body.get(0).get("serviceType").asText()).isEqualTo("JAVA");
      assertThat(body.get(0).get("serviceTypeCode").asInt()).isEqualTo(1001);
    }

    @Test
    void agents_listedWithHostAndTimes() throws Exception {
      JsonNode body = ok("/api/v1/applications/web/agents?" + RANGE);
      assertThat(body).extracting(n -> n.get("agentId").asText()).containsExactly("web-1", "web-2");
      assertThat(body.get(0).get("hostname").asText()).isEqualTo("web-host-1");
      assertThat(body.get(0).get("startTime").asLong()).isEqualTo(T0 - 3_600_000L);
      assertThat(body.get(0).get("lastSeen").asLong()).isEqualTo(T0 + 10 * MIN);
      assertThat(body.get(0).get("serviceTypeCode").asInt()).isEqualTo(1001);
    }

    @Test
    void agents_emptyOutsideTheirRange_orForUnknownApplication() throws Exception {
      assertThat(ok("/api/v1/applications/web/agents?" + EMPTY_RANGE)).isEmpty();
      assertThat(ok("/api/v1/applications/nope/agents?" + RANGE)).isEmpty();
    }

    @Test
    void agents_badRange_is400() throws Exception {
      Answer a = get("/api/v1/applications/web/agents?from=10&to=5");
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.body().get("error").asText()).isEqualTo("to: 5 (expected: > from 10)");
    }
  }

  @Nested
  class ServerMap {
    @Test
    void depthOne_showsUserCalleesAndVirtualLinks() throws Exception {
      JsonNode map = ok("/api/v1/servermap?application=web&" + RANGE);
      assertThat(keys(map.get("nodes"))).containsExactlyInAnyOrder("web^USER", "web^JAVA", "orders^JAVA",
          "api.partner.example:443^OPENTELEMETRY_CLIENT", "billing-a^JAVA", "billing-b^JAVA");
      JsonNode web = byKey(map.get("nodes"), "web^JAVA");
      assertThat(web.get("category").asText()).isEqualTo("SERVER");
      assertThat(web.get("applicationName").asText()).isEqualTo("web");
      assertThat(web.get("totalCount").asLong()).isEqualTo(13);
      assertThat(web.get("errorCount").asLong()).isEqualTo(1);
      assertThat(web.get("slowCount").asLong()).isEqualTo(1);
      assertThat(web.get("maxMs").asLong()).isEqualTo(6_000);
      assertThat(web.get("agents")).extracting(JsonNode::asText).containsExactly("web-1", "web-2");
      assertThat(MAPPER.convertValue(web.get("histogram"), new TypeReference<java.util.Map<String, Integer>>() {}))
          .containsExactly(entry("1s", 10), entry("3s", 1), entry("5s", 0), entry("slow", 1), entry("error", 1));
      assertThat(byKey(map.get("nodes"), "web^USER").get("category").asText()).isEqualTo("USER");
      assertThat(byKey(map.get("nodes"), "api.partner.example:443^OPENTELEMETRY_CLIENT").get("totalCount").asLong())
          .isEqualTo(3);

      JsonNode toOrders = byKey(map.get("links"), "web^JAVA~orders^JAVA");
      assertThat(toOrders.get("from").asText()).isEqualTo("web^JAVA");
      assertThat(toOrders.get("to").asText()).isEqualTo("orders^JAVA");
      assertThat(toOrders.get("totalCount").asLong()).isEqualTo(5);
      assertThat(toOrders.get("errorCount").asLong()).isEqualTo(1);
      assertThat(toOrders.get("avgMs").asDouble()).isEqualTo(360.0);
      assertThat(toOrders.get("maxMs").asLong()).isEqualTo(1_500);
      assertThat(toOrders.get("virtual").asBoolean()).isFalse();
      assertThat(byKey(map.get("links"), "web^USER~web^JAVA").get("totalCount").asLong()).isEqualTo(13);
      for (String billing : List.of("billing-a", "billing-b")) {
        JsonNode l = byKey(map.get("links"), "web^JAVA~" + billing + "^JAVA");
        assertThat(l.get("virtual").asBoolean()).isTrue();
        assertThat(l.get("totalCount").asLong()).isEqualTo(2);
      }
      assertThat(map.get("truncated").asBoolean()).isFalse();
    }

    private static java.util.Map.Entry<String, Integer> entry(String k, int v) {
      return java.util.Map.entry(k, v);
    }

    @Test
    void outboundTwo_reachesTerminalNodes_withTheirBands() throws Exception {
      JsonNode map = ok("/api/v1/servermap?application=web&outbound=2&" + RANGE);
      assertThat(keys(map.get("nodes"))).contains("shop^MYSQL", "redis:6379^REDIS", "orders-topic^KAFKA_CLIENT");
      JsonNode redis = byKey(map.get("nodes"), "redis:6379^REDIS");
      assertThat(redis.get("category").asText()).isEqualTo("CACHE");
      assertThat(redis.get("totalCount").asLong()).isEqualTo(4);
      assertThat(redis.get("histogram").get("100ms").asLong()).isEqualTo(2);
      assertThat(redis.get("histogram").get("300ms").asLong()).isEqualTo(1);
      assertThat(redis.get("histogram").get("error").asLong()).isEqualTo(1);
      assertThat(byKey(map.get("nodes"), "shop^MYSQL").get("category").asText()).isEqualTo("DATABASE");
      assertThat(byKey(map.get("nodes"), "shop^MYSQL").get("totalCount").asLong()).isEqualTo(5);
      assertThat(byKey(map.get("nodes"), "orders^JAVA").get("agents")).hasSize(2);
      assertThat(byKey(map.get("nodes"), "orders^JAVA").get("totalCount").asLong()).isEqualTo(5);
    }

    @Test
    void inbound_followsCallersAndStopsAtQueues() throws Exception {
      JsonNode map = ok("/api/v1/servermap?application=shipping&inbound=3&" + RANGE);
      assertThat(keys(map.get("nodes"))).containsExactlyInAnyOrder("shipping^JAVA", "orders-topic^KAFKA_CLIENT");
      JsonNode topic = byKey(map.get("nodes"), "orders-topic^KAFKA_CLIENT");
      assertThat(topic.get("category").asText()).isEqualTo("QUEUE");
      assertThat(topic.get("totalCount").asLong()).isEqualTo(2);
    }

    @Test
    void bidirectional_exploresBothWays_andCountsEachRowOnce() throws Exception {
      JsonNode uni = ok("/api/v1/servermap?application=orders&inbound=2&outbound=2&" + RANGE);
      assertThat(keys(uni.get("nodes"))).doesNotContain("billing-a^JAVA");
      JsonNode bi = ok("/api/v1/servermap?application=orders&inbound=2&outbound=2&bidirectional=true&" + RANGE);
      assertThat(keys(bi.get("nodes"))).contains("web^USER", "web^JAVA", "billing-a^JAVA", "shop^MYSQL",
          "api.partner.example:443^OPENTELEMETRY_CLIENT");
      assertThat(byKey(bi.get("links"), "web^JAVA~orders^JAVA").get("totalCount").asLong()).isEqualTo(5);
    }

    @Test
    void emptyRange_givesOnlyTheApplication_unknownApplicationNothing() throws Exception {
      JsonNode map = ok("/api/v1/servermap?application=web&" + EMPTY_RANGE);
      assertThat(keys(map.get("nodes"))).containsExactly("web^JAVA");
      assertThat(map.get("nodes").get(0).get("totalCount").asLong()).isZero();
      assertThat(map.get("links")).isEmpty();
      JsonNode none = ok("/api/v1/servermap?application=nope&" + RANGE);
      assertThat(none.get("nodes")).isEmpty();
      assertThat(none.get("links")).isEmpty();
    }

    @Test
    void node_serverHasLoadAndInstances() throws Exception {
      JsonNode n = ok("/api/v1/servermap/node?application=web&key=web%5EJAVA&" + RANGE);
      assertThat(n.get("key").asText()).isEqualTo("web^JAVA");
      assertThat(n.get("totalCount").asLong()).isEqualTo(13);
      assertThat(n.get("errorCount").asLong()).isEqualTo(1);
      assertThat(n.get("maxMs").asLong()).isEqualTo(6_000);
      assertThat(n.get("load").get("bucketMs").asLong()).isEqualTo(60_000);
      JsonNode points = n.get("load").get("points");
      assertThat(points).hasSize(10);
      assertThat(points.get(0).get(0).asLong()).isEqualTo(T0);
      assertThat(points.get(0).get(1).get("1s").asLong()).isEqualTo(8);
      assertThat(points.get(0).get(1).get("slow").asLong()).isEqualTo(1);
      assertThat(points.get(1).get(1).get("1s").asLong()).isEqualTo(2);
      assertThat(points.get(2).get(1).get("1s").asLong()).isZero();
      JsonNode instances = n.get("instances");
      assertThat(instances).extracting(i -> i.get("agentId").asText()).containsExactly("web-1", "web-2");
      assertThat(instances.get(0).get("hostname").asText()).isEqualTo("web-host-1");
      assertThat(instances.get(0).get("totalCount").asLong()).isEqualTo(12);
      assertThat(instances.get(1).get("totalCount").asLong()).isEqualTo(1);
    }

    @Test
    void node_terminalAndUser() throws Exception {
      JsonNode db = ok("/api/v1/servermap/node?application=web&key=shop%5EMYSQL&" + RANGE);
      assertThat(db.get("totalCount").asLong()).isEqualTo(5);
      assertThat(db.get("errorCount").asLong()).isEqualTo(1);
      assertThat(db.get("instances")).isEmpty();
      JsonNode user = ok("/api/v1/servermap/node?application=web&key=web%5EUSER&" + RANGE);
      assertThat(user.get("totalCount").asLong()).isEqualTo(13);
      JsonNode topic = ok("/api/v1/servermap/node?application=web&key=orders-topic%5EKAFKA_CLIENT&" + RANGE);
      assertThat(topic.get("totalCount").asLong()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> bucket {1} ms")
    @CsvSource({"3600000, 60000", "3600001, 300000", "21600000, 300000", "43200000, 600000",
        "86400000, 1200000", "172800000, 1800000"})
    void node_loadIsDownSampled(long length, long bucket) throws Exception {
      JsonNode n = ok("/api/v1/servermap/node?application=web&key=web%5EJAVA&from=" + T0 + "&to=" + (T0 + length));
      assertThat(n.get("load").get("bucketMs").asLong()).isEqualTo(bucket);
      assertThat(n.get("totalCount").asLong()).isEqualTo(13);
      long sum = 0;
      for (JsonNode p : n.get("load").get("points")) {
        sum += p.get(1).get("1s").asLong() + p.get(1).get("3s").asLong() + p.get(1).get("5s").asLong()
            + p.get(1).get("slow").asLong() + p.get(1).get("error").asLong();
      }
      assertThat(sum).isEqualTo(13);
    }

    @Test
    void link_detail_plainVirtualUserAndCache() throws Exception {
      JsonNode l = ok("/api/v1/servermap/link?application=web&source=web%5EJAVA&target=orders%5EJAVA&" + RANGE);
      assertThat(l.get("from").asText()).isEqualTo("web^JAVA");
      assertThat(l.get("to").asText()).isEqualTo("orders^JAVA");
      assertThat(l.get("totalCount").asLong()).isEqualTo(5);
      assertThat(l.get("errorCount").asLong()).isEqualTo(1);
      assertThat(l.get("avgMs").asDouble()).isEqualTo(360.0);
      assertThat(l.get("maxMs").asLong()).isEqualTo(1_500);
      assertThat(l.get("load").get("points").get(0).get(1).get("error").asLong()).isEqualTo(1);
      JsonNode virtual = ok("/api/v1/servermap/link?application=web&source=web%5EJAVA&target=billing-b%5EJAVA&"
          + RANGE);
      assertThat(virtual.get("totalCount").asLong()).isEqualTo(2);
      assertThat(virtual.get("virtual").asBoolean()).isTrue();
      JsonNode user = ok("/api/v1/servermap/link?application=web&source=web%5EUSER&target=web%5EJAVA&" + RANGE);
      assertThat(user.get("totalCount").asLong()).isEqualTo(13);
      JsonNode cache = ok("/api/v1/servermap/link?application=orders&source=orders%5EJAVA"
          + "&target=redis:6379%5EREDIS&" + RANGE);
      assertThat(cache.get("histogram").has("100ms")).isTrue();
      assertThat(cache.get("totalCount").asLong()).isEqualTo(4);
    }

    @Test
    void link_emptyRange_isZero() throws Exception {
      JsonNode l = ok("/api/v1/servermap/link?application=web&source=web%5EJAVA&target=orders%5EJAVA&"
          + EMPTY_RANGE);
      assertThat(l.get("totalCount").asLong()).isZero();
      assertThat(l.get("load").get("points")).isNotEmpty();
    }
  }

  @Nested
  class Scatter {
    @Test
    void dots_newestFirst_pagedWithoutLossOrDuplicates() throws Exception {
      JsonNode all = ok("/api/v1/scatter?application=web&" + RANGE);
      assertThat(all.get("dots")).hasSize(ShopFixture.DOTS);
      assertThat(all.get("complete").asBoolean()).isTrue();
      assertThat(all.get("next").isNull()).isTrue();
      JsonNode first = all.get("dots").get(0);
      assertThat(first.get("time").asLong()).isEqualTo(T0 + 5_000 + 19_000);
      assertThat(first.get("elapsedMs").asLong()).isEqualTo(1_900);
      assertThat(first.get("agentId").asText()).isEqualTo("web-2");
      assertThat(first.get("traceId").asText()).hasSize(32);
      assertThat(first.get("spanId").asText()).hasSize(16);
      assertThat(first.get("error").asBoolean()).isFalse();

      Set<String> seen = new HashSet<>();
      String cursor = "";
      int pages = 0;
      do {
        JsonNode page = ok("/api/v1/scatter?application=web&limit=6&" + RANGE + cursor);
        page.get("dots").forEach(d -> assertThat(seen.add(d.get("traceId").asText())).isTrue());
        cursor = page.get("complete").asBoolean() ? null : "&cursor=" + page.get("next").asText();
        pages++;
      } while (cursor != null);
      assertThat(seen).hasSize(ShopFixture.DOTS);
      assertThat(pages).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} -> {1} dots")
    @CsvSource({"error=true, 3", "error=false, 17", "agentId=web-2, 10", "minElapsed=1000, 10",
        "maxElapsed=300, 4", "minElapsed=500&maxElapsed=700&agentId=web-2, 2"})
    void filters(String filter, int expected) throws Exception {
      JsonNode page = ok("/api/v1/scatter?application=web&" + filter + "&" + RANGE);
      assertThat(page.get("dots")).hasSize(expected);
      assertThat(page.get("complete").asBoolean()).isTrue();
    }

    @Test
    void filteredPaging_findsEveryMatchOnce() throws Exception {
      Set<String> seen = new HashSet<>();
      String cursor = "";
      do {
        JsonNode page = ok("/api/v1/scatter?application=web&agentId=web-2&limit=3&" + RANGE + cursor);
        assertThat(page.get("dots").size()).isLessThanOrEqualTo(3);
        page.get("dots").forEach(d -> {
          assertThat(d.get("agentId").asText()).isEqualTo("web-2");
          assertThat(seen.add(d.get("traceId").asText())).isTrue();
        });
        cursor = page.get("complete").asBoolean() ? null : "&cursor=" + page.get("next").asText();
      } while (cursor != null);
      assertThat(seen).hasSize(10);
    }

    @Test
    void emptyRange_isEmptyAndComplete() throws Exception {
      JsonNode page = ok("/api/v1/scatter?application=web&" + EMPTY_RANGE);
      assertThat(page.get("dots")).isEmpty();
      assertThat(page.get("complete").asBoolean()).isTrue();
      assertThat(ok("/api/v1/scatter?application=nope&" + RANGE).get("dots")).isEmpty();
    }

    @Test
    void transactions_ofABox_areFilledFromTheirEntrySpans() throws Exception {
      long t = T0 + 5_000;
      JsonNode body = ok("/api/v1/transactions?application=web&from=" + t + "&to=" + (t + 1));
      assertThat(body.get("complete").asBoolean()).isTrue();
      assertThat(body.get("transactions")).hasSize(1);
      JsonNode tx = body.get("transactions").get(0);
      assertThat(tx.get("traceId").asText()).isEqualTo(ShopFixture.TRACE.toHex());
      assertThat(tx.get("spanId").asText()).isEqualTo("0000000000000001");
      assertThat(tx.get("transactionId").asText()).isEqualTo(ShopFixture.TX);
      assertThat(tx.get("startTime").asLong()).isEqualTo(t);
      assertThat(tx.get("elapsedMs").asLong()).isEqualTo(250);
      assertThat(tx.get("error").asBoolean()).isFalse();
      assertThat(tx.get("agentId").asText()).isEqualTo("web-1");
      assertThat(tx.get("application").asText()).isEqualTo("web");
      assertThat(tx.get("name").asText()).isEqualTo("GET /checkout");
      assertThat(tx.get("endpoint").asText()).isEqualTo("shop.example:443");
      assertThat(tx.get("remoteAddress").asText()).isEqualTo("10.0.0.9");
    }

    @Test
    void transactions_elapsedBoxAndLimit() throws Exception {
      JsonNode body = ok("/api/v1/transactions?application=web&minElapsed=1000&maxElapsed=1500&" + RANGE);
      assertThat(body.get("transactions")).extracting(n -> n.get("elapsedMs").asLong())
          .containsExactly(1_500L, 1_400L, 1_300L, 1_200L, 1_100L, 1_000L);
      JsonNode limited = ok("/api/v1/transactions?application=web&limit=2&" + RANGE);
      assertThat(limited.get("transactions")).hasSize(2);
      assertThat(limited.get("complete").asBoolean()).isFalse();
      assertThat(ok("/api/v1/transactions?application=web&" + EMPTY_RANGE).get("transactions")).isEmpty();
    }
  }

  @Nested
  class Traces {
    @Test
    void byTraceId_spansCallTreeMapAndLogs() throws Exception {
      JsonNode t = ok("/api/v1/traces/" + ShopFixture.TRACE.toHex().toUpperCase(java.util.Locale.ROOT));
      assertThat(t.get("traceId").asText()).isEqualTo(ShopFixture.TRACE.toHex());
      assertThat(t.get("transactionId").asText()).isEqualTo(ShopFixture.TX);
      assertThat(t.get("complete").asBoolean()).isTrue();
      assertThat(t.get("spanCount").asInt()).isEqualTo(7);

      JsonNode root = t.get("spans").get(0);
      assertThat(root.get("spanId").asText()).isEqualTo("0000000000000001");
      assertThat(root.get("parentSpanId").isNull()).isTrue();
      assertThat(root.get("kind").asText()).isEqualTo("SERVER");
      assertThat(root.get("elapsedMs").asDouble()).isEqualTo(250.0);
      assertThat(root.get("attributes").get("server.port").asLong()).isEqualTo(443);
      assertThat(root.get("scope").asText()).isEqualTo("io.opentelemetry.tomcat-10.0");
      JsonNode orders = t.get("spans").get(2);
      assertThat(orders.get("events").get(0).get("name").asText()).isEqualTo("exception");
      assertThat(orders.get("statusMessage").asText()).isEqualTo("failed");

      JsonNode rows = t.get("callTree");
      assertThat(rows).hasSize(7);
      assertThat(rows).extracting(r -> r.get("depth").asInt()).containsExactly(0, 1, 2, 3, 3, 3, 1);
      JsonNode r0 = rows.get(0);
      assertThat(r0.get("method").asText()).isEqualTo("GET /checkout");
      assertThat(r0.get("execMs").asDouble()).isEqualTo(250.0);
      assertThat(r0.get("execPercent").asDouble()).isEqualTo(100.0);
      assertThat(r0.get("selfMs").asDouble()).isEqualTo(30.0);
      assertThat(r0.get("className").asText()).isEqualTo("com.shop.CheckoutController");
      assertThat(r0.get("api").asText()).isEqualTo("HTTP_SERVER");
      assertThat(r0.get("entry").asBoolean()).isTrue();
      JsonNode server = rows.get(2);
      assertThat(server.get("application").asText()).isEqualTo("orders");
      assertThat(server.get("gapMs").asDouble()).isEqualTo(2.0);
      assertThat(server.get("hasException").asBoolean()).isTrue();
      assertThat(server.get("error").asBoolean()).isTrue();
      assertThat(rows.get(3).get("api").asText()).isEqualTo("MYSQL_CLIENT");
      assertThat(rows.get(5).get("api").asText()).isEqualTo("KAFKA_PRODUCER");

      JsonNode map = t.get("map");
      assertThat(keys(map.get("nodes"))).containsExactlyInAnyOrder("web^USER", "web^JAVA", "orders^JAVA",
          "shop^MYSQL", "redis:6379^REDIS", "orders-topic^KAFKA_CLIENT",
          "api.partner.example:443^OPENTELEMETRY_CLIENT");
      assertThat(keys(map.get("links"))).containsExactlyInAnyOrder("web^USER~web^JAVA", "web^JAVA~orders^JAVA",
          "orders^JAVA~shop^MYSQL", "orders^JAVA~redis:6379^REDIS", "orders^JAVA~orders-topic^KAFKA_CLIENT",
          "web^JAVA~api.partner.example:443^OPENTELEMETRY_CLIENT");
      JsonNode call = byKey(map.get("links"), "web^JAVA~orders^JAVA");
      assertThat(call.get("totalCount").asLong()).isEqualTo(1);
      assertThat(call.get("errorCount").asLong()).isEqualTo(1);
      assertThat(call.get("maxMs").asLong()).isEqualTo(100);

      JsonNode logs = t.get("logs");
      assertThat(logs).extracting(l -> l.get("body").asText()).containsExactly("checkout started", "order failed");
      assertThat(logs.get(0).get("severity").asText()).isEqualTo("INFO");
      assertThat(logs.get(1).get("spanId").asText()).isEqualTo("0000000000000003");
      assertThat(logs.get(1).get("attributes").get("thread").asText()).isEqualTo("http-1");
    }

    @Test
    void byTransactionId_findsTheSameTrace() throws Exception {
      JsonNode t = ok("/api/v1/traces/web-1%5E1700000000000%5E7");
      assertThat(t.get("traceId").asText()).isEqualTo(ShopFixture.TRACE.toHex());
      assertThat(t.get("spanCount").asInt()).isEqualTo(7);
    }

    @Test
    void unknownTraceOrTxId_is404() throws Exception {
      Answer a = get("/api/v1/traces/00000000000000000000000000000bad");
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.body().get("error").asText()).contains("00000000000000000000000000000bad");
      assertThat(get("/api/v1/traces/web-1%5E1%5E1").status()).isEqualTo(404);
    }
  }

  @Nested
  class Metrics {
    @Test
    void series_groupedByNameAndAttributes() throws Exception {
      JsonNode body = ok("/api/v1/agents/web-1/metrics?from=" + T0 + "&to=" + (T0 + MIN));
      JsonNode series = body.get("series");
      assertThat(series).hasSize(3);
      JsonNode heap = series.get(0);
      assertThat(heap.get("name").asText()).isEqualTo("jvm.memory.used");
      assertThat(heap.get("unit").asText()).isEqualTo("By");
      assertThat(heap.get("kind").asText()).isEqualTo("GAUGE");
      assertThat(heap.get("attributes").get("jvm.memory.type").asText()).isEqualTo("heap");
      assertThat(heap.get("points")).hasSize(3);
      assertThat(heap.get("points").get(0).get(0).asLong()).isEqualTo(T0);
      assertThat(heap.get("points").get(2).get(1).asDouble()).isEqualTo(1_002.0);
      JsonNode histogram = series.get(2);
      assertThat(histogram.get("kind").asText()).isEqualTo("HISTOGRAM");
      assertThat(histogram.get("points").get(0).get(1).asDouble()).isEqualTo(0.5);
    }

    @Test
    void emptyRange_isEmpty_unknownAgent404() throws Exception {
      assertThat(ok("/api/v1/agents/web-1/metrics?" + EMPTY_RANGE).get("series")).isEmpty();
      assertThat(get("/api/v1/agents/nobody/metrics?" + RANGE).status()).isEqualTo(404);
    }
  }

  @Nested
  class BadParameters {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/servermap?from=1&to=2|application: (missing) (expected: a non-empty value)",
        "/api/v1/servermap?application=web&from=abc&to=2|from: abc (expected: epoch milliseconds)",
        "/api/v1/servermap?application=web&to=2|from: (missing) (expected: epoch milliseconds)",
        "/api/v1/servermap?application=web&from=5&to=5|to: 5 (expected: > from 5)",
        "/api/v1/servermap?application=web&from=1&to=2&inbound=5|inbound: 5 (expected: an integer 1..4)",
        "/api/v1/servermap?application=web&from=1&to=2&outbound=0|outbound: 0 (expected: an integer 1..4)",
        "/api/v1/servermap?application=web&from=1&to=2&bidirectional=yes|bidirectional: yes (expected: true or false)",
        "/api/v1/servermap/node?application=web&key=web&from=1&to=2|key: web (expected: a node key <name>^<SERVICE_TYPE>, e.g. frontend^JAVA)",
        "/api/v1/servermap/node?application=web&key=web%5ENOPE&from=1&to=2|key: web^NOPE (expected: a known service type after '^')",
        "/api/v1/servermap/link?application=web&source=web%5EJAVA&from=1&to=2|target: (missing) (expected: a non-empty value)",
        "/api/v1/scatter?application=web&from=1&to=2&limit=0|limit: 0 (expected: an integer 1..10000)",
        "/api/v1/scatter?application=web&from=1&to=2&limit=10001|limit: 10001 (expected: an integer 1..10000)",
        "/api/v1/scatter?application=web&from=1&to=2&cursor=zz|cursor: zz (expected: the 'next' of a previous page)",
        "/api/v1/scatter?application=web&from=1&to=2&error=1|error: 1 (expected: true or false)",
        "/api/v1/scatter?application=web&from=1&to=2&minElapsed=-1|minElapsed: -1 (expected: milliseconds >= 0)",
        "/api/v1/scatter?application=web&from=1&to=2&minElapsed=9&maxElapsed=3|maxElapsed: 3 (expected: >= minElapsed 9)",
        "/api/v1/transactions?application=web&from=1&to=2&limit=501|limit: 501 (expected: an integer 1..500)",
        "/api/v1/applications/web/inspector?to=2|from: (missing) (expected: epoch milliseconds)",
        "/api/v1/applications/web/inspector?from=5&to=2|to: 2 (expected: > from 5)",
        "/api/v1/agents/web-1/metrics?from=x&to=2|from: x (expected: epoch milliseconds)"})
    void answers400_namingParamValueAndExpectation(String request, String message) throws Exception {
      Answer a = get(request);
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.body().get("error").asText()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/api/v1/servermap?application=web, 2", "/api/v1/servermap/node?application=web&key=web%5EJAVA, 2",
        "/api/v1/servermap/link?application=web&source=web%5EJAVA&target=orders%5EJAVA, 2",
        "/api/v1/scatter?application=web, 2", "/api/v1/transactions?application=web, 2",
        "/api/v1/applications/web/inspector?name=jvm.memory.used, 14", "/api/v1/applications/web/uri-stats?x=1, 14",
        "/api/v1/applications/web/sql-stats?x=1, 14",
        "/api/v1/agents/web-1/metrics?x=1, 42"})
    void overLongRange_is400NamingTheLimit(String request, int days) throws Exception {
      Answer a = get(request + "&from=0&to=" + (days * 86_400_000L + 1));
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.body().get("error").asText()).contains("range limit is " + days + " days");
      assertThat(get(request + "&from=0&to=" + days * 86_400_000L).status()).isEqualTo(200);
    }
  }
}
