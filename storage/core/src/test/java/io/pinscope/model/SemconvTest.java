package io.pinscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SemconvTest {
  @Test
  void dbSystem_readsBothGenerations_stableFirst() {
    assertThat(Semconv.dbSystem(Attributes.of("db.system.name", "postgresql", "db.system", "other")))
        .isEqualTo("postgresql");
    assertThat(Semconv.dbSystem(Attributes.of("db.system", "mysql"))).isEqualTo("mysql");
    assertThat(Semconv.dbSystem(Attributes.of("db.system", ""))).isNull();
    assertThat(Semconv.dbSystem(Attributes.empty())).isNull();
  }

  @Test
  void databaseName_namespaceThenNameThenAddressThenSystem() {
    assertThat(Semconv.databaseName(Attributes.of("db.namespace", "shop", "db.name", "old"), "mysql"))
        .isEqualTo("shop");
    assertThat(Semconv.databaseName(Attributes.of("db.name", "shop", "server.address", "db"), "mysql"))
        .isEqualTo("shop");
    assertThat(Semconv.databaseName(Attributes.of("server.address", "db", "server.port", 5432L), "pg"))
        .isEqualTo("db:5432");
    assertThat(Semconv.databaseName(Attributes.of("net.peer.name", "db"), "pg")).isEqualTo("db");
    assertThat(Semconv.databaseName(Attributes.empty(), "h2")).isEqualTo("h2");
  }

  @Test
  void databaseName_skipsRedisDatabaseIndex_soBothGenerationsNameTheSameNode() {
    Attributes stable = Attributes.of("db.system.name", "redis", "db.namespace", "0",
        "server.address", "cache", "server.port", 6379L);
    Attributes old = Attributes.of("db.system", "redis", "db.redis.database_index", 0L,
        "net.peer.name", "cache", "net.peer.port", 6379L);

    assertThat(Semconv.databaseName(stable, "redis")).isEqualTo("cache:6379");
    assertThat(Semconv.databaseName(old, "redis")).isEqualTo("cache:6379");
  }

  @Test
  void destinationName_stableThenOldThenSystem() {
    assertThat(Semconv.destinationName(Attributes.of("messaging.destination.name", "t1",
        "messaging.destination", "t0"), "kafka")).isEqualTo("t1");
    assertThat(Semconv.destinationName(Attributes.of("messaging.destination", "t0"), "kafka"))
        .isEqualTo("t0");
    assertThat(Semconv.destinationName(Attributes.empty(), "kafka")).isEqualTo("kafka");
  }

  @Test
  void clientTarget_serverAddressThenNetPeerNameThenUrl() {
    assertThat(Semconv.clientTarget(Attributes.of("server.address", "a", "server.port", 80L,
        "net.peer.name", "b", "url.full", "http://c/"))).isEqualTo("a:80");
    assertThat(Semconv.clientTarget(Attributes.of("server.address", "a"))).isEqualTo("a");
    assertThat(Semconv.clientTarget(Attributes.of("net.peer.name", "b", "net.peer.port", "81")))
        .isEqualTo("b:81");
    assertThat(Semconv.clientTarget(Attributes.of("url.full", "https://user:pw@c.example:8443/x?y#z")))
        .isEqualTo("c.example:8443");
    assertThat(Semconv.clientTarget(Attributes.of("http.url", "http://[::1]:9000"))).isEqualTo("[::1]:9000");
    assertThat(Semconv.clientTarget(Attributes.of("url.full", "/relative/path"))).isEmpty();
    assertThat(Semconv.clientTarget(Attributes.empty())).isEmpty();
  }

  @Test
  void serverHost_serverAddressThenNetHostThenHttpHost() {
    assertThat(Semconv.serverHost(Attributes.of("server.address", "orders", "server.port", 8080L)))
        .isEqualTo("orders:8080");
    assertThat(Semconv.serverHost(Attributes.of("net.host.name", "orders", "net.host.port", 8080L)))
        .isEqualTo("orders:8080");
    assertThat(Semconv.serverHost(Attributes.of("http.host", "orders:8080"))).isEqualTo("orders:8080");
    assertThat(Semconv.serverHost(Attributes.of("http.url", "http://orders:8080/a"))).isEqualTo("orders:8080");
    assertThat(Semconv.serverHost(Attributes.of("client.address", "10.0.0.1"))).isEmpty();
  }

  @Test
  void serverHost_foldsThePortOnce_whenTheHostAttributeAlreadyCarriesIt() {
    // Flask under opentelemetry-instrument: net.host.name is the Host header, port included.
    assertThat(Semconv.serverHost(Attributes.of("net.host.name", "127.0.0.1:25002", "net.host.port", 25002L)))
        .isEqualTo("127.0.0.1:25002");
    assertThat(Semconv.serverHost(Attributes.of("server.address", "orders:8080", "server.port", 8080L)))
        .isEqualTo("orders:8080");
    assertThat(Semconv.serverHost(Attributes.of("net.host.name", "[::1]:8080", "net.host.port", 8080L)))
        .isEqualTo("[::1]:8080");
    assertThat(Semconv.serverHost(Attributes.of("net.host.name", "::1", "net.host.port", 8080L)))
        .isEqualTo("[::1]:8080");
    assertThat(Semconv.serverHost(Attributes.of("server.address", "[::1]", "server.port", 8080L)))
        .isEqualTo("[::1]:8080");
    assertThat(Semconv.serverHost(Attributes.of("net.host.name", "::1"))).isEqualTo("::1");
  }

  @Test
  void serverHost_readsTheCapturedHostHeader_anArrayOfValues() {
    Attributes captured = Attributes.builder().put("http.request.header.host",
        new AttributeValue.ArrayValue(java.util.List.of(new AttributeValue.StringValue("shop:8443")))).build();

    assertThat(Semconv.serverHost(captured)).isEqualTo("shop:8443");
  }

  @Test
  void clientAndServerOfOneCall_getTheSameHostKey_acrossGenerationsAndSdks() {
    String client = Semconv.clientTarget(Attributes.of("server.address", "127.0.0.1", "server.port", 25002L));
    assertThat(Semconv.serverHost(Attributes.of("net.host.name", "127.0.0.1:25002", "net.host.port", 25002L)))
        .isEqualTo(client);
    assertThat(Semconv.serverHost(Attributes.of("server.address", "127.0.0.1", "server.port", 25002L)))
        .isEqualTo(client);
    assertThat(Semconv.serverHost(Attributes.of("http.host", "127.0.0.1:25002"))).isEqualTo(client);
    assertThat(Semconv.clientTarget(Attributes.of("url.full", "http://127.0.0.1:25002/price"))).isEqualTo(client);
  }

  @Test
  void externalName_peerServiceThenTargetThenUnknown() {
    assertThat(Semconv.externalName(Attributes.of("service.peer.name", "billing", "peer.service", "old",
        "server.address", "b"))).isEqualTo("billing");
    assertThat(Semconv.externalName(Attributes.of("peer.service", "billing", "server.address", "b")))
        .isEqualTo("billing");
    assertThat(Semconv.externalName(Attributes.of("server.address", "b", "server.port", 1L))).isEqualTo("b:1");
    assertThat(Semconv.externalName(Attributes.of("http.url", "http://b.example/x"))).isEqualTo("b.example");
    assertThat(Semconv.externalName(Attributes.empty())).isEqualTo("unknown");
  }

  @Test
  void namesGivenTheClientTarget_equalTheNamesThatLookItUp() {
    List<Attributes> spans = List.of(Attributes.empty(),
        Attributes.of("db.namespace", "shop", "server.address", "db", "server.port", 5432L),
        Attributes.of("db.namespace", "0", "server.address", "cache", "server.port", 6379L),
        Attributes.of("db.name", "42", "net.peer.name", "cache"),
        Attributes.of("http.url", "http://b.example:8080/x"),
        Attributes.of("peer.service", "billing", "server.address", "b"),
        Attributes.of("service.peer.name", "billing"));
    for (Attributes a : spans) {
      String target = Semconv.clientTarget(a);
      assertThat(Semconv.databaseName(a, "redis", target)).as("%s", a).isEqualTo(Semconv.databaseName(a, "redis"));
      assertThat(Semconv.externalName(a, target)).as("%s", a).isEqualTo(Semconv.externalName(a));
    }
    // The given target is the one used (callers must pass the span's own).
    assertThat(Semconv.databaseName(Attributes.empty(), "h2", "elsewhere:1")).isEqualTo("elsewhere:1");
    assertThat(Semconv.externalName(Attributes.empty(), "elsewhere:1")).isEqualTo("elsewhere:1");
  }
}
