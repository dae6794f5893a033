package io.pinscope.storage;

import io.pinscope.model.StoredSpan;
import java.nio.ByteBuffer;

/**
 * The cell that holds several spans of one trace written in the same call, in the {@code traces} table. One
 * cell per span made RocksDB's memtable insert (a skip-list search per cell) and the per-cell JNI call a
 * third of the ingest threads' CPU; OTLP exports carry several spans of each trace (a service's server span
 * with its client and internal spans), so grouping them divides those costs by the spans per group, and
 * the spans of a group compress together (issue 14, BENCHMARKS.md).
 *
 * <p>Qualifier: 16 bytes, the id of the group's first span then a 64-bit hash of all its span ids in order
 * ({@link #qualifier}), so an export sent again writes the same cells again (idempotent, as single spans
 * are). A single span keeps a cell of its own, whose qualifier is its 8-byte id: a qualifier's length says
 * which of the two a cell is, and data written before groups existed reads unchanged. Value: a format byte,
 * then for each span its id (8 bytes, big-endian), the varint length of its {@link SpanCodec} form and that
 * form.
 *
 * <p>A span sent again in another batch can sit in more than one cell; readers keep one copy
 * ({@link SpanCopies}).
 */
public final class SpanGroup {
  /** The length of a group's qualifier; a single span's is {@link Long#BYTES}. */
  static final int QUALIFIER_BYTES = 2 * Long.BYTES;
  /** The most spans in one group: bounds what one cell costs a reader that wants one span of it. */
  static final int MAX_SPANS = 32;
  /** A group is closed once its value reaches this size (bytes), so huge spans do not make huge cells. */
  static final int MAX_BYTES = 32 << 10;

  private static final int FORMAT = 1;
  private static final ThreadLocal<BinaryWriter> SPAN_BUFFER = ThreadLocal.withInitial(() -> new BinaryWriter(1024));

  /** Receives the spans of a group value, each as its id and the range of its stored form. */
  @FunctionalInterface
  interface EntryVisitor {
    void visit(long spanId, byte[] value, int offset, int end);
  }

  /** The qualifier of the group holding the spans with {@code spanIds}, in that order. */
  static byte[] qualifier(long[] spanIds, int count) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < count; i++) {
      h = mix(h ^ spanIds[i]);
    }
    return ByteBuffer.allocate(QUALIFIER_BYTES).putLong(spanIds[0]).putLong(h).array();
  }

  /** A 64-bit finaliser (every input bit moves every output bit): the group hash above. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  static boolean isGroup(byte[] qualifier) {
    return qualifier.length == QUALIFIER_BYTES;
  }

  /**
   * The spans a cell of the {@code traces} table holds: 1 for a single span's, the entries of a group's (for
   * engines that bound what they hold in spans).
   */
  public static int spanCount(byte[] qualifier, byte[] value) {
    if (!isGroup(qualifier)) {
      return 1;
    }
    int[] count = {0};
    forEach(value, (spanId, v, offset, end) -> count[0]++);
    return count[0];
  }

  /** Builds one group value; full at {@link #MAX_SPANS} spans or {@link #MAX_BYTES} bytes. Not thread-safe. */
  static final class Writer {
    private final BinaryWriter group = new BinaryWriter(4096);
    private final BinaryWriter span = SPAN_BUFFER.get();
    private final long[] spanIds = new long[MAX_SPANS];
    private int spans;

    Writer() {
      group.writeByte(FORMAT);
    }

    /** Adds a span of the group's trace, whose origin has id {@code originId} ({@link SpanOrigins}). */
    Writer add(StoredSpan s, long originId) {
      SpanCodec.encodeTo(span.reset(), s, originId);
      group.writeLong(s.spanId()).writeLengthPrefixed(span);
      spanIds[spans++] = s.spanId();
      return this;
    }

    boolean isFull() {
      return spans >= MAX_SPANS || group.length() >= MAX_BYTES;
    }

    byte[] qualifier() {
      return SpanGroup.qualifier(spanIds, spans);
    }

    byte[] value() {
      if (span.capacity() > MAX_BYTES) {
        SPAN_BUFFER.remove(); // one huge span must not pin a huge buffer to the thread
      }
      return group.toByteArray();
    }
  }

  /** Hands every span of a group value to {@code visitor}, in the order written. */
  static void forEach(byte[] value, EntryVisitor visitor) {
    BinaryReader r = new BinaryReader(value);
    int format = r.readByte();
    if (format != FORMAT) {
      throw new IllegalStateException("span group format " + format + " (expected: " + FORMAT + ")");
    }
    while (r.hasRemaining()) {
      long spanId = r.readLong();
      int length = r.readVarInt();
      int offset = r.position();
      r.skip(length);
      visitor.visit(spanId, value, offset, offset + length);
    }
  }

  private SpanGroup() {}
}
