package io.pinscope.servermap;

import static io.pinscope.TestSpans.span;
import static io.pinscope.model.SpanKind.CLIENT;
import static io.pinscope.model.SpanKind.PRODUCER;
import static io.pinscope.model.SpanKind.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.servermap.MapContributions.Contribution;
import io.pinscope.servermap.MapContributions.PairKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The short cuts of the ingest path give what the plain rules give. */
class MapContributionsTest {
  private static final int JAVA = ServiceTypeRegistry.JAVA.code();

  private static List<StoredSpan> spans() {
    return List.of(
        span("web", SERVER, 1, SpanIds.NONE, 0, 100).build(),
        span("web", CLIENT, 2, 1, 10, 90).attributes(Attributes.of("db.system.name", "postgresql",
            "db.namespace", "shop", "db.query.text", "SELECT * FROM t WHERE id = 7", "server.address", "pg",
            "server.port", 5432L)).build(),
        span("web", CLIENT, 3, 1, 10, 90).attributes(Attributes.of("db.system", "redis", "db.namespace", "0",
            "net.peer.name", "cache", "net.peer.port", 6379L, "db.statement", "GET k")).build(),
        span("web", CLIENT, 4, 1, 10, 90).attributes(Attributes.of("peer.service", "billing",
            "url.full", "http://b.example/x")).build(),
        span("web", CLIENT, 5, 1, 10, 90).attributes(Attributes.of("http.url", "http://b.example:8/x")).build(),
        span("web", PRODUCER, 6, 1, 10, 90).attributes(Attributes.of("messaging.system", "kafka",
            "messaging.destination.name", "orders", "server.address", "k")).build());
  }

  @Test
  void addTo_returnsTheDatabaseCall_andStatementOfItEqualsTheLookedUpOne() {
    int databases = 0;
    for (StoredSpan s : spans()) {
      List<Contribution> out = new ArrayList<>();
      MapContributions.DatabaseCall db = MapContributions.addTo(out, s, JAVA);
      assertThat(db).as("%s", s.attributes()).isEqualTo(MapContributions.databaseCall(s));
      assertThat(MapContributions.statementOf(s, db)).isEqualTo(MapContributions.statementOf(s));
      assertThat(out).isEqualTo(MapContributions.of(s, JAVA));
      databases += db == null ? 0 : 1;
    }
    assertThat(databases).isEqualTo(2);
  }

  @Test
  void pairKey_equalForTheSameCall_only() {
    PairKey k = new PairKey(new TraceId(1, 2), 3);
    assertThat(k).isEqualTo(new PairKey(new TraceId(1, 2), 3)).hasSameHashCodeAs(new PairKey(new TraceId(1, 2), 3));
    assertThat(k).isNotEqualTo(new PairKey(new TraceId(1, 2), 4)).isNotEqualTo(new PairKey(new TraceId(2, 2), 3))
        .isNotEqualTo(new PairKey(new TraceId(1, 3), 3));
  }

  @Test
  void slotted_equalForTheSameSlotAndKey_only() {
    assertThat(new Slotted<>(60_000, "a")).isEqualTo(new Slotted<>(60_000, new String("a")))
        .hasSameHashCodeAs(new Slotted<>(60_000, "a"))
        .isNotEqualTo(new Slotted<>(120_000, "a")).isNotEqualTo(new Slotted<>(60_000, "b"));
  }
}
