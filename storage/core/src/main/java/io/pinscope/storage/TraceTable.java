package io.pinscope.storage;

import io.pinscope.model.PinpointTraceState;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TraceRepository} over the {@code traces} and {@code trace_tx} tables: one row per trace; the spans'
 * origins in {@code span_origins} ({@link SpanOrigins}). Spans written
 * with their scatter dots go in one {@link WriteBatch} with the dots' rows ({@link ScatterTable#addTo}).
 */
final class TraceTable implements TraceRepository {
  private static final String SPANS = "s";
  private static final String TX = "t";
  private static final byte[] EMPTY = new byte[0];
  private static final Comparator<StoredSpan> BY_START =
      Comparator.comparingLong(StoredSpan::startEpochNanos).thenComparingLong(StoredSpan::spanId);

  private final WideColumnStore store;
  private final ScatterTable scatter;
  private final SpanOrigins origins;
  private final int buckets;

  TraceTable(WideColumnStore store, ScatterTable scatter, SpanOrigins origins) {
    this.store = store;
    this.scatter = scatter;
    this.origins = origins;
    this.buckets = store.saltBuckets();
  }

  @Override
  public void write(List<StoredSpan> spans) {
    write(spans, List.of());
  }

  @Override
  public void write(List<StoredSpan> spans, List<ScatterDot> dots) {
    WriteBatch batch = new WriteBatch();
    SpanOrigins.Assigner assigner = origins.assigner();
    addTo(batch, spans, assigner);
    scatter.addTo(batch, dots);
    if (!batch.isEmpty()) {
      assigner.writeNewOrigins();
      store.write(batch);
    }
  }

  /**
   * Adds the rows of {@code spans} (and their transaction-id index rows) to {@code batch}: the spans of a trace
   * that has several here go in {@link SpanGroup}s, a trace's only span in a cell of its own; each span
   * refers to its {@link SpanOrigin} by the id {@code assigner} gives it.
   */
  private void addTo(WriteBatch batch, List<StoredSpan> spans, SpanOrigins.Assigner assigner) {
    for (List<StoredSpan> trace : byTrace(spans)) {
      StoredSpan first = trace.get(0);
      byte[] row = row(first.traceId());
      if (trace.size() == 1) {
        byte[] value = SpanCodec.encode(first, assigner.idOf(first));
        batch.put(Storage.TRACES, SPANS, row, Longs.toBytes(first.spanId()), value);
        continue;
      }
      for (int i = 0; i < trace.size(); ) {
        SpanGroup.Writer group = new SpanGroup.Writer();
        while (i < trace.size() && !group.isFull()) {
          StoredSpan span = trace.get(i++);
          group.add(span, assigner.idOf(span));
        }
        batch.put(Storage.TRACES, SPANS, row, group.qualifier(), group.value());
      }
    }
    for (StoredSpan span : spans) {
      String txId = PinpointTraceState.transactionId(span.traceState());
      if (txId != null) {
        batch.put(Storage.TRACE_TX, TX, txRow(txId), span.traceId().toBytes(), EMPTY);
      }
    }
  }

  /** The spans per trace, traces in the order of their first span, spans in the given order. */
  private static Collection<List<StoredSpan>> byTrace(List<StoredSpan> spans) {
    Map<TraceId, List<StoredSpan>> traces = new LinkedHashMap<>();
    TraceId last = null;
    List<StoredSpan> current = null;
    for (StoredSpan span : spans) {
      if (!span.traceId().equals(last)) { // spans of a trace mostly come together: one look-up per run
        last = span.traceId();
        current = traces.computeIfAbsent(last, t -> new ArrayList<>(4));
      }
      current.add(span);
    }
    return traces.values();
  }

  @Override
  public StoredTrace find(TraceId traceId) {
    SpanCopies copies = SpanCopies.all(traceId, MAX_SPANS_PER_TRACE);
    for (Cell c : scanRow(traceId)) {
      if (!copies.add(c)) {
        break;
      }
    }
    List<StoredSpan> spans = copies.decode(origins::resolve);
    spans.sort(BY_START);
    return new StoredTrace(traceId, spans, copies.truncated());
  }

  @Override
  public Optional<StoredSpan> findSpan(TraceId traceId, long spanId) {
    byte[] value = store.get(Storage.TRACES, SPANS, row(traceId), Longs.toBytes(spanId));
    if (value != null) {
      return Optional.of(SpanCodec.decode(traceId, spanId, value, origins::resolve));
    }
    // Not in a cell of its own: in a group, if anywhere (one range read of the trace's row).
    SpanCopies copies = SpanCopies.of(traceId, spanId);
    scanRow(traceId).forEach(copies::add);
    return copies.decode(origins::resolve).stream().findFirst();
  }

  private List<Cell> scanRow(TraceId traceId) {
    byte[] row = row(traceId);
    return store.scan(new Scan(Storage.TRACES, SPANS, row, stopOf(row), false, MAX_SPANS_PER_TRACE + 1));
  }

  @Override
  public Optional<TraceId> findByTransactionId(String transactionId) {
    List<Cell> cells = store.getRow(Storage.TRACE_TX, TX, txRow(transactionId));
    return cells.isEmpty() ? Optional.empty() : Optional.of(TraceId.fromBytes(cells.get(0).qualifier()));
  }

  private byte[] row(TraceId traceId) {
    byte[] row = new byte[1 + TraceId.BYTES];
    row[0] = (byte) Keys.saltOf(Keys.hash(traceId.high(), traceId.low()), buckets);
    traceId.writeTo(row, 1);
    return row;
  }

  private byte[] txRow(String txId) {
    return Keys.saltedName(txId, buckets).toByteArray();
  }

  /** The stop row that bounds a scan to exactly {@code row}. */
  static byte[] stopOf(byte[] row) {
    return Arrays.copyOf(row, row.length + 1);
  }
}
