package io.pinscope.storage.memory;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.Mutation;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WideColumnStore} in sorted maps, one per (table, family). Batches apply under a write lock,
 * so each is atomic; reads take the read lock. Expired cells are hidden at read time by the injected
 * clock and removed by {@link #purgeExpired()}. Counter and max writes refresh a cell's write time.
 */
final class MemoryStore implements WideColumnStore {
  private static final byte[] EMPTY = new byte[0];

  private final Map<String, Family> families = new HashMap<>();
  private final Clock clock;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  MemoryStore(List<TableSpec> tables, Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    for (TableSpec t : tables) {
      for (FamilySpec f : t.families()) {
        families.put(t.name() + "." + f.name(), new Family(f.kind(), t.ttl().toMillis()));
      }
    }
  }

  @Override
  public String engineName() {
    return "memory";
  }

  @Override
  public int saltBuckets() {
    return 1;
  }

  @Override
  public void write(WriteBatch batch) {
    checkOpen();
    List<Family> targets = new ArrayList<>(batch.size());
    for (Mutation m : batch.mutations()) {
      targets.add(family(m.table(), m.family(), m.requiredKind()));
    }
    long now = clock.millis();
    lock.writeLock().lock();
    try {
      for (int i = 0; i < targets.size(); i++) {
        Mutation m = batch.mutations().get(i);
        Family f = targets.get(i);
        Key key = new Key(m.row(), m.qualifier());
        if (m.op() == Mutation.Op.DELETE) {
          f.cells.remove(key);
          continue;
        }
        Value old = f.live(key, now);
        byte[] value = switch (m.op()) {
          case PUT -> m.value().clone();
          case ADD -> Longs.toBytes((old == null ? 0 : Longs.fromBytes(old.bytes)) + m.amount());
          case MAX -> Longs.toBytes(old == null ? m.amount() : Math.max(Longs.fromBytes(old.bytes), m.amount()));
          case DELETE -> throw new AssertionError("handled above");
        };
        f.cells.put(key, new Value(value, now));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public byte @Nullable [] get(String table, String family, byte[] row, byte[] qualifier) {
    checkOpen();
    Family f = family(table, family, null);
    lock.readLock().lock();
    try {
      Value v = f.live(new Key(row, qualifier), clock.millis());
      return v == null ? null : v.bytes.clone();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Cell> getRow(String table, String family, byte[] row) {
    return scan(new Scan(table, family, row, Arrays.copyOf(row, row.length + 1), false, Integer.MAX_VALUE));
  }

  @Override
  public List<Cell> scan(Scan scan) {
    checkOpen();
    Family f = family(scan.table(), scan.family(), null);
    Key from = new Key(scan.startRow(), EMPTY);
    long now = clock.millis();
    lock.readLock().lock();
    try {
      NavigableMap<Key, Value> range = scan.stopRow().length == 0
          ? f.cells.tailMap(from, true)
          : Arrays.compareUnsigned(scan.startRow(), scan.stopRow()) >= 0
              ? new ConcurrentSkipListMap<>()
              : f.cells.subMap(from, true, new Key(scan.stopRow(), EMPTY), false);
      if (scan.reverse()) {
        range = range.descendingMap();
      }
      List<Cell> out = new ArrayList<>();
      for (Map.Entry<Key, Value> e : range.entrySet()) {
        if (out.size() >= scan.limit()) {
          break;
        }
        if (!f.expired(e.getValue(), now)) {
          out.add(new Cell(e.getKey().row.clone(), e.getKey().qualifier.clone(), e.getValue().bytes.clone()));
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void purgeExpired() {
    checkOpen();
    long now = clock.millis();
    lock.writeLock().lock();
    try {
      for (Family f : families.values()) {
        f.cells.values().removeIf(v -> f.expired(v, now));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long diskBytes() {
    checkOpen();
    return 0;
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("memory store is closed");
    }
  }

  private Family family(String table, String family, @Nullable CellKind required) {
    Family f = families.get(table + "." + family);
    if (f == null) {
      throw new IllegalArgumentException(
          "table/family: " + table + "/" + family + " (expected one of " + families.keySet() + ")");
    }
    if (required != null && f.kind != required) {
      throw new IllegalArgumentException(
          "kind of family " + table + "/" + family + ": " + f.kind + " (expected: " + required + ")");
    }
    return f;
  }

  private record Key(byte[] row, byte[] qualifier) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Arrays.compareUnsigned(row, o.row);
      return c != 0 ? c : Arrays.compareUnsigned(qualifier, o.qualifier);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(row, k.row) && Arrays.equals(qualifier, k.qualifier);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(row) + Arrays.hashCode(qualifier);
    }
  }

  private record Value(byte[] bytes, long writtenMillis) {}

  private static final class Family {
    final CellKind kind;
    final long ttlMillis;
    final ConcurrentSkipListMap<Key, Value> cells = new ConcurrentSkipListMap<>();

    Family(CellKind kind, long ttlMillis) {
      this.kind = kind;
      this.ttlMillis = ttlMillis;
    }

    boolean expired(Value v, long now) {
      return ttlMillis > 0 && now - v.writtenMillis >= ttlMillis;
    }

    @Nullable Value live(Key key, long now) {
      Value v = cells.get(key);
      return v == null || expired(v, now) ? null : v;
    }
  }
}
