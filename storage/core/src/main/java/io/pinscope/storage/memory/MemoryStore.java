package io.pinscope.storage.memory;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.SpanGroup;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WideColumnStore} in sorted maps, one per (table, family). Batches apply under a write lock,
 * so each is atomic; reads take the read lock. Expired cells are hidden at read time by the injected
 * clock and removed by {@link #purgeExpired()}, which also runs every {@link MemoryLimits#purgeInterval()}
 * on a daemon thread. Counter and max writes refresh a cell's write time.
 *
 * <p><b>Span cap</b>: at most {@link MemoryLimits#maxSpans()} spans in the {@value #SPANS} table (a cell holds
 * one span or a group of a trace's spans, {@link SpanGroup}). Past it, the
 * oldest writes to the trace tables ({@link #TRACE_TABLES}: spans, their transaction-id index and the scatter
 * dots) are removed whole, oldest batch first, until the spans fit: since an export's spans and dots are one
 * batch, they leave together. A cell written again by a later batch belongs to that batch.
 */
final class MemoryStore implements WideColumnStore {
  private static final byte[] EMPTY = new byte[0];
  /** The table whose cells are spans (family {@code s}). */
  static final String SPANS = "traces";
  /** The tables whose cells are evicted with the spans of the same batch. */
  static final Set<String> TRACE_TABLES = Set.of(SPANS, "trace_tx", "scatter");

  private final Map<String, Family> families = new HashMap<>();
  private final Clock clock;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final MemoryLimits limits;
  // Guarded by the write lock: the batches that wrote trace-table cells, oldest first, and the span count.
  private final ArrayDeque<Written> written = new ArrayDeque<>();
  private long sequence;
  private long spans;
  private long evictedSpans;
  private final @Nullable ScheduledExecutorService purger;
  private volatile boolean closed;

  MemoryStore(List<TableSpec> tables, Clock clock) {
    this(tables, clock, MemoryLimits.UNBOUNDED);
  }

  MemoryStore(List<TableSpec> tables, Clock clock, MemoryLimits limits) {
    this.clock = requireNonNull(clock, "clock");
    this.limits = requireNonNull(limits, "limits");
    for (TableSpec t : tables) {
      for (FamilySpec f : t.families()) {
        families.put(t.name() + "." + f.name(),
            new Family(t.name(), f.kind(), t.ttl().toMillis(), TRACE_TABLES.contains(t.name())));
      }
    }
    if (limits.purgeInterval().isZero()) {
      purger = null;
    } else {
      purger = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pinscope-memory-purge");
        t.setDaemon(true);
        return t;
      });
      long every = limits.purgeInterval().toMillis();
      purger.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
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
      long seq = ++sequence;
      Written trace = null;
      for (int i = 0; i < targets.size(); i++) {
        Mutation m = batch.mutations().get(i);
        Family f = targets.get(i);
        Key key = new Key(m.row(), m.qualifier());
        if (m.op() == Mutation.Op.DELETE) {
          remove(f, key);
          continue;
        }
        Value old = f.live(key, now);
        byte[] value = switch (m.op()) {
          case PUT -> m.value().clone();
          case ADD -> Longs.toBytes((old == null ? 0 : Longs.fromBytes(old.bytes)) + m.amount());
          case MAX -> Longs.toBytes(old == null ? m.amount() : Math.max(Longs.fromBytes(old.bytes), m.amount()));
          case DELETE -> throw new AssertionError("handled above");
        };
        Value replaced = f.cells.put(key, new Value(value, now, seq));
        if (f.isSpans()) {
          spans += spansIn(key, value) - (replaced == null ? 0 : spansIn(key, replaced.bytes));
        }
        if (f.traceTable) {
          if (trace == null) {
            trace = new Written(seq, new ArrayList<>());
            written.add(trace);
          }
          trace.cells().add(new Written.At(f, key));
        }
      }
      evictOverCap();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the oldest batches' trace-table cells until the spans fit the cap. Under the write lock. */
  private void evictOverCap() {
    while (spans > limits.maxSpans() && !written.isEmpty()) {
      Written oldest = written.poll();
      for (Written.At at : oldest.cells()) {
        Value v = at.family().cells.get(at.key());
        if (v != null && v.sequence == oldest.sequence()) {
          long before = spans;
          remove(at.family(), at.key());
          evictedSpans += before - spans;
        }
      }
    }
  }

  /** Removes one cell, keeping the span count. Under the write lock. */
  private void remove(Family f, Key key) {
    Value removed = f.cells.remove(key);
    if (removed != null && f.isSpans()) {
      spans -= spansIn(key, removed.bytes);
    }
  }

  /** The spans a cell of the spans table holds (a group of a trace's spans holds several). */
  private static int spansIn(Key key, byte[] value) {
    return SpanGroup.spanCount(key.qualifier(), value);
  }

  /** Spans held now (expired ones not purged yet included). */
  long spans() {
    lock.readLock().lock();
    try {
      return spans;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Spans removed by the span cap so far. */
  long evictedSpans() {
    lock.readLock().lock();
    try {
      return evictedSpans;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Cells held now in every table, expired ones not purged yet included (tests of the purge). */
  long cells() {
    lock.readLock().lock();
    try {
      return families.values().stream().mapToLong(f -> f.cells.size()).sum();
    } finally {
      lock.readLock().unlock();
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
        f.cells.entrySet().removeIf(e -> {
          boolean expired = f.expired(e.getValue(), now);
          if (expired && f.isSpans()) {
            spans -= spansIn(e.getKey(), e.getValue().bytes);
          }
          return expired;
        });
      }
      // Batches are in write order: those whose cells all expired leave the eviction queue.
      while (!written.isEmpty() && written.peek().cells().stream().allMatch(at -> at.family().cells.get(at.key())
          == null || at.family().cells.get(at.key()).sequence != written.peek().sequence())) {
        written.poll();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void purgeQuietly() {
    if (!closed) {
      try {
        purgeExpired();
      } catch (IllegalStateException closedMeanwhile) {
        // Closed between the check and the purge: nothing left to purge.
      }
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
    if (purger != null) {
      purger.shutdownNow();
    }
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

  /** A cell's value, when it was written and by which batch. */
  private record Value(byte[] bytes, long writtenMillis, long sequence) {}

  /** The trace-table cells one batch wrote, in the eviction queue. */
  private record Written(long sequence, List<At> cells) {
    record At(Family family, Key key) {}
  }

  private static final class Family {
    final String table;
    final CellKind kind;
    final long ttlMillis;
    final boolean traceTable;
    final ConcurrentSkipListMap<Key, Value> cells = new ConcurrentSkipListMap<>();

    Family(String table, CellKind kind, long ttlMillis, boolean traceTable) {
      this.table = table;
      this.kind = kind;
      this.ttlMillis = ttlMillis;
      this.traceTable = traceTable;
    }

    boolean isSpans() {
      return table.equals(SPANS);
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
