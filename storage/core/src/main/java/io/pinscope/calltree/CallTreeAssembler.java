package io.pinscope.calltree;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.PinpointTraceState;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the call tree of one trace from its spans, as Pinpoint shows it.
 *
 * <p>{@link #assemble} is a pure function of the set of spans: input order does not matter, and of
 * several spans with one span id the first is kept (retries resend identical copies). The result is:
 *
 * <ul>
 *   <li>Segmentation: a span starts a {@link PinpointSpan} (one visit of one agent) when it is an entry
 *       span ({@link StoredSpan#isEntry()}: SERVER or CONSUMER, remote parent, or no parent), when its
 *       parent is missing (an orphan), or when its parent was reported by another agent or application
 *       (a remote parent whose exporter did not set the remoteness flags). Every other span is a
 *       {@link PinpointSpanEvent} of its parent's visit.
 *   <li>Grafting: every span hangs under its parent when the parent is present, whatever its kind; so a
 *       callee's entry span hangs under the caller's CLIENT or PRODUCER event whose next span id it
 *       names as parent, and the tree crosses services.
 *   <li>Roots: spans without a parent and entry spans called from outside the store (a Pinpoint agent, an
 *       uninstrumented caller; see {@link TraceGraph}) in start order, each of the latter under a caller
 *       row, then orphan subtrees in start order. A parent-link cycle (malformed data) is cut above its
 *       earliest span, which becomes an orphan root. No span is ever dropped.
 * </ul>
 *
 * <p>Traversal is iterative, so arbitrarily deep trees are fine; the work is O(n log n) in the number of
 * spans.
 */
public final class CallTreeAssembler {
  private final TraceGraph graph;
  private final int[] rowDepth;
  private final int[] eventDepth;
  private final int[] visitOf;
  private final long[] gapNanos;
  private final List<Visit> visits = new ArrayList<>();
  private final List<CallTreeRow> rows;

  private CallTreeAssembler(TraceGraph graph) {
    this.graph = graph;
    int n = graph.size();
    rowDepth = new int[n];
    eventDepth = new int[n];
    visitOf = new int[n];
    gapNanos = new long[n];
    rows = new ArrayList<>(n);
  }

  /**
   * The call tree of {@code traceId} made of {@code spans}, given in any order. No spans gives an empty,
   * incomplete tree.
   *
   * @throws IllegalArgumentException when a span belongs to another trace; the message names both ids
   */
  public static CallTree assemble(TraceId traceId, List<StoredSpan> spans) {
    requireNonNull(traceId, "traceId");
    requireNonNull(spans, "spans");
    return new CallTreeAssembler(TraceGraph.of(traceId, spans)).run(traceId);
  }

  private CallTree run(TraceId traceId) {
    int[] stack = new int[graph.size()];
    for (int root : graph.roots()) {
      long rootExecNanos = graph.span(root).durationNanos();
      boolean orphan = graph.isOrphanRoot(root);
      if (graph.isCalledFromOutside(root)) {
        rows.add(callerRow(graph.span(root)));
        rowDepth[root] = 1;
      }
      int top = 0;
      stack[top++] = root;
      while (top > 0) {
        int i = stack[--top];
        segment(i);
        rows.add(row(i, rootExecNanos, orphan));
        int[] children = graph.children(i);
        for (int k = children.length - 1; k >= 0; k--) {
          int child = children[k];
          rowDepth[child] = rowDepth[i] + 1;
          long previousEnd = k == 0 ? graph.span(i).startEpochNanos() : end(children[k - 1]);
          gapNanos[child] = Math.max(0, graph.span(child).startEpochNanos() - previousEnd);
          stack[top++] = child;
        }
      }
    }
    List<PinpointSpan> pinpointSpans = new ArrayList<>(visits.size());
    for (Visit visit : visits) {
      pinpointSpans.add(new PinpointSpan(visit.entry, visit.events, visit.orphan));
    }
    return new CallTree(traceId, pinpointSpans, rows);
  }

  /** Starts a visit at {@code i}, or adds {@code i} as the next event of its parent's visit. */
  private void segment(int i) {
    StoredSpan span = graph.span(i);
    int parent = graph.parent(i);
    if (parent < 0 || startsVisit(span, graph.span(parent))) {
      visitOf[i] = visits.size();
      eventDepth[i] = 0;
      visits.add(new Visit(span, graph.isOrphanRoot(i)));
    } else {
      visitOf[i] = visitOf[parent];
      eventDepth[i] = eventDepth[parent] + 1;
      List<PinpointSpanEvent> events = visits.get(visitOf[i]).events;
      events.add(new PinpointSpanEvent(span, eventDepth[i], events.size()));
    }
  }

  /** The row of a caller outside the store, above the entry span it called. */
  private static CallTreeRow callerRow(StoredSpan entry) {
    PinpointTraceState.Caller pp = PinpointTraceState.caller(entry.traceState());
    String application = pp == null ? "" : pp.application();
    String method = pp == null ? "called from outside (no span of the caller is stored)"
        : "called by " + application + " (a Pinpoint agent)";
    long execNanos = entry.durationNanos();
    return new CallTreeRow(0, entry.parentSpanId(), SpanIds.NONE, application, "", method, "", SpanKind.CLIENT,
        entry.startEpochNanos(), 0, execNanos, 0, execNanos == 0 ? 0 : 100, false, false, false, false, true);
  }

  private static boolean startsVisit(StoredSpan span, StoredSpan parent) {
    return span.isEntry()
        || !span.agentId().equals(parent.agentId())
        || !span.applicationName().equals(parent.applicationName());
  }

  private CallTreeRow row(int i, long rootExecNanos, boolean orphan) {
    StoredSpan span = graph.span(i);
    long execNanos = span.durationNanos();
    return new CallTreeRow(
        rowDepth[i],
        span.spanId(),
        span.parentSpanId(),
        span.applicationName(),
        span.agentId(),
        span.name(),
        Arguments.of(span.attributes()),
        span.kind(),
        span.startEpochNanos(),
        gapNanos[i],
        execNanos,
        execNanos - childrenCoverNanos(i),
        rootExecNanos == 0 ? 0 : execNanos * 100.0 / rootExecNanos,
        span.isError(),
        hasException(span),
        eventDepth[i] == 0,
        orphan,
        false);
  }

  /** The length of the union of the children's intervals clipped to {@code i}'s interval. */
  private long childrenCoverNanos(int i) {
    long start = graph.span(i).startEpochNanos();
    long end = end(i);
    long covered = 0;
    long runStart = start;
    long runEnd = start;
    // Children come in start order, and clipping keeps that order, so one sweep merges the intervals.
    for (int child : graph.children(i)) {
      long childStart = Math.max(start, graph.span(child).startEpochNanos());
      long childEnd = Math.min(end, end(child));
      if (childEnd <= childStart) {
        continue;
      }
      if (childStart > runEnd) {
        covered += runEnd - runStart;
        runStart = childStart;
        runEnd = childEnd;
      } else {
        runEnd = Math.max(runEnd, childEnd);
      }
    }
    return covered + runEnd - runStart;
  }

  /** The end time, never before the start (the model does not forbid a reversed span). */
  private long end(int i) {
    StoredSpan span = graph.span(i);
    return span.startEpochNanos() + span.durationNanos();
  }

  private static boolean hasException(StoredSpan span) {
    for (StoredSpan.Event event : span.events()) {
      if (event.name().equals("exception")) {
        return true;
      }
    }
    return false;
  }

  /** A Pinpoint Span under construction. */
  private static final class Visit {
    final StoredSpan entry;
    final boolean orphan;
    final List<PinpointSpanEvent> events = new ArrayList<>();

    Visit(StoredSpan entry, boolean orphan) {
      this.entry = entry;
      this.orphan = orphan;
    }
  }
}
