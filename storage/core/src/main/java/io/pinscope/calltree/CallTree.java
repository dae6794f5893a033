package io.pinscope.calltree;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.TraceId;
import java.util.List;

/**
 * The call tree of one trace: its {@link PinpointSpan}s (visits) in tree order, and one
 * {@link CallTreeRow} per distinct span, flattened in tree order.
 *
 * <p>Tree order is depth-first preorder with siblings in start order (start time, then span id). The
 * roots come first in start order: spans without a parent and entry spans called from outside the store
 * (each under its caller row), then the orphan subtrees (parent missing, or cut out of a parent-link
 * cycle), each marked.
 */
public record CallTree(TraceId traceId, List<PinpointSpan> pinpointSpans, List<CallTreeRow> rows) {
  public CallTree {
    requireNonNull(traceId, "traceId");
    pinpointSpans = List.copyOf(pinpointSpans);
    rows = List.copyOf(rows);
  }

  /** The number of distinct spans (duplicates removed): the rows, not counting caller rows. */
  public int spanCount() {
    int count = 0;
    for (CallTreeRow row : rows) {
      if (!row.caller()) {
        count++;
      }
    }
    return count;
  }

  /** The number of orphan subtrees: visits whose entry's parent is missing or that close a cycle. */
  public int orphanCount() {
    int count = 0;
    for (PinpointSpan span : pinpointSpans) {
      if (span.orphan()) {
        count++;
      }
    }
    return count;
  }

  /**
   * True when there is at least one root — a span without a parent, or an entry span called from outside
   * the store (shown under a caller row) — and no orphan. Every span sits under a root or in an orphan
   * subtree, so this is "not empty and no orphan".
   */
  public boolean complete() {
    return !rows.isEmpty() && orphanCount() == 0;
  }
}
