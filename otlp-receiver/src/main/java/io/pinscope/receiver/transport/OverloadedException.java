package io.pinscope.receiver.transport;

/**
 * The receiver is at capacity (in-flight byte budget or work queue full); the client should retry after
 * {@link #retryAfterSeconds()}. Answered with HTTP 503 + {@code Retry-After} or gRPC {@code UNAVAILABLE}
 * + {@code RetryInfo}.
 */
public final class OverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int retryAfterSeconds;

  public OverloadedException(String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
