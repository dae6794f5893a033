package io.pinscope.receiver.transport;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.AbortedStreamException;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.RequestCancellationException;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * How a request that was not stored is answered and counted: the HTTP status, the gRPC code, a message
 * safe for clients (no paths, no class names), the {@code outcome} label of
 * {@code pinscope_receiver_requests_total} and the retry hint ({@code Retry-After}, gRPC {@code RetryInfo})
 * when the client should retry.
 */
record Failure(int httpStatus, Code grpcCode, String message, String outcome, @Nullable Integer retryAfterSeconds) {
  static final MediaType X_PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final MediaType GRPC = MediaType.create("application", "grpc");
  /** The header naming the message encodings a gRPC server accepts. */
  static final String GRPC_ACCEPT_ENCODING = "grpc-accept-encoding";

  static Failure storage(String reason, int retryAfterSeconds) {
    return new Failure(503, Code.UNAVAILABLE, "storage unavailable: " + reason, "storage_failed", retryAfterSeconds);
  }

  /** A request of {@code bytes} on the wire, over the {@code maxBytes} accepted. */
  static Failure tooLarge(long bytes, long maxBytes) {
    return new Failure(413, Code.RESOURCE_EXHAUSTED,
        "request body: " + bytes + " bytes (expected: at most " + maxBytes + ")", "too_large", null);
  }

  /**
   * The server's refusal of a declared length over the route's limit, made before the service answered
   * (Armeria's 413 {@code HttpStatusException} caused by a {@link ContentTooLargeException}), else null.
   * Such a refusal is answered and counted ({@link Admission}), so Armeria is told not to report it as an
   * unlogged error.
   */
  static @Nullable Failure ofEarlyRefusal(ServiceRequestContext ctx, Throwable cause) {
    Throwable c = cause instanceof HttpStatusException && cause.getCause() != null ? cause.getCause() : cause;
    if (!(c instanceof ContentTooLargeException)) {
      return null;
    }
    ctx.setShouldReportUnloggedExceptions(false);
    return ofTransfer(c, false);
  }

  static Failure overloaded(OverloadedException busy) {
    return new Failure(503, Code.UNAVAILABLE, busy.getMessage(), "overloaded", busy.retryAfterSeconds());
  }

  /**
   * A failure while the request arrived or was decoded: bad input, overload, a timeout ({@code timedOut}:
   * the request's deadline passed) or the client going away; never a storage failure.
   */
  static Failure ofTransfer(Throwable error, boolean timedOut) {
    Failure f = known(unwrap(error), timedOut);
    return f != null ? f : new Failure(400, Code.CANCELLED, "request aborted", "aborted", null);
  }

  /** A failure of a whole export: {@link #ofTransfer} kinds, else a storage failure told to {@code faults}. */
  static Failure of(Throwable error, boolean timedOut, StorageFaults faults) {
    Throwable cause = unwrap(error);
    Failure f = known(cause, timedOut);
    return f != null ? f : faults.failed(cause);
  }

  private static @Nullable Failure known(Throwable cause, boolean timedOut) {
    if (cause instanceof BadRequestException bad) {
      String outcome = switch (bad.httpStatus()) {
        case 413 -> "too_large";
        case 415 -> "unsupported_media_type";
        default -> "bad_request";
      };
      return new Failure(bad.httpStatus(), bad.httpStatus() == 413 ? Code.RESOURCE_EXHAUSTED : Code.INVALID_ARGUMENT,
          bad.getMessage(), outcome, null);
    }
    if (cause instanceof ContentTooLargeException tooLarge) {
      return tooLarge(tooLarge.contentLength() >= 0 ? tooLarge.contentLength() : tooLarge.transferred(),
          tooLarge.maxContentLength());
    }
    if (cause instanceof OverloadedException busy) {
      return overloaded(busy);
    }
    if (cause instanceof UploadStalledException stalled) {
      return new Failure(408, Code.DEADLINE_EXCEEDED, stalled.getMessage(), "timeout", null);
    }
    if (timedOut || cause instanceof RequestTimeoutException) {
      return new Failure(408, Code.DEADLINE_EXCEEDED, "request timed out before it was received and stored",
          "timeout", null);
    }
    if (cause instanceof ClosedStreamException || cause instanceof AbortedStreamException
        || cause instanceof CancelledSubscriptionException || cause instanceof ClosedSessionException
        || cause instanceof RequestCancellationException) {
      return new Failure(400, Code.CANCELLED, "request aborted", "aborted", null);
    }
    return null;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The {@code google.rpc.Status} body (OTLP/HTTP) or gRPC status, with {@code RetryInfo} when retryable. */
  Status status() {
    Status.Builder b = Status.newBuilder().setCode(grpcCode.getNumber()).setMessage(message);
    if (retryAfterSeconds != null) {
      b.addDetails(Any.pack(RetryInfo.newBuilder()
          .setRetryDelay(Duration.newBuilder().setSeconds(retryAfterSeconds)).build()));
    }
    return b.build();
  }

  /**
   * The OTLP/HTTP answer: this status, {@code Retry-After} when retryable, and the {@code google.rpc.Status}
   * body in the request's encoding ({@code json}, else protobuf).
   */
  HttpResponse httpResponse(boolean json) {
    ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.valueOf(httpStatus))
        .contentType(json ? MediaType.JSON_UTF_8 : X_PROTOBUF);
    if (retryAfterSeconds != null) {
      headers.add(HttpHeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    }
    return json
        ? HttpResponse.of(headers.build(), HttpData.ofUtf8(OtlpJson.print(status())))
        : HttpResponse.of(headers.build(), HttpData.wrap(status().toByteArray()));
  }

  /**
   * The gRPC answer: trailers only, {@code grpc-status}, {@code grpc-message}, the status details and the
   * accepted message encodings.
   */
  HttpResponse grpcResponse() {
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(GRPC)
        .add(GRPC_ACCEPT_ENCODING, "gzip")
        .add("grpc-status", Integer.toString(grpcCode.getNumber()))
        .add("grpc-message", percentEncode(message))
        .add("grpc-status-details-bin", Base64.getEncoder().withoutPadding()
            .encodeToString(status().toByteArray()))
        .build());
  }

  /** gRPC's {@code grpc-message} encoding: printable ASCII except '%' as is, every other byte as %XX. */
  private static String percentEncode(String message) {
    StringBuilder b = new StringBuilder();
    for (byte c : message.getBytes(StandardCharsets.UTF_8)) {
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }
}
