package io.pinscope.model;

/** OTel span kinds, with OTLP's wire numbers. */
public enum SpanKind {
  UNSPECIFIED(0),
  INTERNAL(1),
  SERVER(2),
  CLIENT(3),
  PRODUCER(4),
  CONSUMER(5);

  private static final SpanKind[] BY_NUMBER = values();

  private final int number;

  SpanKind(int number) {
    this.number = number;
  }

  /** OTLP's {@code Span.SpanKind} number. */
  public int number() {
    return number;
  }

  /** The kind for an OTLP number; unknown numbers read as {@link #UNSPECIFIED}. */
  public static SpanKind ofNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNSPECIFIED;
  }

  /** SERVER and CONSUMER spans start a Pinpoint Span (one visit of one agent). */
  public boolean isEntryKind() {
    return this == SERVER || this == CONSUMER;
  }

  /** CLIENT and PRODUCER spans call out of the process. */
  public boolean isOutgoing() {
    return this == CLIENT || this == PRODUCER;
  }
}
