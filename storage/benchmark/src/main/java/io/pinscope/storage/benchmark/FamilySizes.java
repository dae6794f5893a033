package io.pinscope.storage.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The table files of each column family of a closed rocksdb data directory, largest first. */
final class FamilySizes {
  /** Prints each family with table files: bytes, bytes per span, keys; opens the directory read-only. */
  static void print(Path dir, long spans) throws RocksDBException {
    List<byte[]> names;
    try (Options o = new Options()) {
      names = RocksDB.listColumnFamilies(o, dir.toString());
    }
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    names.forEach(n -> descriptors.add(new ColumnFamilyDescriptor(n)));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    record Size(String name, long bytes, long keys) {}
    List<Size> sizes = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)) {
      for (int i = 0; i < handles.size(); i++) {
        long bytes = Long.parseLong(db.getProperty(handles.get(i), "rocksdb.total-sst-files-size"));
        long keys = Long.parseLong(db.getProperty(handles.get(i), "rocksdb.estimate-num-keys"));
        if (bytes > 0) {
          sizes.add(new Size(new String(names.get(i), StandardCharsets.UTF_8), bytes, keys));
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
    }
    sizes.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    System.out.println("table files per column family:");
    for (Size s : sizes) {
      System.out.printf(Locale.ROOT, "  %-28s %,14d bytes %6.2f bytes/span %,12d keys %6.1f bytes/key%n", s.name(),
          s.bytes(), (double) s.bytes() / spans, s.keys(), s.keys() == 0 ? 0.0 : (double) s.bytes() / s.keys());
    }
  }

  private FamilySizes() {}
}
