package io.pinscope.model;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One OTel log record, correlated with its trace and span when the sender set them. {@code traceId} is
 * null and {@code spanId} is {@link SpanIds#NONE} for uncorrelated records.
 */
public record StoredLog(
    long epochNanos,
    long observedEpochNanos,
    int severityNumber,
    String severityText,
    AttributeValue body,
    Attributes attributes,
    @Nullable TraceId traceId,
    long spanId,
    int flags,
    String applicationName,
    String agentId) {
  public StoredLog {
    requireNonNull(severityText, "severityText");
    requireNonNull(body, "body");
    requireNonNull(attributes, "attributes");
    requireNonNull(applicationName, "applicationName");
    requireNonNull(agentId, "agentId");
  }

  /** The record's time: its own timestamp, else the observed one (epoch nanoseconds). */
  public long timeNanos() {
    return epochNanos != 0 ? epochNanos : observedEpochNanos;
  }
}
