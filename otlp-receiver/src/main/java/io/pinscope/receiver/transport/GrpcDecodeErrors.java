package io.pinscope.receiver.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.common.grpc.protocol.ArmeriaStatusException;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.EOFException;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * gRPC requests that cannot be decoded answer {@code INVALID_ARGUMENT} (not retryable, the client's fault)
 * with a reason naming no class: Armeria answers {@code INTERNAL} for a message that is not valid protobuf
 * or a malformed frame, and {@code UNKNOWN} without a message for corrupt gzip. Any other error is left to
 * Armeria's default mapping ({@code null}).
 */
final class GrpcDecodeErrors implements GrpcExceptionHandlerFunction {
  @Override
  public @Nullable Status apply(RequestContext ctx, Status status, Throwable cause, Metadata metadata) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InvalidProtocolBufferException e) {
        return Status.INVALID_ARGUMENT.withDescription("invalid OTLP protobuf: " + e.getMessage());
      }
      if (t instanceof ZipException || t instanceof EOFException) {
        return Status.INVALID_ARGUMENT.withDescription("corrupt gzip message (expected: valid gzip)");
      }
      if (t instanceof ArmeriaStatusException e && e.getCode() == Status.Code.INTERNAL.value()) {
        // The deframer's complaints about the client's frame (e.g. the compressed flag without grpc-encoding).
        return Status.INVALID_ARGUMENT.withDescription(
            "malformed gRPC frame (expected: a length-prefixed message, compressed only as grpc-encoding says)");
      }
    }
    return null;
  }
}
