package io.pinscope.receiver.transport;

/**
 * The request cannot be decoded; answered with HTTP {@link #httpStatus()} (400, 413 or 415) or gRPC
 * {@code INVALID_ARGUMENT}. The message says what was wrong and what was expected.
 */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;

  public BadRequestException(int httpStatus, String message) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
  }

  public BadRequestException(int httpStatus, String message, Throwable cause) {
    super(message, cause, false, false);
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
