package io.pinscope.receiver.statistics;

import io.pinscope.model.Semconv;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Attributes;
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
  void externalName_peerServiceThenTargetThenUnknown() {
    assertThat(Semconv.externalName(Attributes.of("service.peer.name", "billing", "peer.service", "old",
        "server.address", "b"))).isEqualTo("billing");
    assertThat(Semconv.externalName(Attributes.of("peer.service", "billing", "server.address", "b")))
        .isEqualTo("billing");
    assertThat(Semconv.externalName(Attributes.of("server.address", "b", "server.port", 1L))).isEqualTo("b:1");
    assertThat(Semconv.externalName(Attributes.of("http.url", "http://b.example/x"))).isEqualTo("b.example");
    assertThat(Semconv.externalName(Attributes.empty())).isEqualTo("unknown");
  }
}
