package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.storage.spi.Mutation;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/**
 * {@link BatchEncoder} writes RocksDB's serialized write batch byte for byte as RocksJava's own
 * {@link org.rocksdb.WriteBatch} builds it (so a RocksDB upgrade that changes the form fails here): puts, merges
 * and deletions, in the default family and in others, with keys and values long enough for multi-byte lengths.
 */
class BatchEncoderTest {
  @TempDir Path dir;

  @Test
  void encode_isWhatRocksJavaBuilds() throws Exception {
    RocksDB.loadLibrary();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyOptions family = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> descriptors = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, family),
          new ColumnFamilyDescriptor("a".getBytes(), family),
          new ColumnFamilyDescriptor("b".getBytes(), family));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
        byte[] longValue = new byte[300];
        Arrays.fill(longValue, (byte) 7);
        byte[] longRow = new byte[200];
        longRow[5] = 0; // escaped in the key
        longRow[6] = 9;
        List<Mutation> mutations = new WriteBatch()
            .put("t", "f", new byte[] {1, 0, 2}, new byte[] {3}, new byte[] {4, 5})
            .put("t", "f", longRow, new byte[0], longValue)
            .increment("t", "f", new byte[] {9}, new byte[] {8}, 42)
            .max("t", "f", new byte[] {9}, new byte[] {7}, 5)
            .delete("t", "f", new byte[] {6}, new byte[] {6})
            .put("t", "f", new byte[] {1}, new byte[] {1}, new byte[0])
            .mutations();
        int[] familyIds = {handles.get(1).getID(), handles.get(2).getID(), 0, handles.get(1).getID(),
            handles.get(2).getID(), 0};
        ColumnFamilyHandle[] targets = {handles.get(1), handles.get(2), handles.get(0), handles.get(1),
            handles.get(2), handles.get(0)};
        byte[][] values = {mutations.get(0).value(), longValue, LongCodec.counterOperand(42),
            LongCodec.maxOperand(5), null, new byte[0]};

        byte[] expected;
        try (org.rocksdb.WriteBatch rocks = new org.rocksdb.WriteBatch()) {
          for (int i = 0; i < mutations.size(); i++) {
            Mutation m = mutations.get(i);
            byte[] key = KeyCodec.key(m.row(), m.qualifier());
            switch (m.op()) {
              case PUT -> rocks.put(targets[i], key, values[i]);
              case ADD, MAX -> rocks.merge(targets[i], key, values[i]);
              case DELETE -> rocks.delete(targets[i], key);
            }
          }
          expected = rocks.data();
        }

        assertThat(HexFormat.of().formatHex(BatchEncoder.encode(mutations, familyIds, values)))
            .isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(handles.get(1).getID()).isNotZero();
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
