package io.pinscope.receiver.transport;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs ingest work off the event loops with bounded memory: a budget of in-flight request bytes and a
 * bounded queue in front of a fixed pool of workers. Work that does not fit is refused at once with
 * {@link OverloadedException} rather than queued. A request larger than the whole budget is still
 * admitted when nothing else is in flight, so no valid request can starve.
 */
public final class IngestExecutor implements AutoCloseable {
  private final ThreadPoolExecutor workers;
  private final long budgetBytes;
  private final int retryAfterSeconds;
  private final AtomicLong inFlightBytes = new AtomicLong();

  public IngestExecutor(int threads, int queueCapacity, long budgetBytes, int retryAfterSeconds) {
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
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    this.budgetBytes = budgetBytes;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Runs {@code work} for a request of {@code bytes} on a worker; the future fails with
   * {@link OverloadedException} when the budget or the queue is full.
   */
  public <T> CompletableFuture<T> submit(long bytes, Supplier<T> work) {
    if (!reserve(bytes)) {
      return CompletableFuture.failedFuture(new OverloadedException(
          "receiver busy: " + inFlightBytes.get() + " of " + budgetBytes + " in-flight bytes in use", retryAfterSeconds));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      workers.execute(() -> {
        try {
          result.complete(work.get());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        } finally {
          inFlightBytes.addAndGet(-bytes);
        }
      });
    } catch (RejectedExecutionException e) {
      inFlightBytes.addAndGet(-bytes);
      return CompletableFuture.failedFuture(new OverloadedException(
          "receiver busy: ingest queue full (" + workers.getQueue().size() + " waiting)", retryAfterSeconds));
    }
    return result;
  }

  private boolean reserve(long bytes) {
    while (true) {
      long current = inFlightBytes.get();
      if (current > 0 && current + bytes > budgetBytes) {
        return false;
      }
      if (inFlightBytes.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  /** Bytes of requests admitted and not yet finished. */
  public long inFlightBytes() {
    return inFlightBytes.get();
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
