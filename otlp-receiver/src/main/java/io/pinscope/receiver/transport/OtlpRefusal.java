package io.pinscope.receiver.transport;

import com.google.rpc.Code;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import org.jspecify.annotations.Nullable;

/**
 * OTLP's own "unavailable, retry later" answer, for a server that refuses requests before they reach the
 * transports (e.g. while stopping), so that exporters see what they understand and retry: gRPC requests get
 * a trailers-only {@code grpc-status} 14 {@code UNAVAILABLE} with {@code RetryInfo}; OTLP/HTTP requests
 * ({@code /v1/traces|metrics|logs}) get 503, {@code Retry-After} and a {@code google.rpc.Status} body
 * ({@code UNAVAILABLE} with {@code RetryInfo}) in the request's encoding (JSON, else protobuf).
 */
public final class OtlpRefusal {
  private OtlpRefusal() {}

  /**
   * The refusal for {@code req} at {@code path}, or null when it is not an OTLP request.
   *
   * @param message the client-safe reason, e.g. {@code server stopping}
   * @param retryAfterSeconds the retry hint, seconds (at least 1)
   */
  public static @Nullable HttpResponse unavailable(HttpRequest req, String path, String message,
      int retryAfterSeconds) {
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retryAfterSeconds: " + retryAfterSeconds + " (expected: >= 1)");
    }
    Failure failure = new Failure(503, Code.UNAVAILABLE, message, "unavailable", retryAfterSeconds);
    MediaType type = req.contentType();
    if (type != null && type.subtype().startsWith("grpc") && type.type().equals("application")) {
      return failure.grpcResponse();
    }
    for (Signal signal : Signal.values()) {
      if (signal.path().equals(path)) {
        return failure.httpResponse(type != null && type.isJson());
      }
    }
    return null;
  }
}
