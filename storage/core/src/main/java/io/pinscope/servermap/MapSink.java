package io.pinscope.servermap;

import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.TraceId;

/**
 * Where the server-map rules ({@link MapContributions}, {@link CallerRules}) put what they decide: the
 * receiver's statistics aggregator, the per-transaction map and the statistics rebuild each implement it.
 * Slots are 1-minute slot starts in epoch milliseconds; a histogram cell takes its schema from the key's
 * service type (a link: its callee's, see {@link MapContributions#schemaOf(LinkKey)}).
 */
public interface MapSink {
  /** One call answered by an application agent. */
  void self(long slotMillis, SelfKey key, long elapsedMillis, boolean error);

  /** One call on a link. */
  void link(long slotMillis, LinkKey key, long elapsedMillis, boolean error);

  /** "The caller reached the acceptor at this host" (for the host map; a set, not a count). */
  void hostMapping(long slotMillis, HostMapping mapping);

  /**
   * The trace of a call just counted on {@code key} by {@link #link}, as an example transaction of the link
   * (kept for links to external hosts; sinks that keep no examples ignore it).
   */
  default void linkExample(long slotMillis, LinkKey key, TraceId traceId) {}
}
