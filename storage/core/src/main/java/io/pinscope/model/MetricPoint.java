package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * One metric data point of one agent. {@code epochNanos} is the point's time; sums are stored as deltas
 * (the receiver converts cumulative sums), so {@code kind} tells how to read {@code value}.
 */
public record MetricPoint(
    String agentId,
    String name,
    String unit,
    Kind kind,
    Attributes attributes,
    long epochNanos,
    MetricValue value) {

  /** The OTel metric types. */
  public enum Kind {
    GAUGE,
    SUM,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM
  }

  public MetricPoint {
    requireNonNull(agentId, "agentId");
    requireNonNull(name, "name");
    requireNonNull(unit, "unit");
    requireNonNull(kind, "kind");
    requireNonNull(attributes, "attributes");
    requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: \"\" (expected: non-empty)");
    }
  }

  /** Epoch milliseconds of the point. */
  public long epochMillis() {
    return epochNanos / 1_000_000L;
  }
}
