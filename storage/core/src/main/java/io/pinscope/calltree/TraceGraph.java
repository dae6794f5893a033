package io.pinscope.calltree;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.PinpointTraceState;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of one trace as a forest: deduplicated by span id, indexed in start order (start time, then
 * span id as unsigned), with each span's children in that same order.
 *
 * <p>Roots are the spans without a parent and the entry spans called from outside the store, then the
 * orphans: spans whose parent is missing, and one span per parent-link cycle (the cycle's earliest span,
 * whose link to its parent is cut). Every span is reachable from exactly one root, so traversals terminate.
 *
 * <p>An entry span whose parent is missing was <em>called from outside the store</em>, rather than orphaned,
 * when its parent will never arrive: its {@code pp} entry came from Pinpoint headers (a Pinpoint agent
 * called; {@link PinpointTraceState.Caller#fromPinpointHeaders()}), or the trace has no span without a
 * parent and this is its earliest span (an uninstrumented caller that forwards {@code traceparent}, such as
 * a proxy or a browser). While a trace's real root is still in flight, the second rule also applies to its
 * first callee; it is decided anew on every read.
 */
final class TraceGraph {
  /** Start order: start time, then span id read as unsigned (its hex order). */
  private static final Comparator<StoredSpan> START_ORDER =
      Comparator.comparingLong(StoredSpan::startEpochNanos)
          .thenComparing((a, b) -> Long.compareUnsigned(a.spanId(), b.spanId()));

  private static final int NO_PARENT = -1;
  private static final int[] NO_CHILDREN = {};

  private final StoredSpan[] spans;
  private final int[] parent;
  private final int[][] children;
  private final boolean[] orphanRoot;
  private final boolean[] parentMissing;
  private final boolean[] calledFromOutside;
  private final int[] roots;

  private TraceGraph(StoredSpan[] spans) {
    this.spans = spans;
    int n = spans.length;
    parent = new int[n];
    orphanRoot = new boolean[n];
    parentMissing = new boolean[n];
    calledFromOutside = new boolean[n];
    linkParents();
    children = new int[n][];
    linkChildren();
    cutCycles();
    markCalledFromOutside();
    roots = collectRoots();
  }

  /**
   * Indexes {@code input}, all of which must belong to {@code traceId}. Of several spans with one span
   * id the first in input order is kept: retries resend identical copies.
   */
  static TraceGraph of(TraceId traceId, List<StoredSpan> input) {
    Map<Long, StoredSpan> unique = new HashMap<>();
    for (int i = 0; i < input.size(); i++) {
      StoredSpan span = requireNonNull(input.get(i), "spans[" + i + "]");
      if (!span.traceId().equals(traceId)) {
        throw new IllegalArgumentException("spans[" + i + "].traceId: " + span.traceId()
            + " (expected: " + traceId + ", the trace being assembled)");
      }
      unique.putIfAbsent(span.spanId(), span);
    }
    StoredSpan[] spans = unique.values().toArray(new StoredSpan[0]);
    Arrays.sort(spans, START_ORDER);
    return new TraceGraph(spans);
  }

  /** The number of distinct spans. */
  int size() {
    return spans.length;
  }

  /** The span at {@code index}. */
  StoredSpan span(int index) {
    return spans[index];
  }

  /** The index of the parent in the forest, or -1 for a root. */
  int parent(int index) {
    return parent[index];
  }

  /** The children of {@code index}, in start order. Do not modify. */
  int[] children(int index) {
    return children[index];
  }

  /** The roots: spans without a parent in start order, then orphan roots in start order. Do not modify. */
  int[] roots() {
    return roots;
  }

  /** True when {@code index} is an orphan root (parent missing, or cut out of a cycle). */
  boolean isOrphanRoot(int index) {
    return orphanRoot[index];
  }

  /** True when {@code index} is a root entry span called from outside the store (see the class doc). */
  boolean isCalledFromOutside(int index) {
    return calledFromOutside[index];
  }

  private void linkParents() {
    Map<Long, Integer> indexById = new HashMap<>(spans.length * 2);
    for (int i = 0; i < spans.length; i++) {
      indexById.put(spans[i].spanId(), i);
    }
    for (int i = 0; i < spans.length; i++) {
      long parentId = spans[i].parentSpanId();
      Integer p = parentId == SpanIds.NONE ? null : indexById.get(parentId);
      parent[i] = p == null ? NO_PARENT : p;
      parentMissing[i] = p == null && parentId != SpanIds.NONE;
      orphanRoot[i] = parentMissing[i];
    }
  }

  private void linkChildren() {
    int[] count = new int[spans.length];
    for (int i = 0; i < spans.length; i++) {
      if (parent[i] != NO_PARENT) {
        count[parent[i]]++;
      }
    }
    for (int i = 0; i < spans.length; i++) {
      children[i] = count[i] == 0 ? NO_CHILDREN : new int[count[i]];
      count[i] = 0;
    }
    // Ascending i is start order, so every child list comes out sorted.
    for (int i = 0; i < spans.length; i++) {
      int p = parent[i];
      if (p != NO_PARENT) {
        children[p][count[p]++] = i;
      }
    }
  }

  /**
   * Spans not reachable from a root sit on, or hang below, a parent-link cycle (malformed data). Each
   * cycle is cut above its earliest span, which becomes an orphan root.
   */
  private void cutCycles() {
    boolean[] reached = new boolean[spans.length];
    int[] stack = new int[spans.length];
    for (int i = 0; i < spans.length; i++) {
      if (parent[i] == NO_PARENT) {
        markSubtree(i, reached, stack);
      }
    }
    int[] walkMark = new int[spans.length];
    for (int i = 0; i < spans.length; i++) {
      if (reached[i]) {
        continue;
      }
      // Unreached spans all have a parent that is unreached too, so walking up ends on the cycle.
      int onCycle = i;
      while (walkMark[onCycle] != i + 1) {
        walkMark[onCycle] = i + 1;
        onCycle = parent[onCycle];
      }
      int earliest = onCycle;
      for (int k = parent[onCycle]; k != onCycle; k = parent[k]) {
        earliest = Math.min(earliest, k);
      }
      cutFromParent(earliest);
      markSubtree(earliest, reached, stack);
    }
  }

  private void cutFromParent(int index) {
    int p = parent[index];
    int[] siblings = children[p];
    int[] kept = new int[siblings.length - 1];
    int k = 0;
    for (int c : siblings) {
      if (c != index) {
        kept[k++] = c;
      }
    }
    children[p] = kept.length == 0 ? NO_CHILDREN : kept;
    parent[index] = NO_PARENT;
    orphanRoot[index] = true;
  }

  private void markSubtree(int root, boolean[] reached, int[] stack) {
    int top = 0;
    stack[top++] = root;
    while (top > 0) {
      int i = stack[--top];
      reached[i] = true;
      for (int c : children[i]) {
        stack[top++] = c;
      }
    }
  }

  private void markCalledFromOutside() {
    boolean hasRoot = false;
    for (int i = 0; i < spans.length; i++) {
      hasRoot |= spans[i].isRoot();
    }
    for (int i = 0; i < spans.length; i++) {
      StoredSpan span = spans[i];
      if (!parentMissing[i] || !span.isEntry()) {
        continue;
      }
      PinpointTraceState.Caller pp = PinpointTraceState.caller(span.traceState());
      if ((pp != null && pp.fromPinpointHeaders()) || (!hasRoot && i == 0)) {
        calledFromOutside[i] = true;
        orphanRoot[i] = false;
      }
    }
  }

  private int[] collectRoots() {
    int[] out = new int[spans.length];
    int k = 0;
    for (int pass = 0; pass < 2; pass++) {
      boolean wantOrphans = pass == 1;
      for (int i = 0; i < spans.length; i++) {
        if (parent[i] == NO_PARENT && orphanRoot[i] == wantOrphans) {
          out[k++] = i;
        }
      }
    }
    return Arrays.copyOf(out, k);
  }
}
