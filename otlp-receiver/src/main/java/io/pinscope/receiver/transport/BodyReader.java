package io.pinscope.receiver.transport;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a request body into one array under the in-flight budget, on the request's event loop. A declared
 * length ({@code Content-Length}) was already reserved by the caller at admission, and a gRPC body reserves
 * its whole first message as soon as the 5-byte frame header has arrived; without either, every growth of
 * the array is reserved before it is made. The array itself grows geometrically as bytes arrive (never past
 * a known length), so a stalled upload that declared 64 MiB costs its reservation but not 64 MiB of heap.
 * When the budget cannot give the bytes, or the body passes {@code maxBytes}, reading stops, the upload is
 * cancelled (nothing more is buffered) and the future fails with {@link OverloadedException} or a 413
 * {@link BadRequestException}; when no byte arrives for {@code idleTimeout}, the same with
 * {@link UploadStalledException} (408), so that stalled uploads give their reservations back long before the
 * request timeout. Network buffers are copied and released chunk by chunk; when the request ends early
 * (timeout, client gone) the future fails with the stream's cause and the array is dropped. The caller
 * releases the reservation.
 */
final class BodyReader implements Subscriber<HttpObject> {
  private static final int MIN_CHUNK = 64 * 1024;
  private static final int GRPC_HEADER = 5;
  private static final byte[] EMPTY = new byte[0];

  /** A received body: the first {@code length} bytes of {@code array}. */
  record Body(byte[] array, int length) {
    /** The body as an array of exactly its length (a copy only when the array is larger). */
    byte[] exact() {
      return array.length == length ? array : Arrays.copyOf(array, length);
    }
  }

  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private final InFlightBudget.Reservation reservation;
  private final long declaredLength;
  private final long maxBytes;
  private final boolean grpcFramed;
  private final Supplier<OverloadedException> busy;
  private final EventExecutor eventLoop;
  private final long idleNanos;
  private byte @Nullable [] buf = EMPTY;
  private int length;
  /** The body's length as announced (declared length or gRPC frame), or -1 while unknown. */
  private long knownLength;
  private boolean frameSized;
  private long lastProgress = System.nanoTime();
  private @Nullable Subscription subscription;

  private BodyReader(InFlightBudget.Reservation reservation, long declaredLength, long maxBytes,
      boolean grpcFramed, Supplier<OverloadedException> busy, EventExecutor eventLoop, Duration idleTimeout) {
    this.reservation = reservation;
    this.declaredLength = declaredLength;
    this.knownLength = declaredLength;
    this.maxBytes = maxBytes;
    this.grpcFramed = grpcFramed;
    this.busy = busy;
    this.eventLoop = eventLoop;
    this.idleNanos = idleTimeout.toNanos();
  }

  /**
   * Reads {@code req}'s body.
   *
   * @param declaredLength the {@code Content-Length} already held by {@code reservation}, or -1
   * @param maxBytes the largest body accepted (413 past it)
   * @param grpcFramed whether the body is gRPC-framed (reserve the message length from its frame header)
   * @param idleTimeout the longest wait for the next body byte
   */
  static CompletableFuture<Body> read(HttpRequest req, EventExecutor eventLoop,
      InFlightBudget.Reservation reservation, long declaredLength, long maxBytes, boolean grpcFramed,
      Supplier<OverloadedException> busy, Duration idleTimeout) {
    BodyReader reader = new BodyReader(reservation, declaredLength, maxBytes, grpcFramed, busy, eventLoop,
        idleTimeout);
    req.subscribe(reader, eventLoop, SubscriptionOption.WITH_POOLED_OBJECTS);
    return reader.result;
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
    eventLoop.schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
  }

  /** On the event loop, like every signal: fails the read when no byte arrived for the idle timeout. */
  private void checkIdle() {
    if (result.isDone()) {
      return;
    }
    long idle = System.nanoTime() - lastProgress;
    if (idle >= idleNanos) {
      fail(new UploadStalledException("no request body byte for " + idleNanos / 1_000_000
          + " ms (expected: the body to keep arriving)"));
    } else {
      eventLoop.schedule(this::checkIdle, idleNanos - idle, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void onNext(HttpObject obj) {
    if (!(obj instanceof HttpData data)) {
      return; // trailers carry nothing to store
    }
    try (data) {
      if (!result.isDone()) {
        append(data);
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void append(HttpData data) {
    int n = data.length();
    if (n == 0) {
      return;
    }
    lastProgress = System.nanoTime();
    ensureCapacity((long) length + n);
    ByteBuf bytes = data.byteBuf();
    bytes.getBytes(bytes.readerIndex(), buf, length, n);
    length += n;
    if (grpcFramed && !frameSized && declaredLength < 0 && length >= GRPC_HEADER) {
      frameSized = true;
      long message = ((buf[1] & 0xffL) << 24) | ((buf[2] & 0xffL) << 16) | ((buf[3] & 0xffL) << 8) | (buf[4] & 0xffL);
      checkLimit(GRPC_HEADER + message);
      reserve(GRPC_HEADER + message);
      knownLength = GRPC_HEADER + message;
    }
  }

  private void ensureCapacity(long needed) {
    checkLimit(needed);
    if (needed <= buf.length) {
      return;
    }
    // Grow geometrically as bytes arrive, never past a known length; each growth past the reservation is
    // reserved before it is allocated.
    long target = Math.min(maxBytes, Math.max(needed, Math.max(MIN_CHUNK, 2L * buf.length)));
    if (knownLength >= needed) {
      target = Math.min(target, knownLength);
    }
    reserve(target);
    buf = Arrays.copyOf(buf, (int) target);
  }

  private void checkLimit(long needed) {
    if (needed > maxBytes) {
      throw new BadRequestException(413,
          "request body exceeds " + maxBytes + " bytes (expected: at most that; split the batch)");
    }
  }

  private void reserve(long bytes) {
    long more = bytes - reservation.heldBytes();
    if (more > 0 && !reservation.grow(more)) {
      throw busy.get();
    }
  }

  @Override
  public void onError(Throwable t) {
    buf = null;
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    byte[] body = buf;
    buf = null;
    if (body != null) {
      result.complete(new Body(body, length));
    }
  }

  private void fail(Throwable t) {
    buf = null;
    if (result.completeExceptionally(t) && subscription != null) {
      // Stops the upload: Armeria aborts the request and discards whatever else arrives.
      subscription.cancel();
    }
  }
}
