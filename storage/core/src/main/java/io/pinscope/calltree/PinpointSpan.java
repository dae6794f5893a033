package io.pinscope.calltree;

import static java.util.Objects.requireNonNull;

import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredSpan;
import java.util.List;

/**
 * One Pinpoint Span: one visit of one agent. It starts at an entry span and holds that agent's local
 * descendants as {@link PinpointSpanEvent}s, in sequence order (the i-th event has sequence i).
 *
 * <p>{@code orphan} is true when the entry span's parent is not in the trace, or when the entry was cut
 * out of a parent-link cycle; such a visit is kept, never dropped. Its entry may then be of any kind.
 */
public record PinpointSpan(StoredSpan entry, List<PinpointSpanEvent> events, boolean orphan) {
  public PinpointSpan {
    requireNonNull(entry, "entry");
    events = List.copyOf(events);
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).sequence() != i) {
        throw new IllegalArgumentException(
            "events[" + i + "].sequence: " + events.get(i).sequence() + " (expected: " + i + ")");
      }
    }
  }

  /** The application of the visited agent. */
  public String applicationName() {
    return entry.applicationName();
  }

  /** The visited agent. */
  public String agentId() {
    return entry.agentId();
  }

  /** The entry span's id. */
  public long spanId() {
    return entry.spanId();
  }

  /** The entry span's parent id, {@link SpanIds#NONE} for a root; for an orphan, the missing span. */
  public long parentSpanId() {
    return entry.parentSpanId();
  }

  /**
   * The span this visit is grafted under in the call tree — usually the caller's CLIENT or PRODUCER
   * event, whose {@link PinpointSpanEvent#nextSpanId()} it is — or {@link SpanIds#NONE} for a root or
   * an orphan.
   */
  public long callerSpanId() {
    return orphan ? SpanIds.NONE : entry.parentSpanId();
  }
}
