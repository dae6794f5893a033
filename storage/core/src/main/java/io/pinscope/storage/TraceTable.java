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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link TraceRepository} over the {@code traces} and {@code trace_tx} tables: one row per trace. Spans written
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
  private final int buckets;

  TraceTable(WideColumnStore store, ScatterTable scatter) {
    this.store = store;
    this.scatter = scatter;
    this.buckets = store.saltBuckets();
  }

  @Override
  public void write(List<StoredSpan> spans) {
    write(spans, List.of());
  }

  @Override
  public void write(List<StoredSpan> spans, List<ScatterDot> dots) {
    WriteBatch batch = new WriteBatch();
    addTo(batch, spans);
    scatter.addTo(batch, dots);
    if (!batch.isEmpty()) {
      store.write(batch);
    }
  }

  /** Adds the rows of {@code spans} (and their transaction-id index rows) to {@code batch}. */
  private void addTo(WriteBatch batch, List<StoredSpan> spans) {
    for (StoredSpan span : spans) {
      batch.put(Storage.TRACES, SPANS, row(span.traceId()), Longs.toBytes(span.spanId()), SpanCodec.encode(span));
      String txId = PinpointTraceState.transactionId(span.traceState());
      if (txId != null) {
        batch.put(Storage.TRACE_TX, TX, txRow(txId), span.traceId().toBytes(), EMPTY);
      }
    }
  }

  @Override
  public StoredTrace find(TraceId traceId) {
    byte[] row = row(traceId);
    List<Cell> cells = store.scan(new Scan(Storage.TRACES, SPANS, row, stopOf(row), false,
        MAX_SPANS_PER_TRACE + 1));
    boolean truncated = cells.size() > MAX_SPANS_PER_TRACE;
    List<StoredSpan> spans = new ArrayList<>(Math.min(cells.size(), MAX_SPANS_PER_TRACE));
    for (int i = 0; i < cells.size() && i < MAX_SPANS_PER_TRACE; i++) {
      Cell c = cells.get(i);
      spans.add(SpanCodec.decode(traceId, Longs.fromBytes(c.qualifier()), c.value()));
    }
    spans.sort(BY_START);
    return new StoredTrace(traceId, spans, truncated);
  }

  @Override
  public Optional<StoredSpan> findSpan(TraceId traceId, long spanId) {
    byte[] value = store.get(Storage.TRACES, SPANS, row(traceId), Longs.toBytes(spanId));
    return value == null ? Optional.empty() : Optional.of(SpanCodec.decode(traceId, spanId, value));
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
