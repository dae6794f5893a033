package io.pinscope.storage;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.TraceId;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link ScatterIndex} over the {@code scatter} table. Rows are keyed {@code salt name(app) inv(ms) ...}; a row
 * holds a group of dots ({@link ScatterGroups}), or, as written before groups, one dot: its key ends with
 * {@code inv(ms) traceId spanId} and its value is {@code varint(elapsed ms) error-byte string(agent)
 * [string(route)]}. Both kinds are read together.
 *
 * <p>A read scans every salt bucket in key order, a page at a time, and merges: a dot is handed out once every
 * bucket has been read past the rows that could still hold a newer one (a group's dots start at most
 * {@link ScatterGroups#SPAN_MILLIS} below its key time); dots stored twice come out once. Cursors are the hex
 * of the last dot's {@code inv(ms) traceId spanId}, for both kinds.
 */
final class ScatterTable implements ScatterIndex {
  private static final String DOTS = "d";
  private static final byte[] EMPTY = new byte[0];
  private static final int DOT_KEY = 8 + TraceId.BYTES + 8;
  private static final int GROUP_KEY = 8 + ScatterGroups.ID_BYTES;
  /** Rows per bucket in a read's first scan; doubled on each further scan of the bucket, up to the maximum. */
  private static final int FIRST_PAGE = 16;
  private static final int MAX_PAGE = 1_024;

  private final WideColumnStore store;
  private final int buckets;

  ScatterTable(WideColumnStore store) {
    this.store = store;
    this.buckets = store.saltBuckets();
  }

  @Override
  public void write(List<ScatterDot> dots) {
    WriteBatch batch = new WriteBatch();
    addTo(batch, dots);
    if (!batch.isEmpty()) {
      store.write(batch);
    }
  }

  /** Adds the rows of {@code dots} to {@code batch} (also used to write them with their spans). */
  void addTo(WriteBatch batch, List<ScatterDot> dots) {
    for (List<ScatterDot> group : ScatterGroups.split(dots)) {
      long id = ScatterGroups.id(group);
      ScatterDot newest = group.get(0);
      byte[] row = Keys.name(new BinaryWriter(48).writeByte(Keys.saltOf((int) id, buckets)),
          newest.applicationName()).writeLong(Keys.invert(newest.epochMillis())).writeLong(id).toByteArray();
      batch.put(Storage.SCATTER, DOTS, row, EMPTY, ScatterGroups.encode(group));
    }
  }

  @Override
  public ScatterPage scan(ScatterQuery q) {
    ScatterDot after = q.cursor() == null ? null : parseCursor(q.application(), q.cursor());
    if (q.toMillis() == q.fromMillis() || (after != null && after.epochMillis() < q.fromMillis())) {
      return new ScatterPage(List.of(), true, null);
    }
    long newest = after == null ? q.toMillis() - 1 : Math.min(q.toMillis() - 1, after.epochMillis());
    // A group's key time is up to SPAN_MILLIS above its dots': rows that much newer may hold the newest dot wanted.
    long newestKey = newest > Long.MAX_VALUE - ScatterGroups.SPAN_MILLIS ? Long.MAX_VALUE
        : newest + ScatterGroups.SPAN_MILLIS;
    Bounds bounds = new Bounds(q.fromMillis(), q.toMillis(), after);
    byte[] name = Keys.name(new BinaryWriter(32), q.application()).toByteArray();
    List<Bucket> sources = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      sources.add(new Bucket(b, name, newestKey, q.fromMillis()));
    }

    PriorityQueue<ScatterDot> pending = new PriorityQueue<>(ScatterGroups.NEWEST_FIRST);
    List<ScatterDot> dots = new ArrayList<>();
    while (dots.size() <= q.limit()) {
      Bucket next = null; // the bucket whose unread rows may hold the newest dots
      for (Bucket s : sources) {
        if (!s.exhausted && (next == null || s.frontier > next.frontier)) {
          next = s;
        }
      }
      while (!pending.isEmpty() && dots.size() <= q.limit()
          && (next == null || pending.peek().epochMillis() > next.frontier)) {
        ScatterDot dot = pending.poll();
        if (dots.isEmpty() || ScatterGroups.NEWEST_FIRST.compare(dots.get(dots.size() - 1), dot) != 0) {
          dots.add(dot);
        }
      }
      if (next == null) {
        break;
      }
      next.read(q.application(), bounds, pending::add);
    }
    int n = Math.min(dots.size(), q.limit());
    boolean complete = dots.size() <= q.limit();
    return new ScatterPage(dots.subList(0, n), complete, complete ? null : cursorOf(dots.get(n - 1)));
  }

  /** The dots a read wants: start time in {@code [from, to)}, after the cursor's dot when there is one. */
  private record Bounds(long from, long to, @Nullable ScatterDot after) implements ScatterGroups.DotFilter {
    @Override
    public boolean accepts(long epochMillis, long traceIdHigh, long traceIdLow, long spanId) {
      return epochMillis >= from && epochMillis < to
          && (after == null || ScatterGroups.compare(epochMillis, traceIdHigh, traceIdLow, spanId, after) > 0);
    }
  }

  /** One salt bucket's rows of a read, scanned a page at a time in key order (newest key time first). */
  private final class Bucket {
    private final int prefixLength;
    private byte[] start;
    private final byte[] stop;
    private int page = FIRST_PAGE;
    boolean exhausted;
    /** The key time of the last row read: unread rows have none newer. */
    long frontier = Long.MAX_VALUE;

    Bucket(int salt, byte[] name, long newestKey, long from) {
      byte[] prefix = new BinaryWriter(1 + name.length).writeByte(salt).writeBytes(name).toByteArray();
      this.prefixLength = prefix.length;
      this.start = new BinaryWriter(prefix.length + 8).writeBytes(prefix).writeLong(Keys.invert(newestKey))
          .toByteArray();
      // inv(from) + 1 wraps to 0x8000... for from = 0, still above every inverted time as unsigned bytes; only
      // from = Long.MIN_VALUE wraps to 0, where the application's rows end instead.
      this.stop = from == Long.MIN_VALUE ? RowKeys.prefixEnd(prefix)
          : new BinaryWriter(prefix.length + 8).writeBytes(prefix).writeLong(Keys.invert(from) + 1).toByteArray();
    }

    void read(String application, Bounds bounds, Consumer<ScatterDot> out) {
      List<Cell> cells = store.scan(new Scan(Storage.SCATTER, DOTS, start, stop, false, page));
      for (Cell c : cells) {
        byte[] row = c.row();
        BinaryReader key = new BinaryReader(row, prefixLength, row.length);
        long time = Keys.invert(key.readLong());
        int keyLength = row.length - prefixLength;
        if (keyLength == GROUP_KEY) {
          ScatterGroups.decode(application, time, c.value(), bounds, out);
        } else if (keyLength == DOT_KEY) {
          long high = key.readLong();
          long low = key.readLong();
          long spanId = key.readLong();
          if (bounds.accepts(time, high, low, spanId)) {
            out.accept(decodeDot(application, time, new TraceId(high, low), spanId, c.value()));
          }
        } else {
          throw new IllegalStateException("scatter row of " + application + " with a " + keyLength
              + "-byte key after the name (expected: " + GROUP_KEY + " or " + DOT_KEY + ")");
        }
        frontier = time;
      }
      if (cells.size() < page) {
        exhausted = true;
      } else {
        byte[] last = cells.get(cells.size() - 1).row();
        start = Arrays.copyOf(last, last.length + 1); // the smallest row after the last one read
        page = Math.min(page * 2, MAX_PAGE);
      }
    }
  }

  /** A dot stored in a row of its own, as before groups. */
  private static ScatterDot decodeDot(String application, long time, TraceId traceId, long spanId, byte[] value) {
    BinaryReader v = new BinaryReader(value);
    long elapsed = v.readVarLong();
    boolean error = v.readByte() != 0;
    String agentId = v.readString();
    return new ScatterDot(application, agentId, time, elapsed, error, traceId, spanId,
        v.hasRemaining() ? v.readString() : null);
  }

  private static String cursorOf(ScatterDot dot) {
    return HexFormat.of().formatHex(new BinaryWriter(DOT_KEY).writeLong(Keys.invert(dot.epochMillis()))
        .writeLong(dot.traceId().high()).writeLong(dot.traceId().low()).writeLong(dot.spanId()).toByteArray());
  }

  /** The cursor as a dot with its keys (the rest is filler: only keys are compared). */
  private static ScatterDot parseCursor(String application, String cursor) {
    byte[] key;
    try {
      key = HexFormat.of().parseHex(cursor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor: " + cursor + " (expected: the 'next' of a previous page)", e);
    }
    if (key.length != DOT_KEY) {
      throw new IllegalArgumentException("cursor: " + cursor + " (expected: the 'next' of a previous page)");
    }
    BinaryReader r = new BinaryReader(key);
    long time = Keys.invert(r.readLong());
    return new ScatterDot(application, "", time, 0, false, new TraceId(r.readLong(), r.readLong()), r.readLong());
  }
}
