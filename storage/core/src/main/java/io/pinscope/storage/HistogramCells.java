package io.pinscope.storage;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Histograms stored as cells: in the counter family one cell per non-empty band (qualifier = key
 * qualifier + a code byte: 1-4 success bands, 5-8 error bands, 9 sum of milliseconds), in the max family
 * one cell (qualifier = key qualifier). Rows end with the inverted slot time.
 */
final class HistogramCells {
  private static final int SUM_CODE = 9;

  /** Turns a key qualifier (without the code byte) back into a key. */
  interface KeyDecoder<K> {
    K decode(BinaryReader qualifier);

    HistogramSchema schema(K key);

    /** A decoder whose keys all use {@code schema}. */
    static <K> KeyDecoder<K> of(Function<BinaryReader, K> decode, HistogramSchema schema) {
      return new KeyDecoder<>() {
        @Override
        public K decode(BinaryReader qualifier) {
          return decode.apply(qualifier);
        }

        @Override
        public HistogramSchema schema(K key) {
          return schema;
        }
      };
    }
  }

  private HistogramCells() {}

  static void add(WriteBatch batch, String table, byte[] row, byte[] keyQualifier, Histogram h) {
    for (int band = 0; band < Histogram.BANDS; band++) {
      if (h.successCount(band) != 0) {
        batch.increment(table, Storage.COUNTS, row, withCode(keyQualifier, 1 + band), h.successCount(band));
      }
      if (h.errorCount(band) != 0) {
        batch.increment(table, Storage.COUNTS, row, withCode(keyQualifier, 5 + band), h.errorCount(band));
      }
    }
    if (h.sumMillis() != 0) {
      batch.increment(table, Storage.COUNTS, row, withCode(keyQualifier, SUM_CODE), h.sumMillis());
    }
    batch.max(table, Storage.MAXIMA, row, keyQualifier, h.maxMillis());
  }

  /**
   * Takes {@code h}'s counts and sum back out of the key's counter cells (negative increments); the max cell
   * is left as it is, since a maximum cannot be taken back.
   */
  static void subtract(WriteBatch batch, String table, byte[] row, byte[] keyQualifier, Histogram h) {
    for (int band = 0; band < Histogram.BANDS; band++) {
      if (h.successCount(band) != 0) {
        batch.increment(table, Storage.COUNTS, row, withCode(keyQualifier, 1 + band), -h.successCount(band));
      }
      if (h.errorCount(band) != 0) {
        batch.increment(table, Storage.COUNTS, row, withCode(keyQualifier, 5 + band), -h.errorCount(band));
      }
    }
    if (h.sumMillis() != 0) {
      batch.increment(table, Storage.COUNTS, row, withCode(keyQualifier, SUM_CODE), -h.sumMillis());
    }
  }

  /** Deletes every cell {@link #add} may have written for the key: each band and sum code, and the max. */
  static void delete(WriteBatch batch, String table, byte[] row, byte[] keyQualifier) {
    for (int code = 1; code <= SUM_CODE; code++) {
      batch.delete(table, Storage.COUNTS, row, withCode(keyQualifier, code));
    }
    batch.delete(table, Storage.MAXIMA, row, keyQualifier);
  }

  /** A row key: {@code prefix inv(slot)}. */
  static byte[] row(byte[] prefix, long slotMillis) {
    return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(Keys.invert(slotMillis)).array();
  }

  /**
   * Every (slot, key) histogram under {@code prefix} for slots of {@code slotMillis} starting in [from, to),
   * slot ascending then key; keys whose cells hold no call are left out.
   */
  static <K> List<SlotValue<K>> read(WideColumnStore store, String table, byte[] prefix, long fromMillis,
      long toMillis, long slotMillis, KeyDecoder<K> decoder) {
    byte[][] range = slotRange(prefix, fromMillis, toMillis, slotMillis);
    if (range == null) {
      return List.of();
    }
    byte[] start = range[0];
    byte[] stop = range[1];
    // slot -> key qualifier -> accumulated cells; hashed while reading, sorted once at the end
    Map<Long, Map<ByteKey, long[]>> bySlot = new HashMap<>();
    Slots slots = new Slots(bySlot);
    for (Cell c : scanAll(store, table, Storage.COUNTS, start, stop)) {
      byte[] q = c.qualifier();
      long[] acc = slots.of(c.row()).computeIfAbsent(new ByteKey(Arrays.copyOf(q, q.length - 1)), k -> new long[10]);
      acc[q[q.length - 1] - 1] += c.longValue();
    }
    for (Cell c : scanAll(store, table, Storage.MAXIMA, start, stop)) {
      long[] acc = slots.of(c.row()).computeIfAbsent(new ByteKey(c.qualifier()), k -> new long[10]);
      acc[SUM_CODE] = Math.max(acc[SUM_CODE], c.longValue());
    }
    List<SlotValue<K>> out = new ArrayList<>();
    Map<ByteKey, K> keys = new HashMap<>(); // a key recurs in every slot: decode it once
    for (Map.Entry<Long, Map<ByteKey, long[]>> slot : new TreeMap<>(bySlot).entrySet()) {
      for (Map.Entry<ByteKey, long[]> e : new TreeMap<>(slot.getValue()).entrySet()) {
        K key = keys.computeIfAbsent(e.getKey(), k -> decoder.decode(new BinaryReader(k.bytes())));
        long[] a = e.getValue();
        Histogram h = new Histogram(decoder.schema(key), Arrays.copyOfRange(a, 0, 4),
            Arrays.copyOfRange(a, 4, 8), a[SUM_CODE - 1], a[SUM_CODE]);
        if (h.totalCount() > 0) {
          out.add(new SlotValue<>(slot.getKey(), key, h));
        }
      }
    }
    return out;
  }

  /** The cells of each slot, looked up once per run of cells in the same row (cells come row by row). */
  private static final class Slots {
    private final Map<Long, Map<ByteKey, long[]>> bySlot;
    private byte @Nullable [] row;
    private @Nullable Map<ByteKey, long[]> cells;

    Slots(Map<Long, Map<ByteKey, long[]>> bySlot) {
      this.bySlot = bySlot;
    }

    Map<ByteKey, long[]> of(byte[] cellRow) {
      Map<ByteKey, long[]> c = cells;
      if (c == null || !Arrays.equals(cellRow, row)) {
        c = bySlot.computeIfAbsent(slotOf(cellRow), s -> new HashMap<>());
        cells = c;
        row = cellRow;
      }
      return c;
    }
  }

  /**
   * The {start, stop} rows that cover slots of {@code slotMillis} starting in [from, to) under {@code prefix},
   * or null when no slot starts in that range.
   */
  static byte @Nullable [][] slotRange(byte[] prefix, long fromMillis, long toMillis, long slotMillis) {
    long fromSlot = Math.floorDiv(fromMillis, slotMillis) * slotMillis;
    if (fromSlot < fromMillis) {
      fromSlot += slotMillis;
    }
    if (toMillis <= fromSlot) {
      return null;
    }
    byte[] stop = ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(Keys.invert(fromSlot) + 1).array();
    return new byte[][] {row(prefix, toMillis - 1), stop};
  }

  static List<Cell> scanAll(WideColumnStore store, String table, String family, byte[] start, byte[] stop) {
    return store.scan(new Scan(table, family, start, stop, false, Integer.MAX_VALUE));
  }

  static long slotOf(byte[] row) {
    return Keys.invert(ByteBuffer.wrap(row, row.length - 8, 8).getLong());
  }

  private static byte[] withCode(byte[] keyQualifier, int code) {
    byte[] q = Arrays.copyOf(keyQualifier, keyQualifier.length + 1);
    q[keyQualifier.length] = (byte) code;
    return q;
  }

  /** Byte arrays ordered as unsigned bytes, usable as map keys. */
  record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
    @Override
    public int compareTo(ByteKey o) {
      return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
