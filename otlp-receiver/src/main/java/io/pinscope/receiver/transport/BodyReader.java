package io.pinscope.receiver.transport;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a request body into one array under the in-flight budget, on the request's event loop. With a
 * declared length ({@code Content-Length}, already reserved by the caller at admission) the array is
 * allocated at that size when the first byte arrives; without one, every growth of the array is reserved
 * before it is made, and a gRPC body reserves its whole first message as soon as the 5-byte frame header
 * has arrived. When the budget cannot give the bytes, or the body passes {@code maxBytes}, reading stops,
 * the upload is cancelled (nothing more is buffered) and the future fails with {@link OverloadedException}
 * or a 413 {@link BadRequestException}. Network buffers are copied and released chunk by chunk; when the
 * request ends early (timeout, client gone) the future fails with the stream's cause and the array is
 * dropped. The caller releases the reservation.
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
  private byte @Nullable [] buf = EMPTY;
  private int length;
  private boolean frameSized;
  private @Nullable Subscription subscription;

  private BodyReader(InFlightBudget.Reservation reservation, long declaredLength, long maxBytes,
      boolean grpcFramed, Supplier<OverloadedException> busy) {
    this.reservation = reservation;
    this.declaredLength = declaredLength;
    this.maxBytes = maxBytes;
    this.grpcFramed = grpcFramed;
    this.busy = busy;
  }

  /**
   * Reads {@code req}'s body.
   *
   * @param declaredLength the {@code Content-Length} already held by {@code reservation}, or -1
   * @param maxBytes the largest body accepted (413 past it)
   * @param grpcFramed whether the body is gRPC-framed (reserve the message length from its frame header)
   */
  static CompletableFuture<Body> read(HttpRequest req, EventExecutor eventLoop,
      InFlightBudget.Reservation reservation, long declaredLength, long maxBytes, boolean grpcFramed,
      Supplier<OverloadedException> busy) {
    BodyReader reader = new BodyReader(reservation, declaredLength, maxBytes, grpcFramed, busy);
    req.subscribe(reader, eventLoop, SubscriptionOption.WITH_POOLED_OBJECTS);
    return reader.result;
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
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
    ensureCapacity((long) length + n, false);
    ByteBuf bytes = data.byteBuf();
    bytes.getBytes(bytes.readerIndex(), buf, length, n);
    length += n;
    if (grpcFramed && !frameSized && declaredLength < 0 && length >= GRPC_HEADER) {
      frameSized = true;
      long message = ((buf[1] & 0xffL) << 24) | ((buf[2] & 0xffL) << 16) | ((buf[3] & 0xffL) << 8) | (buf[4] & 0xffL);
      ensureCapacity(GRPC_HEADER + message, true);
    }
  }

  private void ensureCapacity(long needed, boolean exact) {
    if (needed > maxBytes) {
      throw new BadRequestException(413,
          "request body exceeds " + maxBytes + " bytes (expected: at most that; split the batch)");
    }
    if (needed <= buf.length) {
      return;
    }
    long target;
    if (declaredLength >= needed || exact) {
      target = Math.max(needed, declaredLength);
    } else {
      // Unknown length: grow geometrically, each growth reserved before it is allocated.
      target = Math.min(maxBytes, Math.max(needed, Math.max(MIN_CHUNK, 2L * buf.length)));
    }
    long more = target - reservation.heldBytes();
    if (more > 0 && !reservation.grow(more)) {
      throw busy.get();
    }
    buf = Arrays.copyOf(buf, (int) target);
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
