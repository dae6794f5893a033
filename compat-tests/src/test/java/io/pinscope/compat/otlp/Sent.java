package io.pinscope.compat.otlp;

import org.jspecify.annotations.Nullable;

/**
 * What a sender says of one cell: the trace id it sent (its exporter reported success), or why it could not.
 *
 * @param traceId lower- or upper-case hex; null when sending failed
 * @param failure why sending failed; null when it did not
 */
record Sent(@Nullable String traceId, @Nullable String failure) {
  static Sent ok(String traceId) {
    return new Sent(traceId, null);
  }

  static Sent failed(String failure) {
    return new Sent(null, failure);
  }
}
