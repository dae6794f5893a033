package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.TtlDB;

/**
 * Pins down what the engine relies on in RocksDB itself, through the Java API and under {@link TtlDB}:
 * the built-in {@code uint64add} and {@code max} merge operators can be chosen by name, {@code uint64add}
 * adds little-endian fixed64 values with two's complement wrap, and {@code max} keeps the bytewise
 * largest operand.
 */
class BuiltInMergeOperatorsTest {
  @TempDir Path dir;

  @Test
  void uint64addAndMax_workByNameUnderTtlDb() throws Exception {
    RocksDB.loadLibrary();
    try (DBOptions db = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions plain = new ColumnFamilyOptions();
        ColumnFamilyOptions add = new ColumnFamilyOptions().setMergeOperatorName("uint64add");
        ColumnFamilyOptions max = new ColumnFamilyOptions().setMergeOperatorName("max")) {
      List<ColumnFamilyDescriptor> descriptors = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, plain),
          new ColumnFamilyDescriptor("add".getBytes(), add),
          new ColumnFamilyDescriptor("max".getBytes(), max));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (TtlDB ttlDb = TtlDB.open(db, dir.toString(), descriptors, handles, List.of(0, 3600, 3600),
          false)) {
        byte[] key = {1};
        ttlDb.merge(handles.get(1), key, le(5));
        ttlDb.merge(handles.get(1), key, le(-7));
        ttlDb.merge(handles.get(1), key, le(1));
        assertThat(fromLe(ttlDb.get(handles.get(1), key))).isEqualTo(-1L);

        ttlDb.merge(handles.get(2), key, new byte[] {3});
        ttlDb.merge(handles.get(2), key, new byte[] {(byte) 0xF0});
        ttlDb.merge(handles.get(2), key, new byte[] {7});
        assertThat(ttlDb.get(handles.get(2), key)).containsExactly((byte) 0xF0);

        // Merged again after a flush and a full compaction (where the TTL merge wrapper also runs).
        ttlDb.flushWal(true);
        for (ColumnFamilyHandle h : handles) {
          ttlDb.compactRange(h);
        }
        ttlDb.merge(handles.get(1), key, le(10));
        assertThat(fromLe(ttlDb.get(handles.get(1), key))).isEqualTo(9L);
        assertThat(ttlDb.get(handles.get(2), key)).containsExactly((byte) 0xF0);
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  private static byte[] le(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  private static long fromLe(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
