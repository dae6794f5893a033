package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.rocksdb.RocksDbSettings.Compaction;
import io.pinscope.storage.rocksdb.RocksDbSettings.Compression;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RocksDbSettingsTest {
  @Test
  void from_empty_usesDefaults() {
    RocksDbSettings s = RocksDbSettings.from(Map.of("hbase.quorum", "zk:2181"));
    assertThat(s).isEqualTo(new RocksDbSettings(false, Compression.LZ4, 64 << 10, 64L << 20,
        64L << 20, 256L << 20, 0L, 64 << 10, Compaction.LEVEL, true)); // no reserve file unless asked (the server asks for 64 MiB)
  }

  @Test
  void from_readsEveryOption() {
    RocksDbSettings s = RocksDbSettings.from(Map.of(
        "rocksdb.sync", "true",
        "rocksdb.compression", "zstd",
        "rocksdb.block-size-kib", "16",
        "rocksdb.block-cache-mib", "128",
        "rocksdb.write-buffer-mib", "32",
        "rocksdb.total-write-buffer-mib", "512",
        "rocksdb.disk-reserve-mib", "0",
        "rocksdb.compression-dict-kib", "0",
        "rocksdb.compaction", "level",
        "rocksdb.value-log", "false"));
    assertThat(s).isEqualTo(new RocksDbSettings(true, Compression.ZSTD, 16 << 10, 128L << 20,
        32L << 20, 512L << 20, 0, 0, Compaction.LEVEL, false));
  }

  @Test
  void from_rejectsUnknownKeysAndBadValues() {
    assertThatThrownBy(() -> RocksDbSettings.from(Map.of("rocksdb.snyc", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("option: rocksdb.snyc (expected one of [rocksdb.sync,");
    assertThatThrownBy(() -> RocksDbSettings.from(Map.of("rocksdb.sync", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb.sync: yes (expected: true or false)");
    assertThatThrownBy(() -> RocksDbSettings.from(Map.of("rocksdb.compression", "snappy")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb.compression: snappy (expected one of [lz4-zstd, zstd, lz4, none])");
    assertThatThrownBy(() -> RocksDbSettings.from(Map.of("rocksdb.compaction", "fifo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb.compaction: fifo (expected one of [universal, level])");
    assertThatThrownBy(() -> RocksDbSettings.from(Map.of("rocksdb.block-size-kib", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb.block-size-kib: 2 (expected: an integer from 4 to 1024)");
    assertThatThrownBy(() -> RocksDbSettings.from(Map.of("rocksdb.write-buffer-mib", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rocksdb.write-buffer-mib: lots (expected: an integer from 1 to 4096)");
  }
}
