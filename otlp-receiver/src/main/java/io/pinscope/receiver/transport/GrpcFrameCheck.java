package io.pinscope.receiver.transport;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import org.jspecify.annotations.Nullable;

/**
 * Checks the frame of a unary OTLP gRPC request before Armeria deframes it: exactly one length-prefixed
 * message whose compressed flag is 0 or 1 (1 only with a {@code grpc-encoding}) and whose length is the rest of
 * the body. Anything else answers
 * {@code INVALID_ARGUMENT} at once. Armeria 1.36's unary deframer leaks a pooled buffer on such frames (found
 * by the fuzz test, Netty's leak detector reported it), which a client could repeat until direct memory runs
 * out. Unary calls are aggregated by Armeria anyway, so reading the whole body first costs nothing more.
 */
final class GrpcFrameCheck extends SimpleDecoratingHttpService {
  GrpcFrameCheck(HttpService delegate) {
    super(delegate);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    return HttpResponse.of(req.aggregate().thenApply(agg -> {
      String encoding = agg.headers().get("grpc-encoding", "identity");
      String problem = problem(agg.content(), !encoding.equals("identity"));
      if (problem != null) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.parse("application/grpc+proto"))
            .add("grpc-status", "3").add("grpc-message", problem).build());
      }
      try {
        return unwrap().serve(ctx, agg.toHttpRequest());
      } catch (Exception e) {
        return HttpResponse.ofFailure(e);
      }
    }));
  }

  /** What is wrong with the frame, or null when it is one well-formed message. */
  static @Nullable String problem(HttpData body, boolean encoded) {
    byte[] b = body.array();
    if (b.length < 5) {
      return "truncated gRPC frame: " + b.length + " bytes (expected: a 5-byte prefix and the message)";
    }
    if (b[0] != 0 && b[0] != 1) {
      return "gRPC compressed flag: " + b[0] + " (expected: 0 or 1)";
    }
    if (b[0] == 1 && !encoded) {
      return "compressed gRPC message without grpc-encoding (expected: grpc-encoding: gzip, or the flag 0)";
    }
    long length = ((b[1] & 0xFFL) << 24) | ((b[2] & 0xFF) << 16) | ((b[3] & 0xFF) << 8) | (b[4] & 0xFF);
    if (length != b.length - 5) {
      return "gRPC message length: " + length + " (expected: " + (b.length - 5)
          + ", the rest of the body: one message per export)";
    }
    return null;
  }
}
