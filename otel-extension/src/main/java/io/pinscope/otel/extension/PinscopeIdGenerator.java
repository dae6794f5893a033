package io.pinscope.otel.extension;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Random ids without the values that mean "none": span id 0 (invalid in OTel) and -1
 * ({@code ffffffffffffffff}, Pinpoint's null span id), and the all-zero trace id.
 *
 * <p>It also remembers, per thread, the span id it generated last, for {@link #takeLastSpanId()}.
 */
final class PinscopeIdGenerator implements IdGenerator {
  private static final String PINPOINT_NULL_SPAN_ID = "ffffffffffffffff";

  private final IdGenerator random;
  // Per instance, not static: only the generator installed beside the sampler may answer it. A plain
  // ThreadLocal holding a String keeps no reference to this class loader in the application's threads.
  private final ThreadLocal<String> lastSpanId = new ThreadLocal<>();

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
    lastSpanId.set(id);
    return id;
  }

  /**
   * The span id this generator generated last on the calling thread, or null if it generated none since
   * the last call: the id is forgotten once read, so it can never be taken for a later span's id.
   *
   * <p>This is how {@link PinpointTraceStateSampler} learns the id of the span it samples, which the
   * {@code Sampler} API does not pass: the SDK's span builder (1.67.0 {@code SdkSpanBuilder.startSpan})
   * generates the span id with the tracer provider's id generator and then, on the same thread and
   * before anything else can start a span, calls the sampler.
   */
  String takeLastSpanId() {
    String id = lastSpanId.get();
    if (id != null) {
      lastSpanId.remove();
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
