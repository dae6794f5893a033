package io.pinscope.receiver.transport;

import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The in-flight byte budget: bytes of requests that are being uploaded, decoded or stored. A request holds
 * a {@link Reservation} from the moment it is admitted (its {@code Content-Length}, or its bytes as they
 * arrive) until it ends in any way. A request may always grow while it is the only holder, so that one
 * request larger than the whole budget cannot starve; the wire limit bounds it instead.
 */
final class InFlightBudget {
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();

  InFlightBudget(long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("limitBytes: " + limitBytes + " (expected: >= 1)");
    }
    this.limitBytes = limitBytes;
  }

  /** A reservation of {@code bytes}, or null when they do not fit now. */
  @Nullable Reservation reserve(long bytes) {
    Reservation r = new Reservation();
    return r.grow(bytes) ? r : null;
  }

  long usedBytes() {
    return used.get();
  }

  long limitBytes() {
    return limitBytes;
  }

  /** One request's share of the budget; {@link #release()} is idempotent. Not thread-safe for growth. */
  final class Reservation {
    private final AtomicLong held = new AtomicLong();
    private volatile boolean handedOff;

    private Reservation() {}

    /**
     * Takes {@code more} bytes; false (nothing taken) when the budget cannot give them. Even zero bytes are
     * refused while the budget is overdrawn by another request (so an empty request cannot queue behind it).
     */
    boolean grow(long more) {
      if (more < 0) {
        throw new IllegalArgumentException("more: " + more + " (expected: >= 0)");
      }
      long mine = held.get();
      while (true) {
        long current = used.get();
        // Alone in flight (current == what this request holds): always allowed.
        if (current != mine && current + more > limitBytes) {
          return false;
        }
        if (used.compareAndSet(current, current + more)) {
          held.addAndGet(more);
          return true;
        }
      }
    }

    long heldBytes() {
      return held.get();
    }

    /**
     * The request's body or message is handed to the {@link IngestExecutor}: from now on only the task's
     * end gives the bytes back ({@link #release()}), not the request's end ({@link #releaseUnlessHandedOff()}),
     * since the queued body still holds its memory after its client went away.
     */
    void handOff() {
      handedOff = true;
    }

    /** The request ended (answered, cancelled, timed out): gives the bytes back unless handed off. */
    void releaseUnlessHandedOff() {
      if (!handedOff) {
        release();
      }
    }

    /** Gives the bytes back; later calls do nothing. */
    void release() {
      long bytes = held.getAndSet(0);
      if (bytes > 0) {
        used.addAndGet(-bytes);
      }
    }
  }
}
