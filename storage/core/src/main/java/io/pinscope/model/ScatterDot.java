package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One dot of the scatter chart: an entry span of an application. {@code epochMillis} is the span's start
 * time, {@code elapsedMillis} its duration (never negative); {@code route} the span's route in the URI
 * statistics ({@link UriRoutes#of}), null for dots stored before routes were (they match no route filter).
 */
public record ScatterDot(
    String applicationName,
    String agentId,
    long epochMillis,
    long elapsedMillis,
    boolean error,
    TraceId traceId,
    long spanId,
    @Nullable String route) {
  public ScatterDot {
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
    requireNonNull(traceId, "traceId");
    if (elapsedMillis < 0) {
      throw new IllegalArgumentException("elapsedMillis: " + elapsedMillis + " (expected: >= 0)");
    }
  }

  /** A dot without a route. */
  public ScatterDot(String applicationName, String agentId, long epochMillis, long elapsedMillis, boolean error,
      TraceId traceId, long spanId) {
    this(applicationName, agentId, epochMillis, elapsedMillis, error, traceId, spanId, null);
  }

  /** The dot of an entry span, with its route. */
  public static ScatterDot of(StoredSpan entry) {
    return new ScatterDot(entry.applicationName(), entry.agentId(), entry.startEpochMillis(),
        entry.durationNanos() / 1_000_000L, entry.isError(), entry.traceId(), entry.spanId(), UriRoutes.of(entry));
  }
}
