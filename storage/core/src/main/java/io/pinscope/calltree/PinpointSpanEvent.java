package io.pinscope.calltree;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;

/**
 * One SpanEvent of a {@link PinpointSpan}: a local descendant (CLIENT, PRODUCER or INTERNAL span) of
 * the visit's entry span.
 *
 * <p>{@code depth} is the distance from the entry span (a direct child is 1). {@code sequence} is the
 * 0-based position within the Pinpoint Span in depth-first preorder, siblings ordered by start time then
 * span id: the order of start.
 */
public record PinpointSpanEvent(StoredSpan span, int depth, int sequence) {
  public PinpointSpanEvent {
    requireNonNull(span, "span");
    if (depth < 1) {
      throw new IllegalArgumentException("depth: " + depth + " (expected: >= 1)");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 0)");
    }
  }

  /**
   * The span id of the callee's entry span's parent: this span's own id for a CLIENT or PRODUCER event
   * (the call leaves the process), else {@link SpanIds#NONE}.
   */
  public long nextSpanId() {
    return span.kind().isOutgoing() ? span.spanId() : SpanIds.NONE;
  }
}
