package io.pinscope.receiver;

/**
 * The ingest workers' load at one moment: requests waiting for a worker against the queue's capacity, and
 * request bytes in flight against the in-flight budget. Saturated when either is full: new requests then
 * wait for room (up to the admission wait) or are refused with 503 / {@code UNAVAILABLE}.
 */
public record IngestLoad(int queued, int queueCapacity, long inFlightBytes, long budgetBytes) {
  public IngestLoad {
    if (queued < 0 || queueCapacity < 1 || inFlightBytes < 0 || budgetBytes < 1) {
      throw new IllegalArgumentException("ingest load: " + queued + "/" + queueCapacity + " queued, "
          + inFlightBytes + "/" + budgetBytes + " bytes (expected: counts >= 0, limits >= 1)");
    }
  }

  /** Whether the queue or the in-flight budget is full. */
  public boolean saturated() {
    return queued >= queueCapacity || inFlightBytes >= budgetBytes;
  }
}
