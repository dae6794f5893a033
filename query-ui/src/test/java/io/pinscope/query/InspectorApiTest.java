package io.pinscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The application inspector over three agents' known {@code jvm.memory.used} readings: per-minute means per
 * agent, then avg/min/max across agents and which agent holds the min and the max.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InspectorApiTest {
  static final long MIN = 60_000L;
  /** On a minute boundary. */
  static final long T0 = 1_700_000_040_000L;
  static final Attributes HEAP = Attributes.of("jvm.memory.type", "heap");
  static final Attributes NON_HEAP = Attributes.of("jvm.memory.type", "non_heap");
  static final String RANGE = "?from=" + T0 + "&to=" + (T0 + 3 * MIN);

  private Storage storage;
  private TestApiServer api;
  private final List<MetricPoint> points = new ArrayList<>();

  @BeforeAll
  void start() {
    storage = Storage.open(StorageConfig.builder().engine("memory").build());
    for (String agent : List.of("shop-a", "shop-b", "shop-c")) {
      register("shop", agent, T0 + 10 * MIN);
    }
    register("shop", "shop-gone", T0 - 2 * 24 * 60 * MIN); // not seen in range: not in the inspector
    register("web", "web-1", T0 + 10 * MIN);
    // Minute 0: shop-a reads 100 and 300 (mean 200), shop-b 50, shop-c 350.
    gauge("shop-a", HEAP, T0, 100);
    gauge("shop-a", HEAP, T0 + 30_000, 300);
    gauge("shop-b", HEAP, T0 + 5_000, 50);
    gauge("shop-c", HEAP, T0 + 59_999, 350);
    // Minute 1: shop-a 500, shop-b 700, shop-c nothing.
    gauge("shop-a", HEAP, T0 + MIN, 500);
    gauge("shop-b", HEAP, T0 + MIN + 10_000, 700);
    // Minute 2: shop-b and shop-c tie at 10: both min and max go to the lower id.
    gauge("shop-b", HEAP, T0 + 2 * MIN, 10);
    gauge("shop-c", HEAP, T0 + 2 * MIN, 10);
    // Past the range, another application's agent, another series, another metric.
    gauge("shop-a", HEAP, T0 + 3 * MIN, 9_999);
    gauge("web-1", HEAP, T0, 1_000_000);
    gauge("shop-a", NON_HEAP, T0, 80);
    points.add(new MetricPoint("shop-a", "jvm.thread.count", "{thread}", MetricPoint.Kind.GAUGE,
        Attributes.empty(), T0 * 1_000_000L, new MetricValue.Scalar(20)));
    storage.metrics().write(points);
    api = TestApiServer.start(sb -> QueryApi.configure(sb, storage));
  }

  @AfterAll
  void stop() {
    api.close();
    storage.close();
  }

  @Test
  void perMinute_avgMinMax_andTheAgentsHoldingMinAndMax() throws Exception {
    JsonNode body = api.ok("/api/v1/applications/shop/inspector" + RANGE);

    assertThat(body.get("agents").toString()).isEqualTo("[\"shop-a\",\"shop-b\",\"shop-c\"]");
    assertThat(body.get("bucketMs").asLong()).isEqualTo(MIN);
    assertThat(body.get("truncated").asBoolean()).isFalse();
    JsonNode series = body.get("series");
    assertThat(series).hasSize(3);
    assertThat(series.get(0).toString()).isEqualTo("{\"name\":\"jvm.memory.used\",\"unit\":\"By\","
        + "\"kind\":\"GAUGE\",\"attributes\":{\"jvm.memory.type\":\"heap\"},\"points\":["
        + "[" + T0 + ",200.0,50.0,350.0,\"shop-b\",\"shop-c\"],"
        + "[" + (T0 + MIN) + ",600.0,500.0,700.0,\"shop-a\",\"shop-b\"],"
        + "[" + (T0 + 2 * MIN) + ",10.0,10.0,10.0,\"shop-b\",\"shop-b\"]]}");
    assertThat(series.get(1).get("attributes").toString()).isEqualTo("{\"jvm.memory.type\":\"non_heap\"}");
    assertThat(series.get(1).get("points").toString())
        .isEqualTo("[[" + T0 + ",80.0,80.0,80.0,\"shop-a\",\"shop-a\"]]");
    assertThat(series.get(2).get("name").asText()).isEqualTo("jvm.thread.count");
  }

  @Test
  void nameFilter_keepsThatMetricOnly() throws Exception {
    JsonNode body = api.ok("/api/v1/applications/shop/inspector" + RANGE + "&name=jvm.thread.count");

    assertThat(body.get("series")).hasSize(1);
    assertThat(body.get("series").get(0).get("points").toString())
        .isEqualTo("[[" + T0 + ",20.0,20.0,20.0,\"shop-a\",\"shop-a\"]]");
    assertThat(api.ok("/api/v1/applications/shop/inspector" + RANGE + "&name=no.such.metric").get("series"))
        .isEmpty();
  }

  @Test
  void longerRange_coarserBuckets() throws Exception {
    JsonNode body = api.ok("/api/v1/applications/shop/inspector?from=" + (T0 - 2 * 60 * MIN) + "&to="
        + (T0 + 60 * MIN) + "&name=jvm.memory.used");

    assertThat(body.get("bucketMs").asLong()).isEqualTo(5 * MIN);
    // T0 is 4 minutes into its 5-minute bucket, which holds minute 0 only.
    assertThat(body.get("series").get(0).get("points").get(0).toString())
        .isEqualTo("[" + (T0 - 4 * MIN) + ",200.0,50.0,350.0,\"shop-b\",\"shop-c\"]");
  }

  @Test
  void unknownApplication_hasNoAgentsAndNoSeries() throws Exception {
    JsonNode body = api.ok("/api/v1/applications/nobody/inspector" + RANGE);

    assertThat(body.get("agents")).isEmpty();
    assertThat(body.get("series")).isEmpty();
  }

  @Test
  void moreThanMaxSeries_keepsTheFirstInAnswerOrder_foldedAcrossAgents() throws Exception {
    register("big", "big-a", T0 + 10 * MIN);
    register("big", "big-b", T0 + 10 * MIN);
    // big-a (read first) brings the series past the cut first, then the ones that push them out; big-b
    // brings the first ones, folded with big-a's.
    List<MetricPoint> many = new ArrayList<>();
    int total = InspectorQueries.MAX_SERIES + 5;
    for (int i = total - 1; i >= 0; i--) {
      many.add(metric("big-a", i, 10));
    }
    for (int i = 0; i < 3; i++) {
      many.add(metric("big-b", i, 30));
    }
    storage.metrics().write(many);

    JsonNode body = api.ok("/api/v1/applications/big/inspector" + RANGE);

    assertThat(body.get("truncated").asBoolean()).isTrue();
    JsonNode series = body.get("series");
    assertThat(series).hasSize(InspectorQueries.MAX_SERIES);
    for (int i = 0; i < InspectorQueries.MAX_SERIES; i++) {
      assertThat(series.get(i).get("attributes").get("i").asText()).isEqualTo(String.format("%03d", i));
    }
    assertThat(series.get(0).get("points").toString())
        .isEqualTo("[[" + T0 + ",20.0,10.0,30.0,\"big-a\",\"big-b\"]]");
    assertThat(series.get(3).get("points").toString())
        .isEqualTo("[[" + T0 + ",10.0,10.0,10.0,\"big-a\",\"big-a\"]]");
  }

  private static MetricPoint metric(String agentId, int i, double value) {
    return new MetricPoint(agentId, "many.gauge", "1", MetricPoint.Kind.GAUGE,
        Attributes.of("i", String.format("%03d", i)), T0 * 1_000_000L, new MetricValue.Scalar(value));
  }

  private void register(String app, String agentId, long lastSeen) {
    storage.applications().register(new AgentInfo(app, agentId, 1001, agentId + "-host", lastSeen - 70 * MIN,
        lastSeen - 70 * MIN, lastSeen, Attributes.of("service.name", app)));
  }

  private void gauge(String agentId, Attributes attributes, long millis, double value) {
    points.add(new MetricPoint(agentId, "jvm.memory.used", "By", MetricPoint.Kind.GAUGE, attributes,
        millis * 1_000_000L, new MetricValue.Scalar(value)));
  }
}
