package io.pinscope.receiver.transport;

import io.pinscope.storage.spi.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's write health as the transports see it, shared by OTLP/HTTP and OTLP/gRPC. A failed write
 * puts it in the faulted state: clients are told {@code storage unavailable: <reason>} (the
 * {@link StorageUnavailableException#reason() client-safe reason}, or {@code write failed} for any other
 * exception — never a path or a class name) with a retry hint of 1 s that doubles each time a write fails
 * again after the previous hint has passed (1, 2, 4, 8, 16, then 30 s), and back to 1 s after a success.
 * While the last failure was a {@link StorageUnavailableException} less than the hint ago, requests are
 * refused at once ({@link #refuseNow()}) without reading their body. Logged once per state change: a WARN
 * with the first failure's stack trace, an INFO on recovery with the number of failed requests and the
 * fault's duration. Thread-safe.
 *
 * <p>An engine that tells its own write state ({@link io.pinscope.storage.spi.WideColumnStore#writeFault()},
 * e.g. rocksdb on a full disk) ends the refusal window early: once it reported a fault with the failure and
 * reports none any more, requests try the store again at once, so ingest resumes within about a second of
 * the engine's recovery however long the retry hint has grown.
 */
final class StorageFaults {
  private static final Logger logger = LoggerFactory.getLogger(StorageFaults.class);
  static final int MAX_RETRY_AFTER_SECONDS = 30;

  private final Clock clock;
  private volatile boolean faulted;
  private Instant since = Instant.EPOCH;
  private Instant lastFailure = Instant.EPOCH;
  private int retryAfterSeconds = 1;
  private long failedRequests;
  private boolean refuseAtOnce;
  private String reason = "";
  private final Supplier<@Nullable String> storeFault;
  private boolean storeTellsFault;

  StorageFaults(Clock clock) {
    this(clock, () -> null);
  }

  /** @param storeFault the engine's own write fault now (null: none, or the engine does not tell) */
  StorageFaults(Clock clock, Supplier<@Nullable String> storeFault) {
    this.clock = clock;
    this.storeFault = storeFault;
  }

  /**
   * The refusal for a request arriving while the store is known to refuse writes (the last write threw
   * {@link StorageUnavailableException} less than the current retry hint ago), or null when the request
   * may try the store.
   */
  @Nullable Failure refuseNow() {
    if (!faulted) {
      return null;
    }
    synchronized (this) {
      if (!faulted || !refuseAtOnce
          || !clock.instant().isBefore(lastFailure.plusSeconds(retryAfterSeconds))) {
        return null;
      }
      if (storeTellsFault && storeFault.get() == null) {
        return null; // the engine has recovered: try it now rather than when the hint has passed
      }
      failedRequests++;
      return Failure.storage(reason, retryAfterSeconds);
    }
  }

  /**
   * An export succeeded: leaves the faulted state (logged once), unless the engine still reports its own
   * write fault — an export that wrote nothing (empty, or every item rejected) proves no recovery.
   */
  void succeeded() {
    if (!faulted) {
      return;
    }
    synchronized (this) {
      if (!faulted || storeFault.get() != null) {
        return;
      }
      faulted = false;
      Duration lasted = Duration.between(since, clock.instant());
      logger.info("storage writes recovered after {} failed requests in {} s", failedRequests,
          lasted.toMillis() / 1000.0);
      retryAfterSeconds = 1;
      failedRequests = 0;
    }
  }

  /** A write failed with {@code cause}: the answer for its client (the state change is logged once). */
  synchronized Failure failed(Throwable cause) {
    Instant now = clock.instant();
    boolean unavailable = cause instanceof StorageUnavailableException;
    String newReason = unavailable ? ((StorageUnavailableException) cause).reason() : "write failed";
    if (!faulted) {
      faulted = true;
      since = now;
      retryAfterSeconds = 1;
      failedRequests = 0;
      logger.warn("storage writes failing: {}", cause.getMessage() != null ? cause.getMessage() : cause, cause);
    } else if (!now.isBefore(lastFailure.plusSeconds(retryAfterSeconds))) {
      // A write tried after the hint had passed failed again: ask clients to wait longer.
      retryAfterSeconds = Math.min(MAX_RETRY_AFTER_SECONDS, retryAfterSeconds * 2);
    }
    failedRequests++;
    lastFailure = now;
    refuseAtOnce = unavailable;
    storeTellsFault = unavailable && storeFault.get() != null;
    reason = newReason;
    return Failure.storage(reason, retryAfterSeconds);
  }

  /** Whether the last write failed (for readiness and tests). */
  boolean faulted() {
    return faulted;
  }
}
