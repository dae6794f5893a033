package io.pinscope;

import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Span builders with sensible defaults for unit tests: one fixed trace id, times given in milliseconds
 * after a fixed epoch, and agent {@code <application>-1} for every application.
 */
public final class TestSpans {
  /** The trace every span built here belongs to. */
  public static final TraceId TRACE_ID = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");

  /** Another trace id, for tests that mix traces. */
  public static final TraceId OTHER_TRACE_ID = TraceId.fromHex("0af7651916cd43dd8448eb211c80319c");

  /** Time zero of the millisecond offsets: 2023-11-14T22:13:20Z in epoch nanoseconds. */
  public static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;

  /** {@link #EPOCH_NANOS} plus {@code millis} milliseconds. */
  public static long nanos(long millis) {
    return EPOCH_NANOS + millis * 1_000_000L;
  }

  /** {@code millis} milliseconds as nanoseconds. */
  public static long millisToNanos(long millis) {
    return millis * 1_000_000L;
  }

  /**
   * A builder for a span of {@link #TRACE_ID} sent by {@code application} (agent
   * {@code application + "-1"}), named {@code "span-<spanId>"}, running from {@code startMillis} to
   * {@code endMillis} after {@link #EPOCH_NANOS}. Pass {@link io.pinscope.model.SpanIds#NONE} as
   * {@code parentSpanId} for a root.
   */
  public static StoredSpan.Builder span(String application, SpanKind kind, long spanId, long parentSpanId,
      long startMillis, long endMillis) {
    return StoredSpan.builder()
        .traceId(TRACE_ID)
        .spanId(spanId)
        .parentSpanId(parentSpanId)
        .name("span-" + spanId)
        .kind(kind)
        .startEpochNanos(nanos(startMillis))
        .endEpochNanos(nanos(endMillis))
        .applicationName(application)
        .agentId(application + "-1");
  }

  /** A shuffled copy of {@code spans}. */
  public static List<StoredSpan> shuffled(List<StoredSpan> spans, Random random) {
    List<StoredSpan> copy = new ArrayList<>(spans);
    Collections.shuffle(copy, random);
    return copy;
  }

  private TestSpans() {}
}
