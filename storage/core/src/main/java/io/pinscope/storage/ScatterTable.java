package io.pinscope.storage;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.TraceId;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * {@link ScatterIndex} over the {@code scatter} table. Each dot is one row whose key ends with
 * {@code inv(time) traceId spanId} (the "remainder"), salted by trace id; a read scans every bucket and
 * merges. Cursors are the hex remainder of the last dot returned. The value is {@code varint(elapsed ms)
 * error-byte string(agent) [string(route)]}: the route is left out when the dot has none, as in every value
 * written before routes were stored, which thus read back without one.
 */
final class ScatterTable implements ScatterIndex {
  private static final String DOTS = "d";
  private static final byte[] EMPTY = new byte[0];
  private static final int REMAINDER = 8 + TraceId.BYTES + 8;

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
    for (ScatterDot dot : dots) {
      int salt = Keys.saltOf(Keys.hash(dot.traceId().high(), dot.traceId().low()), buckets);
      BinaryWriter row = Keys.name(new BinaryWriter(64).writeByte(salt), dot.applicationName());
      row.writeLong(Keys.invert(dot.epochMillis())).writeLong(dot.traceId().high())
          .writeLong(dot.traceId().low()).writeLong(dot.spanId());
      BinaryWriter value = new BinaryWriter(48).writeVarLong(dot.elapsedMillis()).writeByte(dot.error() ? 1 : 0)
          .writeString(dot.agentId());
      if (dot.route() != null) {
        value.writeString(dot.route()); // appended: values written before routes end after the agent
      }
      batch.put(Storage.SCATTER, DOTS, row.toByteArray(), EMPTY, value.toByteArray());
    }
  }

  @Override
  public ScatterPage scan(ScatterQuery q) {
    byte[] prefix = Keys.name(new BinaryWriter(32), q.application()).toByteArray();
    byte[] start = q.cursor() == null
        ? new BinaryWriter(8).writeLong(Keys.invert(q.toMillis()) + 1).toByteArray()
        : after(parseCursor(q.cursor()));
    // MAX - from + 1 overflows to 0x8000... for from = 0, still above every inverted time as unsigned bytes.
    byte[] stop = new BinaryWriter(8).writeLong(Keys.invert(q.fromMillis()) + 1).toByteArray();
    List<Entry> found = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      byte[] salted = new BinaryWriter(prefix.length + 1).writeByte(b).writeBytes(prefix).toByteArray();
      for (Cell c : store.scan(new Scan(Storage.SCATTER, DOTS, concat(salted, start), concat(salted, stop),
          false, q.limit() + 1))) {
        found.add(new Entry(remainder(c.row()), c.value()));
      }
    }
    if (buckets > 1) { // one bucket's scan is in remainder order already
      found.sort((x, y) -> Arrays.compareUnsigned(x.remainder(), y.remainder()));
    }
    int n = Math.min(found.size(), q.limit());
    List<ScatterDot> dots = new ArrayList<>(n);
    for (Entry e : found.subList(0, n)) {
      dots.add(decode(q.application(), e.remainder(), e.value()));
    }
    boolean complete = found.size() <= q.limit();
    String next = complete ? null : HexFormat.of().formatHex(found.get(n - 1).remainder());
    return new ScatterPage(dots, complete, next);
  }

  /** A stored dot: its key's remainder ({@code inv(time) traceId spanId}) and its value. */
  private record Entry(byte[] remainder, byte[] value) {}

  private static ScatterDot decode(String application, byte[] remainder, byte[] value) {
    BinaryReader key = new BinaryReader(remainder);
    long time = Keys.invert(key.readLong());
    TraceId traceId = new TraceId(key.readLong(), key.readLong());
    long spanId = key.readLong();
    BinaryReader v = new BinaryReader(value);
    long elapsed = v.readVarLong();
    boolean error = v.readByte() != 0;
    String agentId = v.readString();
    return new ScatterDot(application, agentId, time, elapsed, error, traceId, spanId,
        v.hasRemaining() ? v.readString() : null);
  }

  private static byte[] remainder(byte[] row) {
    return Arrays.copyOfRange(row, row.length - REMAINDER, row.length);
  }

  private static byte[] parseCursor(String cursor) {
    if (cursor.length() != REMAINDER * 2) {
      throw new IllegalArgumentException("cursor: " + cursor + " (expected: the 'next' of a previous page)");
    }
    try {
      return HexFormat.of().parseHex(cursor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor: " + cursor + " (expected: the 'next' of a previous page)", e);
    }
  }

  /** The smallest key strictly after {@code key}. */
  private static byte[] after(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
