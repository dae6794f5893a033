package io.pinscope.storage;

import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Longs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The spans found in the cells of one trace's row, single-span cells and {@link SpanGroup}s alike, one copy per
 * span id: a single-span cell's copy wins over a group's, else the group that comes last in the row (copies
 * of a span sent again are the same span in OTLP; a single cell is what {@link TraceRepository#findSpan}
 * reads first). Only the kept copies are decoded. Not thread-safe; one per read.
 */
final class SpanCopies {
  private static final int SINGLE = 1;
  private static final int GROUP = 0;

  private record Copy(int rank, byte[] value, int offset, int end) {}

  private final TraceId traceId;
  private final boolean anySpan;
  private final long wantedSpanId;
  private final int limit;
  private final Map<Long, Copy> copies = new HashMap<>();
  private boolean truncated;

  private SpanCopies(TraceId traceId, boolean anySpan, long wantedSpanId, int limit) {
    this.traceId = traceId;
    this.anySpan = anySpan;
    this.wantedSpanId = wantedSpanId;
    this.limit = limit;
  }

  /** Collects every span of the trace, up to {@code limit} distinct spans (then {@link #truncated()}). */
  static SpanCopies all(TraceId traceId, int limit) {
    return new SpanCopies(traceId, true, 0, limit);
  }

  /** Collects the copies of one span only. */
  static SpanCopies of(TraceId traceId, long spanId) {
    return new SpanCopies(traceId, false, spanId, 1);
  }

  /** Takes the spans of one cell of the trace's row; false once the limit has cut spans off. */
  boolean add(Cell cell) {
    byte[] qualifier = cell.qualifier();
    if (qualifier.length == Long.BYTES) {
      offer(Longs.fromBytes(qualifier), SINGLE, cell.value(), 0, cell.value().length);
    } else if (SpanGroup.isGroup(qualifier)) {
      SpanGroup.forEach(cell.value(), (spanId, value, offset, end) -> offer(spanId, GROUP, value, offset, end));
    } else {
      throw new IllegalStateException("corrupt traces cell: a qualifier of " + qualifier.length + " bytes (expected: "
          + Long.BYTES + " or " + SpanGroup.QUALIFIER_BYTES + ")");
    }
    return !truncated;
  }

  private void offer(long spanId, int rank, byte[] value, int offset, int end) {
    if (!anySpan && spanId != wantedSpanId) {
      return;
    }
    Copy old = copies.get(spanId);
    if (old == null && copies.size() >= limit) {
      truncated = true;
    } else if (old == null || old.rank() <= rank) {
      copies.put(spanId, new Copy(rank, value, offset, end));
    }
  }

  /** Whether spans beyond the limit were left out. */
  boolean truncated() {
    return truncated;
  }

  /** The kept copies, decoded with their origins from {@code origins}, in no particular order. */
  List<StoredSpan> decode(LongFunction<SpanOrigin> origins) {
    List<StoredSpan> spans = new ArrayList<>(copies.size());
    copies.forEach((spanId, c) ->
        spans.add(SpanCodec.decode(traceId, spanId, c.value(), c.offset(), c.end(), origins)));
    return spans;
  }
}
