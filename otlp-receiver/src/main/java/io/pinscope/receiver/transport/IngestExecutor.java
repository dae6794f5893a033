package io.pinscope.receiver.transport;

import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.RequestCancellationException;
import com.linecorp.armeria.server.RequestTimeoutException;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs ingest work off the event loops with bounded memory. Admission is by the in-flight byte budget:
 * the transports reserve a request's bytes from its headers ({@code Content-Length}, gRPC frame length) or
 * as its body arrives, before anything is buffered, and hold them until the request ends in any way or,
 * once its body or message was submitted here, until that work ends (a queued body holds its memory even
 * after its client has gone); a request that does not fit waits, without its body being read, in a
 * bounded first-come-first-served line for at most the admission wait, and is refused with
 * {@link OverloadedException} when it still does not fit. Admitted work then waits in a queue in front of a fixed pool of workers; the
 * queue is a safety net sized so that the budget binds first (every queued request holds its bytes of the
 * budget), and work whose request was cancelled while it waited is skipped (at dequeue).
 */
public final class IngestExecutor implements AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final InFlightBudget budget;
  private final int retryAfterSeconds;

  /**
   * @param threads workers that decode and store
   * @param queueCapacity admitted requests that may wait for a worker
   * @param budgetBytes bytes of requests in flight at once (uploading, waiting, decoding or storing)
   * @param retryAfterSeconds the hint sent when refusing for overload
   */
  public IngestExecutor(int threads, int queueCapacity, long budgetBytes, int retryAfterSeconds) {
    this(threads, queueCapacity, budgetBytes, retryAfterSeconds, Duration.ZERO, 0);
  }

  /**
   * As {@link #IngestExecutor(int, int, long, int)}, with a line of at most {@code maxWaiters} requests that
   * wait up to {@code admissionWait} for room in the budget before they are refused.
   */
  public IngestExecutor(int threads, int queueCapacity, long budgetBytes, int retryAfterSeconds,
      Duration admissionWait, int maxWaiters) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: >= 1)");
    }
    if (budgetBytes < 1) {
      throw new IllegalArgumentException("budgetBytes: " + budgetBytes + " (expected: >= 1)");
    }
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity), r -> {
          Thread t = new Thread(r, "pinscope-ingest-" + n.incrementAndGet());
          t.setDaemon(true);
          // Queries and acknowledgements come first when the cores are short: the launch script maps this
          // priority to a lower OS priority (nice), so bulk decoding and storing waits for them, not the other
          // way round. Without that mapping (the JVM's default) this has no effect.
          t.setPriority(Thread.MIN_PRIORITY);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    this.budget = new InFlightBudget(budgetBytes, admissionWait, maxWaiters);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Reserves {@code bytes} of the budget for a request being admitted, waiting in line for room when the
   * budget is full; null when they did not fit within the admission wait (the request is to be refused).
   * Cancel the future when the request ends while it waits.
   */
  CompletableFuture<InFlightBudget.@Nullable Reservation> admit(long bytes, EventExecutor eventLoop) {
    return budget.reserve(bytes, eventLoop);
  }

  /** Requests waiting in line for room in the budget. */
  public int admissionWaiters() {
    return budget.waiters();
  }

  /** The refusal for a request that does not fit the budget. */
  OverloadedException busy() {
    return new OverloadedException("receiver busy: " + budget.usedBytes() + " of " + budget.limitBytes()
        + " in-flight bytes in use", retryAfterSeconds);
  }

  /**
   * Runs {@code work} on a worker; the future fails with {@link OverloadedException} when the queue is full
   * or the executor is closed.
   */
  public <T> CompletableFuture<T> submit(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      workers.execute(() -> {
        try {
          result.complete(work.get());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new OverloadedException(
          "receiver busy: ingest queue full (" + workers.getQueue().size() + " waiting)", retryAfterSeconds));
    }
    return result;
  }

  /**
   * As {@link #submit(Supplier)} for the request of {@code ctx}: when the request was cancelled (its client
   * went away or its deadline passed) while the work waited in the queue, the work is skipped and the
   * future fails with {@link RequestTimeoutException} or {@link RequestCancellationException}, so that
   * nobody stores what nobody will acknowledge.
   */
  <T> CompletableFuture<T> submit(RequestContext ctx, Supplier<T> work) {
    return submit(() -> {
      if (ctx.isCancelled()) {
        throw ctx.cancellationCause() instanceof RequestTimeoutException timeout
            ? timeout : RequestCancellationException.get();
      }
      return work.get();
    });
  }

  /** Bytes of requests admitted and not yet finished, including bodies still being uploaded. */
  public long inFlightBytes() {
    return budget.usedBytes();
  }

  /** The in-flight budget, bytes. */
  public long budgetBytes() {
    return budget.limitBytes();
  }

  /** Work waiting for a worker. */
  public int queueDepth() {
    return workers.getQueue().size();
  }

  /** Finishes queued work (up to 30 s), then stops the workers. */
  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
