package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir
  Path dir;

  @Test
  void defaults_areTheDocumentedOnes() {
    ServerConfig c = ServerConfig.parse(new String[0], Map.of());

    assertThat(c.role()).isEqualTo(Role.ALL_IN_ONE);
    assertThat(c.queryPort()).isEqualTo(8080);
    assertThat(c.receiver().grpcPort()).isEqualTo(4317);
    assertThat(c.receiver().httpPort()).isEqualTo(4318);
    assertThat(c.receiver().maxBodyBytes()).isEqualTo(64L << 20);
    assertThat(c.receiver().statistics().pairingWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.receiver().statistics().latePairingWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.storage().engine()).isEqualTo("rocksdb");
    assertThat(c.storage().dataDirectory()).isEqualTo(Path.of("data"));
    assertThat(c.storage().retention().traces()).isEqualTo(Duration.ofDays(14));
    assertThat(c.agentNoData()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void flagsBeatEnvironment_whichBeatsTheFile() throws Exception {
    Path file = dir.resolve("pinscope.properties");
    Files.writeString(file, "grpc-port=5000\nhttp-port=5001\nquery-port=5002\nstorage=memory\n");

    ServerConfig c = ServerConfig.parse(new String[] {"--grpc-port", "6000", "--config=" + file},
        Map.of("PINSCOPE_GRPC_PORT", "7000", "PINSCOPE_HTTP_PORT", "7001"));

    assertThat(c.receiver().grpcPort()).isEqualTo(6000);
    assertThat(c.receiver().httpPort()).isEqualTo(7001);
    assertThat(c.queryPort()).isEqualTo(5002);
    assertThat(c.storage().engine()).isEqualTo("memory");
  }

  @Test
  void agentNoData_isMinutes_atLeastOne() {
    assertThat(ServerConfig.parse(new String[] {"--agent-no-data-minutes", "15"}, Map.of()).agentNoData())
        .isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--agent-no-data-minutes", "0"}, Map.of()))
        .hasMessage("agent-no-data-minutes: 0 (expected: 1..10080)");
  }

  @Test
  void demo_isOff_andABareFlagTurnsItOn() {
    assertThat(ServerConfig.parse(new String[0], Map.of()).demo()).isFalse();
    assertThat(ServerConfig.parse(new String[] {"--demo"}, Map.of()).demo()).isTrue();
    ServerConfig c = ServerConfig.parse(new String[] {"--demo", "--storage", "memory"}, Map.of());
    assertThat(c.demo()).isTrue();
    assertThat(c.storage().engine()).isEqualTo("memory");
    assertThat(ServerConfig.parse(new String[] {"--demo", "false"}, Map.of()).demo()).isFalse();
    assertThat(ServerConfig.parse(new String[] {"--demo=true"}, Map.of()).demo()).isTrue();
    assertThat(ServerConfig.parse(new String[0], Map.of("PINSCOPE_DEMO", "true")).demo()).isTrue();
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--demo", "yes"}, Map.of()))
        .hasMessage("demo: yes (expected: true or false)");
  }

  @Test
  void badInput_isRejectedWithTheFix() {
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--nope", "1"}, Map.of()))
        .hasMessageContaining("option: nope is unknown").hasMessageContaining("see --help");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--http-port"}, Map.of()))
        .hasMessageContaining("argument: --http-port (expected: --name value");
    assertThatThrownBy(() -> ServerConfig.parse(new String[0], Map.of("PINSCOPE_QUERY_PORT", "70000")))
        .hasMessage("query-port: 70000 (expected: 0..65535)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--config", dir.resolve("missing").toString()},
        Map.of())).hasMessageContaining("cannot be read").hasMessageContaining("--config or PINSCOPE_CONFIG");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--grpc-port", "4318"}, Map.of()))
        .hasMessageContaining("httpPort: 4318 (expected: different from grpcPort)");
  }

  @Test
  void roles_areAllInOneCollectorOrQuery_andWhatEachRuns() {
    assertThat(ServerConfig.parse(new String[] {"--role", "collector"}, Map.of()).role()).isEqualTo(Role.COLLECTOR);
    assertThat(ServerConfig.parse(new String[0], Map.of("PINSCOPE_ROLE", "query")).role()).isEqualTo(Role.QUERY);
    assertThat(Role.COLLECTOR.ingests()).isTrue();
    assertThat(Role.COLLECTOR.queries()).isFalse();
    assertThat(Role.COLLECTOR.runsBackgroundTasks()).isFalse();
    assertThat(Role.QUERY.ingests()).isFalse();
    assertThat(Role.QUERY.queries()).isTrue();
    assertThat(Role.QUERY.runsBackgroundTasks()).isTrue();
    assertThat(Role.ALL_IN_ONE.runsBackgroundTasks()).isTrue();
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--role", "ingest"}, Map.of()))
        .hasMessage("role: ingest (expected: all-in-one, collector, query)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--role", "query", "--demo"}, Map.of()))
        .hasMessageStartingWith("demo: true (expected: false with role query");
  }

  @Test
  void hbase_defaults_becomeTheEngineOptions_onlyWithStorageHbase() {
    assertThat(ServerConfig.parse(new String[0], Map.of()).storage().engineOptions())
        .isEqualTo(Map.of("rocksdb.disk-reserve-mib", "64", "rocksdb.compaction", "level",
            "rocksdb.compression", "lz4", "rocksdb.value-log", "true")); // only its own

    Map<String, String> options = ServerConfig.parse(new String[] {"--storage", "hbase"}, Map.of())
        .storage().engineOptions();

    assertThat(options).containsOnly(Map.entry(HBaseOptions.QUORUM, "localhost"), Map.entry(HBaseOptions.PORT, "2181"),
        Map.entry(HBaseOptions.ZNODE_PARENT, "/hbase"), Map.entry(HBaseOptions.NAMESPACE, "pinscope"),
        Map.entry(HBaseOptions.SALT_BUCKETS, HBaseOptions.DEFAULT_SALT_BUCKETS),
        Map.entry(HBaseOptions.CREATE_TABLES, "false"));
  }

  @Test
  void hbase_flagsEnvironmentAndFile_mapToTheEngineOptions() throws Exception {
    Path file = dir.resolve("hbase.properties");
    Files.writeString(file, "storage=hbase\nhbase-namespace=apm\nhbase-property=hbase.client.retries.number=3\n");

    Map<String, String> options = ServerConfig.parse(new String[] {"--config", file.toString(),
        "--hbase-zookeeper-quorum", "zk1:2182, zk2,10.0.0.3:2181", "--hbase-salt-buckets", "32", "--create-tables",
        "--hbase-property", "hbase.rpc.timeout=5000,hbase.client.operation.timeout=20000"},
        Map.of("PINSCOPE_HBASE_ZNODE_PARENT", "/hbase-unsecure")).storage().engineOptions();

    assertThat(options).containsEntry(HBaseOptions.QUORUM, "zk1:2182,zk2,10.0.0.3:2181")
        .doesNotContainKey(HBaseOptions.PORT)
        .containsEntry(HBaseOptions.ZNODE_PARENT, "/hbase-unsecure").containsEntry(HBaseOptions.NAMESPACE, "apm")
        .containsEntry(HBaseOptions.SALT_BUCKETS, "32").containsEntry(HBaseOptions.CREATE_TABLES, "true")
        .containsEntry("hbase.conf.hbase.rpc.timeout", "5000")
        .containsEntry("hbase.conf.hbase.client.operation.timeout", "20000")
        .doesNotContainKey("hbase.conf.hbase.client.retries.number"); // the flag beats the file's hbase-property
    assertThat(ServerConfig.parse(new String[] {"--storage", "hbase", "--hbase-zookeeper-quorum", "zk1:2182,zk2:2182"},
        Map.of()).storage().engineOptions()).containsEntry(HBaseOptions.QUORUM, "zk1,zk2")
        .containsEntry(HBaseOptions.PORT, "2182");
  }

  @Test
  void hbase_badValues_nameTheFlagAndTheExpectedValue() {
    assertThatThrownBy(() -> hbase("--hbase-zookeeper-quorum", "zk1:99999"))
        .hasMessage("hbase-zookeeper-quorum: zk1:99999 (expected: host[:port],... such as zk1:2181,zk2:2181)");
    assertThatThrownBy(() -> hbase("--hbase-zookeeper-quorum", "zk1,,zk2"))
        .hasMessageStartingWith("hbase-zookeeper-quorum: zk1,,zk2 (expected: host[:port]");
    assertThatThrownBy(() -> hbase("--hbase-znode-parent", "hbase"))
        .hasMessage("hbase-znode-parent: hbase (expected: a ZooKeeper path such as /hbase)");
    assertThatThrownBy(() -> hbase("--hbase-namespace", "my-ns"))
        .hasMessage("hbase-namespace: my-ns (expected: letters, digits and _, such as pinscope)");
    assertThatThrownBy(() -> hbase("--hbase-salt-buckets", "0"))
        .hasMessage("hbase-salt-buckets: 0 (expected: 1.." + HBaseOptions.MAX_SALT_BUCKETS + ")");
    assertThatThrownBy(() -> hbase("--hbase-salt-buckets", "many"))
        .hasMessage("hbase-salt-buckets: many (expected: 1.." + HBaseOptions.MAX_SALT_BUCKETS + ")");
    assertThatThrownBy(() -> hbase("--hbase-property", "hbase.rpc.timeout"))
        .hasMessage("hbase-property: hbase.rpc.timeout (expected: key=value[,key=value...] such as "
            + "hbase.rpc.timeout=10000)");
    assertThatThrownBy(() -> hbase("--create-tables", "yes"))
        .hasMessage("create-tables: yes (expected: true or false)");
  }

  @Test
  void usage_listsTheRolesTheHbaseFlagsAndTheSchemaCommand() {
    assertThat(ServerConfig.usage()).contains("--hbase-zookeeper-quorum", "PINSCOPE_HBASE_SALT_BUCKETS",
        "--create-tables", "hbase-schema", "query (query API, UI, background tasks; no OTLP ports)",
        "run in all-in-one and query, never in collector");
  }

  @Test
  void diskOptions_reserveGoesToRocksdb_minFreeDiskInBytes() {
    ServerConfig c = ServerConfig.parse(new String[] {"--disk-reserve-mib", "0", "--min-free-disk-mib", "100"},
        Map.of());
    assertThat(c.storage().engineOptions()).containsEntry("rocksdb.disk-reserve-mib", "0");
    assertThat(c.minFreeDiskBytes()).isEqualTo(100L << 20);
    assertThat(ServerConfig.parse(new String[0], Map.of()).minFreeDiskBytes()).isEqualTo(256L << 20);
    // The memory engine gets its own options (max spans, purge interval), never rocksdb's.
    assertThat(ServerConfig.parse(new String[] {"--storage", "memory"}, Map.of()).storage().engineOptions())
        .doesNotContainKey("rocksdb.disk-reserve-mib");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--disk-reserve-mib", "-1"}, Map.of()).storage())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("disk-reserve-mib: -1 (expected: ");
  }

  @Test
  void rocksDbMemoryOptions_becomeEngineOptions_onlyWhenSet() {
    assertThat(ServerConfig.parse(new String[0], Map.of()).storage().engineOptions())
        .doesNotContainKeys("rocksdb.block-cache-mib", "rocksdb.total-write-buffer-mib");
    assertThat(ServerConfig.parse(new String[] {"--rocksdb-block-cache-mib", "32"},
            Map.of("PINSCOPE_ROCKSDB_MEMTABLES_MIB", "128")).storage().engineOptions())
        .containsEntry("rocksdb.block-cache-mib", "32").containsEntry("rocksdb.total-write-buffer-mib", "128");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--rocksdb-block-cache-mib", "4"}, Map.of()).storage())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb-block-cache-mib: 4 (expected: 8..1048576)");
  }

  @Test
  void rocksDbCompaction_defaultsToLevel_andRefusesAnUnknownStyle() {
    assertThat(ServerConfig.parse(new String[0], Map.of()).storage().engineOptions())
        .containsEntry("rocksdb.compaction", "level");
    assertThat(ServerConfig.parse(new String[0], Map.of("PINSCOPE_ROCKSDB_COMPACTION", "universal")).storage()
        .engineOptions()).containsEntry("rocksdb.compaction", "universal");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--rocksdb-compaction", "fifo"}, Map.of()).storage())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb-compaction: fifo (expected: universal or level)");
  }

  @Test
  void rocksDbCompression_defaultsToLz4_andRefusesAnUnknownAlgorithm() {
    assertThat(ServerConfig.parse(new String[0], Map.of()).storage().engineOptions())
        .containsEntry("rocksdb.compression", "lz4");
    assertThat(ServerConfig.parse(new String[0], Map.of("PINSCOPE_ROCKSDB_COMPRESSION", "lz4-zstd")).storage()
        .engineOptions()).containsEntry("rocksdb.compression", "lz4-zstd");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--rocksdb-compression", "snappy"}, Map.of()).storage())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb-compression: snappy (expected: lz4, lz4-zstd, zstd or none)");
  }

  @Test
  void rocksDbValueLog_defaultsToOn_andTakesOnlyTrueOrFalse() {
    assertThat(ServerConfig.parse(new String[0], Map.of()).storage().engineOptions())
        .containsEntry("rocksdb.value-log", "true");
    assertThat(ServerConfig.parse(new String[] {"--rocksdb-value-log", "false"}, Map.of()).storage()
        .engineOptions()).containsEntry("rocksdb.value-log", "false");
    assertThatThrownBy(() -> ServerConfig.parse(new String[0], Map.of("PINSCOPE_ROCKSDB_VALUE_LOG", "off")).storage())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb-value-log: off (expected: true or false)");
  }

  private static ServerConfig hbase(String flag, String value) {
    return ServerConfig.parse(new String[] {"--storage", "hbase", flag, value}, Map.of());
  }
}
