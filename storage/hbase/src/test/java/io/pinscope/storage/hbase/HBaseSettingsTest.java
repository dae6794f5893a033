package io.pinscope.storage.hbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.junit.jupiter.api.Test;

class HBaseSettingsTest {
  @Test
  void defaults() {
    HBaseSettings s = HBaseSettings.from(Map.of());

    assertThat(s.zookeeperQuorum()).isEqualTo("localhost");
    assertThat(s.zookeeperPort()).isEqualTo(2181);
    assertThat(s.znodeParent()).isEqualTo("/hbase");
    assertThat(s.namespace()).isEqualTo("pinscope");
    assertThat(s.createTables()).isFalse();
    assertThat(s.saltBuckets()).isEqualTo(16);
    assertThat(s.compression()).isEqualTo(Compression.Algorithm.SNAPPY);
    assertThat(s.operationTimeoutMillis()).isEqualTo(5_000);
    assertThat(s.rpcTimeoutMillis()).isEqualTo(3_000);
    assertThat(s.retries()).isEqualTo(3);
  }

  @Test
  void configuration_boundsTimeouts_andPassesClientPropertiesLast() {
    Configuration conf = HBaseSettings.from(Map.of(
        "hbase.zookeeper-quorum", "zk1,zk2", "hbase.zookeeper-port", "2281", "hbase.znode-parent", "/hbase-unsecure",
        "hbase.operation-timeout-ms", "4000", "hbase.retries", "2",
        "hbase.conf.hbase.client.write.buffer", "1048576", "hbase.conf.hbase.rpc.timeout", "1500"))
        .configuration();

    assertThat(conf.get("hbase.zookeeper.quorum")).isEqualTo("zk1,zk2");
    assertThat(conf.getInt("hbase.zookeeper.property.clientPort", 0)).isEqualTo(2281);
    assertThat(conf.get("zookeeper.znode.parent")).isEqualTo("/hbase-unsecure");
    assertThat(conf.getInt("hbase.client.operation.timeout", 0)).isEqualTo(4000);
    assertThat(conf.getInt("hbase.client.retries.number", 0)).isEqualTo(2);
    assertThat(conf.getLong("hbase.client.write.buffer", 0)).isEqualTo(1048576);
    assertThat(conf.getInt("hbase.rpc.timeout", 0)).as("a pass-through property wins").isEqualTo(1500);
  }

  @Test
  void rejectsUnknownKeysAndBadValues_namingTheExpected() {
    assertThatThrownBy(() -> HBaseSettings.from(Map.of("hbase.salt-bucket", "8")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("option: hbase.salt-bucket (expected one of [");
    assertThatThrownBy(() -> HBaseSettings.from(Map.of("hbase.salt-buckets", "300")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hbase.salt-buckets: 300 (expected: an integer from 1 to 256)");
    assertThatThrownBy(() -> HBaseSettings.from(Map.of("hbase.compression", "brotli")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hbase.compression: brotli (expected one of [none, gz, snappy, lz4, zstd])");
    assertThatThrownBy(() -> HBaseSettings.from(Map.of("hbase.create-tables", "yes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("hbase.create-tables: yes (expected: true or false)");
    assertThatThrownBy(() -> HBaseSettings.from(Map.of("hbase.znode-parent", "hbase")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hbase.znode-parent: \"hbase\" (expected: a path starting with /)");
    assertThat(HBaseSettings.from(Map.of("rocksdb.sync", "true")).namespace()).as("other engines' keys").isEqualTo("pinscope");
  }
}
