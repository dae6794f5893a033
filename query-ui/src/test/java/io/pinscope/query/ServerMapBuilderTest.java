package io.pinscope.query;

import static io.pinscope.query.ShopFixture.JAVA;
import static io.pinscope.query.ShopFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.HistogramSchema;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import org.junit.jupiter.api.Test;

class ServerMapBuilderTest {
  @Test
  void build_boundsNodesAndLinks_andSaysSo() {
    try (Storage storage = ShopFixture.open()) {
      StatisticsBatch b = new StatisticsBatch();
      for (int i = 0; i < ServerMapBuilder.MAX_NODES + 50; i++) {
        b.addLink(new SlotValue<>(T0, new LinkKey("big", JAVA, "db" + i, ServiceTypeRegistry.MYSQL.code(), ""),
            ShopFixture.h(HistogramSchema.NORMAL, ShopFixture.ok(1))));
      }
      storage.statistics().write(b);
      ServerMap map =
          ServerMapBuilder.build(storage.statistics(), "big", JAVA, T0, T0 + 60_000, 1, 1, false);
      assertThat(map.truncated()).isTrue();
      assertThat(map.nodes()).hasSize(ServerMapBuilder.MAX_NODES);
      assertThat(map.links()).hasSize(ServerMapBuilder.MAX_NODES - 1);
    }
  }

  @Test
  void build_pinpointSpringBootCaller_isASpringBootServerNode() {
    try (Storage storage = ShopFixture.open()) {
      StatisticsBatch b = new StatisticsBatch();
      // The caller type of an entry whose pp came from Pinpoint-pAppType: 1210 (a Pinpoint agent in Spring Boot).
      b.addLink(new SlotValue<>(T0, new LinkKey("boot", 1210, "api", JAVA, "api:8080"),
          ShopFixture.h(HistogramSchema.NORMAL, ShopFixture.ok(1))));
      storage.statistics().write(b);
      ServerMap map = ServerMapBuilder.build(storage.statistics(), "api", JAVA, T0, T0 + 60_000, 1, 1, false);

      assertThat(map.nodes()).extracting(n -> n.key().render() + " " + n.key().category())
          .contains("boot^SPRING_BOOT SERVER", "api^JAVA SERVER");
    }
  }

  @Test
  void build_depthLimitsTheSearch() {
    try (Storage storage = ShopFixture.open()) {
      StatisticsBatch b = new StatisticsBatch();
      // a -> b -> c -> d -> e -> f: outbound depth n reaches n applications past a.
      String[] apps = {"a", "b", "c", "d", "e", "f"};
      for (int i = 0; i + 1 < apps.length; i++) {
        b.addLink(new SlotValue<>(T0, new LinkKey(apps[i], JAVA, apps[i + 1], JAVA, ""),
            ShopFixture.h(HistogramSchema.NORMAL, ShopFixture.ok(1))));
      }
      storage.statistics().write(b);
      for (int depth = 1; depth <= 4; depth++) {
        ServerMap out =
            ServerMapBuilder.build(storage.statistics(), "a", JAVA, T0, T0 + 60_000, 1, depth, false);
        assertThat(out.nodes()).as("outbound %d", depth).hasSize(depth + 1);
        ServerMap in =
            ServerMapBuilder.build(storage.statistics(), "f", JAVA, T0, T0 + 60_000, depth, 1, false);
        assertThat(in.nodes()).as("inbound %d", depth).hasSize(depth + 1);
      }
    }
  }
}
