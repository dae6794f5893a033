package io.pinscope.otel.extension;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Random ids without the values that mean "none": span id 0 (invalid in OTel) and -1
 * ({@code ffffffffffffffff}, Pinpoint's null span id), and the all-zero trace id.
 */
final class PinscopeIdGenerator implements IdGenerator {
  private static final String PINPOINT_NULL_SPAN_ID = "ffffffffffffffff";

  private final IdGenerator random;

  PinscopeIdGenerator(IdGenerator random) {
    this.random = random;
  }

  PinscopeIdGenerator() {
    this(IdGenerator.random());
  }

  @Override
  public String generateSpanId() {
    String id = random.generateSpanId();
    while (id.equals(SpanId.getInvalid()) || id.equals(PINPOINT_NULL_SPAN_ID)) {
      id = random.generateSpanId();
    }
    return id;
  }

  @Override
  public String generateTraceId() {
    String id = random.generateTraceId();
    while (id.equals(TraceId.getInvalid())) {
      id = random.generateTraceId();
    }
    return id;
  }

  @Override
  public boolean generatesRandomTraceIds() {
    return random.generatesRandomTraceIds();
  }
}
