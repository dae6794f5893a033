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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a request body into one array under the in-flight budget, on the request's event loop. A declared
 * length ({@code Content-Length}) was already reserved by the caller at admission, and a gRPC body reserves
 * its whole message as soon as the 5-byte frame prefix has arrived; without either, every growth of
 * the array is reserved before it is made. A gRPC body's array holds its one message without the prefix
 * (checked by a {@link GrpcFrame}), so that it can be decoded in place. The array is allocated at once at a
 * known length of up to {@value #EXACT_UP_TO} bytes (already reserved, and never copied again); past that
 * it grows geometrically as bytes arrive (never past the known length), so a stalled upload that declared
 * 64 MiB costs its reservation but not 64 MiB of heap.
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
  /** The largest known length allocated at once. */
  static final int EXACT_UP_TO = 4 << 20;
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
  private final @Nullable GrpcFrame frame;
  private final Supplier<OverloadedException> busy;
  private final EventExecutor eventLoop;
  private final long idleNanos;
  private byte @Nullable [] buf = EMPTY;
  private int length;
  /** The array's length as announced (declared length, then the gRPC message's), or -1 while unknown. */
  private long knownLength;
  private long lastProgress = System.nanoTime();
  private @Nullable Subscription subscription;
  /**
   * The pending idle check, cancelled when the read ends: it holds this reader, whose result holds the body, so
   * left to run out it kept every body reachable for the idle timeout after its request (issue 14: at 100
   * requests/s, a second of bodies promoted by every young collection and a full collection every few seconds).
   */
  private @Nullable ScheduledFuture<?> idleCheck;

  private BodyReader(InFlightBudget.Reservation reservation, long declaredLength, long maxBytes,
      @Nullable GrpcFrame frame, Supplier<OverloadedException> busy, EventExecutor eventLoop, Duration idleTimeout) {
    this.reservation = reservation;
    this.declaredLength = declaredLength;
    this.knownLength = declaredLength;
    this.maxBytes = maxBytes;
    this.frame = frame;
    this.busy = busy;
    this.eventLoop = eventLoop;
    this.idleNanos = idleTimeout.toNanos();
  }

  /**
   * Reads {@code req}'s body.
   *
   * @param declaredLength the {@code Content-Length} already held by {@code reservation}, or -1
   * @param maxBytes the largest body accepted (413 past it)
   * @param frame the frame of a gRPC body (its prefix is read into it, the array gets the message), else null
   * @param idleTimeout the longest wait for the next body byte
   */
  static CompletableFuture<Body> read(HttpRequest req, EventExecutor eventLoop,
      InFlightBudget.Reservation reservation, long declaredLength, long maxBytes, @Nullable GrpcFrame frame,
      Supplier<OverloadedException> busy, Duration idleTimeout) {
    BodyReader reader = new BodyReader(reservation, declaredLength, maxBytes, frame, busy, eventLoop,
        idleTimeout);
    req.subscribe(reader, eventLoop, SubscriptionOption.WITH_POOLED_OBJECTS);
    return reader.result;
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
    if (!result.isDone()) {
      idleCheck = eventLoop.schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
    }
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
      idleCheck = eventLoop.schedule(this::checkIdle, idleNanos - idle, TimeUnit.NANOSECONDS);
    }
  }

  /** The read has ended: no idle check is needed any more (cancelled on the event loop, it leaves the queue). */
  private void stopIdleCheck() {
    ScheduledFuture<?> check = idleCheck;
    idleCheck = null;
    if (check != null) {
      check.cancel(false);
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
    ByteBuf bytes = data.byteBuf();
    int from = bytes.readerIndex();
    if (frame != null) {
      if (!frame.complete()) {
        int taken = frame.take(bytes, from, n);
        from += taken;
        n -= taken;
        if (frame.complete()) {
          messageSized(frame.messageLength());
        }
        if (n == 0) {
          return;
        }
      }
      frame.checkMore((long) length + n);
    }
    ensureCapacity((long) length + n);
    bytes.getBytes(from, buf, length, n);
    length += n;
  }

  /** The gRPC prefix has arrived: the message's length bounds the array (and is reserved when undeclared). */
  private void messageSized(long message) {
    checkLimit(GrpcFrame.PREFIX + message);
    if (declaredLength < 0) {
      reserve(GrpcFrame.PREFIX + message);
    }
    knownLength = message;
  }

  private void ensureCapacity(long needed) {
    checkLimit(needed);
    if (needed <= buf.length) {
      return;
    }
    // A known length that is not too large at once (its reservation covers it); else grow geometrically
    // as bytes arrive, never past a known length. Each growth past the reservation is reserved before it
    // is allocated.
    long target = Math.min(maxBytes, Math.max(needed, Math.max(MIN_CHUNK, 2L * buf.length)));
    if (knownLength >= needed) {
      target = knownLength <= EXACT_UP_TO ? Math.min(maxBytes, knownLength) : Math.min(target, knownLength);
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
    stopIdleCheck();
    buf = null;
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    stopIdleCheck();
    byte[] body = buf;
    buf = null;
    if (body == null) {
      return;
    }
    if (frame != null) {
      try {
        frame.checkEnd(length);
      } catch (BadRequestException e) {
        result.completeExceptionally(e);
        return;
      }
    }
    result.complete(new Body(body, length));
  }

  private void fail(Throwable t) {
    stopIdleCheck();
    buf = null;
    if (result.completeExceptionally(t) && subscription != null) {
      // Stops the upload: Armeria aborts the request and discards whatever else arrives.
      subscription.cancel();
    }
  }
}
