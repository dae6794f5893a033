package io.pinscope.calltree;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.SpanKind;

/**
 * One display row of a {@link CallTree}, one per span, in tree order (depth-first preorder, siblings in
 * start order). Times are nanoseconds.
 *
 * <ul>
 *   <li>{@code depth}: 0 for a root; a callee's entry row is one deeper than the caller row it is
 *       grafted under, so depth runs across services.
 *   <li>{@code parentSpanId}: the span's own parent id, even when that parent is missing (an orphan).
 *   <li>{@code method}: the span name; {@code arguments}: a short rendering of the span's main attribute
 *       (query text, URL, route, ...), empty when it has none.
 *   <li>{@code gapNanos}: start minus the end of the previous sibling row, or minus the parent row's start
 *       for a first child; 0 for a root. Never negative: overlap (async siblings) reads as 0.
 *   <li>{@code execNanos}: the span's duration.
 *   <li>{@code selfNanos}: {@code execNanos} minus the time covered by the union of the child rows'
 *       intervals clipped to this row's interval, so overlapping or outliving (async) children never
 *       make it negative.
 *   <li>{@code execPercent}: {@code execNanos} as a percentage of the duration of this row's tree root;
 *       it exceeds 100 for async work that outlives the root, and is 0 when the root lasted 0 ns.
 *   <li>{@code entry}: the span starts a {@link PinpointSpan}; {@code orphan}: the row is in an orphan
 *       subtree; {@code error}: status ERROR; {@code hasException}: an "exception" event is present.
 *   <li>{@code caller}: the row stands for a caller outside the store — a Pinpoint agent named by the
 *       entry's {@code pp}, or an unknown one — above an entry span whose parent will never arrive; it has
 *       no span of its own: its {@code spanId} is the entry's parent id, its times are the entry's, its
 *       application the caller's name ({@code ""} when unknown) and its agent {@code ""}.
 * </ul>
 */
public record CallTreeRow(
    int depth,
    long spanId,
    long parentSpanId,
    String applicationName,
    String agentId,
    String method,
    String arguments,
    SpanKind kind,
    long startEpochNanos,
    long gapNanos,
    long execNanos,
    long selfNanos,
    double execPercent,
    boolean error,
    boolean hasException,
    boolean entry,
    boolean orphan,
    boolean caller) {
  public CallTreeRow {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
    requireNonNull(method, "method");
    requireNonNull(arguments, "arguments");
    requireNonNull(kind, "kind");
    if (depth < 0) {
      throw new IllegalArgumentException("depth: " + depth + " (expected: >= 0)");
    }
    if (gapNanos < 0) {
      throw new IllegalArgumentException("gapNanos: " + gapNanos + " (expected: >= 0)");
    }
    if (selfNanos < 0 || selfNanos > execNanos) {
      throw new IllegalArgumentException(
          "selfNanos: " + selfNanos + " (expected: 0 to execNanos " + execNanos + ")");
    }
    if (!(execPercent >= 0)) {
      throw new IllegalArgumentException("execPercent: " + execPercent + " (expected: >= 0)");
    }
  }
}
