package io.pinscope.storage;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.util.List;
import java.util.Optional;

/**
 * Spans by trace. Spans of one trace may arrive in any order and in separate calls; they are stored as
 * they come (the spans of a trace that arrive in one call together), and assembled into a call tree only
 * when read. A span is identified by (trace id, span id): however often it is written, it is read once.
 */
public interface TraceRepository {
  /** The most spans {@link #find} returns for one trace. */
  int MAX_SPANS_PER_TRACE = 20_000;

  /**
   * Stores the spans, and indexes the Pinpoint transaction id found in a span's {@code pp} trace-state
   * entry (see {@link io.pinscope.model.PinpointTraceState}). Idempotent: writing the same spans again (a
   * retried export) changes nothing; a span written again alone replaces its earlier copies (copies sent
   * again in other batches are read once, and OTLP resends a span unchanged). Durable when this returns.
   */
  void write(List<StoredSpan> spans);

  /**
   * Stores the spans as {@link #write(List)} does and the scatter dots as {@link ScatterIndex#write} does, in
   * ONE engine write: where the engine's batches are atomic (RocksDB, memory) a reader sees all of them or
   * none, and a failed call stored nothing, so an export is answered all-or-nothing. Durable when this
   * returns. Either list may be empty.
   */
  void write(List<StoredSpan> spans, List<ScatterDot> dots);

  /**
   * The spans of one trace ordered by start time, then span id; at most {@link #MAX_SPANS_PER_TRACE}
   * (then {@link StoredTrace#truncated()} is true). A trace with no span gives an empty list.
   */
  StoredTrace find(TraceId traceId);

  /**
   * One span of a trace, by its id: a point read for a span stored alone, else one range read of the
   * trace (the statistics' late pairing of a server span with the caller span it names as parent costs one).
   */
  Optional<StoredSpan> findSpan(TraceId traceId, long spanId);

  /** The trace that carries a Pinpoint transaction id ({@code agentId^startTime^sequence}), if any. */
  Optional<TraceId> findByTransactionId(String transactionId);

  /** The spans of one trace as read, with a flag when the span limit cut the list short. */
  record StoredTrace(TraceId traceId, List<StoredSpan> spans, boolean truncated) {
    public StoredTrace {
      spans = List.copyOf(spans);
    }
  }
}
