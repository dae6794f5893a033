package io.pinscope.model;

/** OTel span status codes, with OTLP's wire numbers. */
public enum StatusCode {
  UNSET(0),
  OK(1),
  ERROR(2);

  private final int number;

  StatusCode(int number) {
    this.number = number;
  }

  /** OTLP's {@code Status.StatusCode} number. */
  public int number() {
    return number;
  }

  /** The code for an OTLP number; unknown numbers read as {@link #UNSET}. */
  public static StatusCode ofNumber(int number) {
    return switch (number) {
      case 1 -> OK;
      case 2 -> ERROR;
      default -> UNSET;
    };
  }
}
