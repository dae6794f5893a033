package io.pinscope.receiver.transport;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The in-flight byte budget: bytes of requests that are being uploaded, decoded or stored. A request holds
 * a {@link Reservation} from the moment it is admitted (its {@code Content-Length}, or its bytes as they
 * arrive) until it ends in any way. A request may always grow while it is the only holder, so that one
 * request larger than the whole budget cannot starve; the wire limit bounds it instead.
 *
 * <p>A request that does not fit when it arrives may wait in a bounded line ({@link #reserve(long,
 * EventExecutor)}), first come first served, for at most the admission wait: its body is not read while it
 * waits (the transport's flow control holds the client back), so a burst larger than the budget is queued
 * at the cost of its headers rather than refused and re-sent in full by clients that retry at once.
 */
final class InFlightBudget {
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();
  private final Duration maxWait;
  private final int maxWaiters;
  /** Guarded by itself. */
  private final ArrayDeque<Waiter> line = new ArrayDeque<>();
  /**
   * Requests in or entering the line: raised before an arrival's last try, checked after every release,
   * so that a release never misses an arrival that saw the budget full.
   */
  private final AtomicInteger waiting = new AtomicInteger();

  InFlightBudget(long limitBytes) {
    this(limitBytes, Duration.ZERO, 0);
  }

  /**
   * @param maxWait the longest a request waits for room (zero: refused at once)
   * @param maxWaiters the longest line; an arrival past it is refused at once
   */
  InFlightBudget(long limitBytes, Duration maxWait, int maxWaiters) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("limitBytes: " + limitBytes + " (expected: >= 1)");
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait: " + maxWait + " (expected: >= 0)");
    }
    if (maxWaiters < 0) {
      throw new IllegalArgumentException("maxWaiters: " + maxWaiters + " (expected: >= 0)");
    }
    this.limitBytes = limitBytes;
    this.maxWait = maxWait;
    this.maxWaiters = maxWaiters;
  }

  /** A reservation of {@code bytes}, or null when they do not fit now. */
  @Nullable Reservation reserve(long bytes) {
    Reservation r = new Reservation();
    return r.grow(bytes) ? r : null;
  }

  /**
   * A reservation of {@code bytes} now, or once they fit, behind the requests that were waiting before this
   * one; null when they did not fit within the admission wait or the line was full. The future completes on
   * {@code eventLoop} when it had to wait. Cancelling it withdraws the request from the line (a reservation
   * granted at the same moment is given back).
   */
  CompletableFuture<@Nullable Reservation> reserve(long bytes, EventExecutor eventLoop) {
    Waiter waiter;
    synchronized (line) {
      waiting.incrementAndGet();
      Reservation now = line.isEmpty() ? reserve(bytes) : null;
      if (now != null || line.size() >= maxWaiters || maxWait.isZero()) {
        waiting.decrementAndGet();
        return CompletableFuture.completedFuture(now);
      }
      waiter = new Waiter(bytes, eventLoop);
      line.addLast(waiter);
    }
    waiter.result.whenComplete((r, e) -> {
      if (waiter.result.isCancelled() && withdraw(waiter)) {
        admitWaiters(); // those behind it may fit
      }
    });
    eventLoop.schedule(() -> {
      if (withdraw(waiter)) {
        waiter.result.complete(null);
        admitWaiters();
      }
    }, maxWait.toNanos(), TimeUnit.NANOSECONDS);
    admitWaiters(); // a release may have come between the try above and the line
    return waiter.result;
  }

  /** Requests waiting for room. */
  int waiters() {
    return waiting.get();
  }

  private boolean withdraw(Waiter waiter) {
    synchronized (line) {
      if (line.remove(waiter)) {
        waiting.decrementAndGet();
        return true;
      }
      return false;
    }
  }

  /** Admits waiting requests from the head of the line while they fit. */
  private void admitWaiters() {
    if (waiting.get() == 0) {
      return;
    }
    while (true) {
      Waiter head;
      Reservation granted;
      synchronized (line) {
        head = line.peekFirst();
        if (head == null || (granted = reserve(head.bytes)) == null) {
          return;
        }
        line.removeFirst();
        waiting.decrementAndGet();
      }
      Reservation r = granted;
      try {
        head.eventLoop.execute(() -> {
          if (!head.result.complete(r)) {
            r.release(); // withdrawn meanwhile
          }
        });
      } catch (RuntimeException stopping) { // the event loop is shutting down: nobody will take it
        r.release();
      }
    }
  }

  private record Waiter(long bytes, EventExecutor eventLoop, CompletableFuture<@Nullable Reservation> result) {
    Waiter(long bytes, EventExecutor eventLoop) {
      this(bytes, eventLoop, new CompletableFuture<>());
    }
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
        admitWaiters();
      }
    }
  }
}
