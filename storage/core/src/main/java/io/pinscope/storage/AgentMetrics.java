package io.pinscope.storage;

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
}
