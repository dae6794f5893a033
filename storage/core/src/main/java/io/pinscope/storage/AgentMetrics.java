package io.pinscope.storage;

import io.pinscope.model.MetricBucket;
import io.pinscope.model.MetricPoint;
import java.util.List;

/**
 * Metric time series per agent. A point is keyed by (agent, time, metric name, attributes), so writing
 * the same point again replaces it.
 */
public interface AgentMetrics {
  /** The most points one read returns. */
  int MAX_POINTS = 100_000;

  /** Stores the points; durable on return. */
  void write(List<MetricPoint> points);

  /**
   * Points of one agent with time in {@code [fromMillis, toMillis)}, ordered by time ascending, at most
   * {@code limit} (1..{@link #MAX_POINTS}).
   */
  List<MetricPoint> read(String agentId, long fromMillis, long toMillis, int limit);

  /**
   * The points of one agent with time in {@code [fromMillis, toMillis)} folded per series (name and
   * attributes) and bucket: a point falls into the bucket starting at
   * {@code floor(epochMillis / bucketMillis) * bucketMillis}. Ordered by series (name, then attributes'
   * text) then bucket start ascending; one entry per bucket that has points. Not limited to
   * {@link #MAX_POINTS}: every point in the range is read. See {@link MetricBucket} for the fold.
   *
   * @throws IllegalArgumentException if {@code toMillis < fromMillis} or {@code bucketMillis < 1}
   */
  List<MetricBucket> buckets(String agentId, long fromMillis, long toMillis, long bucketMillis);
}
