package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.storage.spi.CellKind;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.RocksDB;

class NativeOptionsTest {
  private static final long ONE_DAY = 86_400;

  static {
    RocksDB.loadLibrary();
  }

  @Test
  void writeOnceFamily_waitsForMoreLevel0FilesUnderLevelledCompaction() {
    try (NativeOptions options = new NativeOptions(RocksDbSettings.from(Map.of()))) {
      ColumnFamilyOptions traces = options.family(CellKind.BYTES, ONE_DAY);
      assertThat(traces.compactionStyle()).isEqualTo(CompactionStyle.LEVEL);
      assertThat(traces.level0FileNumCompactionTrigger()).isEqualTo(NativeOptions.WRITE_ONCE_LEVEL0_TRIGGER);
      assertThat(traces.level0SlowdownWritesTrigger()).isEqualTo(3 * NativeOptions.WRITE_ONCE_LEVEL0_TRIGGER);
      assertThat(traces.level0StopWritesTrigger()).isEqualTo(4 * NativeOptions.WRITE_ONCE_LEVEL0_TRIGGER);
    }
  }

  @Test
  void familiesRewrittenInPlace_keepRocksDbsLevel0Triggers() {
    try (NativeOptions options = new NativeOptions(RocksDbSettings.from(Map.of()));
        ColumnFamilyOptions defaults = new ColumnFamilyOptions()) {
      // Counters are merged in place, and a family without TTL (registries) is overwritten: fewer level-0
      // files keep their reads cheap.
      for (ColumnFamilyOptions o : new ColumnFamilyOptions[] {
          options.family(CellKind.COUNTER, ONE_DAY), options.family(CellKind.BYTES, 0)}) {
        assertThat(o.level0FileNumCompactionTrigger()).isEqualTo(defaults.level0FileNumCompactionTrigger());
        assertThat(o.level0StopWritesTrigger()).isEqualTo(defaults.level0StopWritesTrigger());
      }
    }
  }

  @Test
  void universalCompaction_keepsItsOwnTrigger() {
    try (NativeOptions options = new NativeOptions(RocksDbSettings.from(Map.of("rocksdb.compaction", "universal")));
        ColumnFamilyOptions defaults = new ColumnFamilyOptions()) {
      ColumnFamilyOptions traces = options.family(CellKind.BYTES, ONE_DAY);
      assertThat(traces.compactionStyle()).isEqualTo(CompactionStyle.UNIVERSAL);
      assertThat(traces.level0FileNumCompactionTrigger()).isEqualTo(defaults.level0FileNumCompactionTrigger());
    }
  }
}
