package io.pinscope.model;

import static java.util.Objects.requireNonNull;

/**
 * One dot of the scatter chart: an entry span of an application. {@code epochMillis} is the span's start
 * time, {@code elapsedMillis} its duration (never negative).
 */
public record ScatterDot(
    String applicationName,
    String agentId,
    long epochMillis,
    long elapsedMillis,
    boolean error,
    TraceId traceId,
    long spanId) {
  public ScatterDot {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
    requireNonNull(traceId, "traceId");
    if (elapsedMillis < 0) {
      throw new IllegalArgumentException("elapsedMillis: " + elapsedMillis + " (expected: >= 0)");
    }
  }

  /** The dot of an entry span. */
  public static ScatterDot of(StoredSpan entry) {
    return new ScatterDot(entry.applicationName(), entry.agentId(), entry.startEpochMillis(),
        entry.durationNanos() / 1_000_000L, entry.isError(), entry.traceId(), entry.spanId());
  }
}
