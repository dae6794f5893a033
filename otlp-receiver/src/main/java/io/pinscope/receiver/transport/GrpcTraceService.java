package io.pinscope.receiver.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RequestTimeoutException;
import com.linecorp.armeria.server.ServiceErrorHandler;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.IngestPipeline;
import io.pinscope.receiver.ReceiverMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/gRPC {@code TraceService/Export} served as a plain HTTP service (HTTP/2, or HTTP/1.1 with trailers),
 * for the gRPC protobuf content types ({@link #CONSUMES}; other gRPC formats stay with Armeria's gRPC
 * service): it reads the one length-prefixed message itself ({@link GrpcFrame}) into an array that the
 * ingest worker decodes in place ({@link IngestPipeline#traces(byte[])}), with the admission of every OTLP
 * transport ({@link Admission}, the in-flight budget as the body arrives, the upload idle timeout).
 *
 * <p>The wire, as gRPC clients expect it: {@code grpc-encoding} identity or gzip (a compressed message is
 * inflated up to the body limit: {@code INVALID_ARGUMENT} past it or when corrupt), any other encoding
 * answers {@code UNIMPLEMENTED} with {@code grpc-accept-encoding}; {@code grpc-timeout} shortens the request
 * timeout. Success answers {@code content-type: application/grpc}, one uncompressed framed
 * {@code ExportTraceServiceResponse} ({@code partial_success} when spans were rejected) and the trailer
 * {@code grpc-status: 0}; every failure is a trailers-only response ({@link Failure#grpcResponse()}:
 * {@code grpc-status}, percent-encoded {@code grpc-message}, {@code grpc-status-details-bin}, with
 * {@code RetryInfo} on {@code UNAVAILABLE}), also when the request timed out ({@link #ERRORS}).
 */
final class GrpcTraceService implements HttpService {
  /** The method's path. */
  static final String PATH = "/" + TraceServiceGrpc.getExportMethod().getFullMethodName();
  /** The content types served here. */
  static final List<MediaType> CONSUMES =
      List.of(MediaType.create("application", "grpc"), MediaType.create("application", "grpc+proto"));
  /**
   * Answers in gRPC's terms, not Armeria's bare HTTP statuses, a call whose deadline passed before it was
   * answered ({@code DEADLINE_EXCEEDED}, not 503) and one whose declared length the server refused before
   * it was served ({@code RESOURCE_EXHAUSTED}, not 413); anything else is left to the server's handler.
   */
  static final ServiceErrorHandler ERRORS = (ctx, cause) -> {
    if (cause instanceof RequestTimeoutException) {
      return Failure.ofTransfer(cause, true).grpcResponse();
    }
    Failure tooLarge = Failure.ofEarlyRefusal(ctx, cause);
    return tooLarge != null ? tooLarge.grpcResponse() : null;
  };

  private static final String GZIP = "gzip";
  private static final ResponseHeaders OK = ResponseHeaders.builder(HttpStatus.OK)
      .contentType(MediaType.create("application", "grpc"))
      .add(GrpcFrame.ENCODING, GrpcFrame.IDENTITY).add(Failure.GRPC_ACCEPT_ENCODING, GZIP).build();
  private static final HttpHeaders OK_TRAILERS = HttpHeaders.of("grpc-status", "0");

  private final IngestPipeline pipeline;
  private final IngestExecutor executor;
  private final StorageFaults faults;
  private final ReceiverMetrics metrics;
  private final long maxBodyBytes;
  private final long wireLimit;
  private final Duration requestTimeout;
  private final Duration uploadIdleTimeout;

  GrpcTraceService(IngestPipeline pipeline, IngestExecutor executor, StorageFaults faults, ReceiverMetrics metrics,
      long maxBodyBytes, long wireLimit, Duration requestTimeout, Duration uploadIdleTimeout) {
    this.pipeline = pipeline;
    this.executor = executor;
    this.faults = faults;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
    this.wireLimit = wireLimit;
    this.requestTimeout = requestTimeout;
    this.uploadIdleTimeout = uploadIdleTimeout;
  }

  /** HTTP/2: reset a refused call's stream as soon as it is answered, so its client stops sending. */
  @Override
  public ServiceOptions options() {
    return OtlpHttpService.REFUSE_QUICKLY;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    Duration clientTimeout = timeout(req.headers().get("grpc-timeout"));
    if (clientTimeout != null && clientTimeout.compareTo(requestTimeout) < 0) {
      // Nobody waits for the answer after that (zero would mean no timeout at all to Armeria).
      ctx.setRequestTimeout(clientTimeout.isZero() ? Duration.ofNanos(1) : clientTimeout);
    }
    String encoding = req.headers().get(GrpcFrame.ENCODING, GrpcFrame.IDENTITY);
    if (!encoding.equals(GrpcFrame.IDENTITY) && !encoding.equals(GZIP)) {
      return refuse(new Failure(415, Code.UNIMPLEMENTED,
          "grpc-encoding: " + encoding + " (expected: gzip or identity)", "unsupported_media_type", null));
    }
    return Admission.admit(ctx, req, executor, faults, this::refuse,
        (reservation, declared) -> readAndStore(ctx, req, reservation, declared, encoding));
  }

  private CompletableFuture<HttpResponse> readAndStore(ServiceRequestContext ctx, HttpRequest req,
      InFlightBudget.Reservation reservation, long declared, String encoding) {
    GrpcFrame frame = new GrpcFrame(GrpcFrame.encoded(req.headers()));
    return BodyReader.read(req, ctx.eventLoop(), reservation, declared, wireLimit, frame, executor::busy,
        uploadIdleTimeout).handle((message, error) -> {
          if (error != null) {
            reservation.release();
            return CompletableFuture.completedFuture(refuse(Failure.ofTransfer(error, ctx.isTimedOut())));
          }
          metrics.count("pinscope_receiver_bytes_total", message.length(), "signal", Signal.TRACES.label());
          reservation.handOff(); // held while queued, even after the client went away
          return executor.submit(ctx, () -> store(message, frame.compressed())).handle((outcome, failed) -> {
            reservation.release();
            return failed == null ? answer(outcome) : refuse(Failure.of(failed, ctx.isTimedOut(), faults));
          });
        }).thenCompose(f -> f);
  }

  private ExportOutcome store(BodyReader.Body message, boolean compressed) {
    byte[] bytes = BodyDecoder.decode(message, compressed ? GZIP : "", maxBodyBytes);
    ExportOutcome outcome;
    try {
      outcome = pipeline.traces(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new BadRequestException(400, "invalid OTLP protobuf: " + e.getMessage(), e);
    }
    faults.succeeded();
    return outcome;
  }

  private HttpResponse answer(ExportOutcome outcome) {
    count(outcome.rejected() > 0 ? "partial" : "ok");
    byte[] reply = Signal.TRACES.response(outcome).toByteArray();
    return HttpResponse.of(OK, HttpData.wrap(GrpcFrame.framed(false, reply, reply.length)), OK_TRAILERS);
  }

  private HttpResponse refuse(Failure failure) {
    count(failure.outcome());
    return failure.grpcResponse();
  }

  private void count(String outcome) {
    metrics.count("pinscope_receiver_requests_total", 1, "signal", Signal.TRACES.label(), "transport", "grpc",
        "outcome", outcome);
  }

  /**
   * A {@code grpc-timeout} value (1 to 8 digits and a unit: H, M, S, m, u, n), or null when absent or
   * malformed (then ignored, as the request timeout still bounds the call).
   */
  static @Nullable Duration timeout(@Nullable String value) {
    if (value == null || value.length() < 2 || value.length() > 9) {
      return null;
    }
    long amount = 0;
    for (int i = 0; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      amount = amount * 10 + (c - '0');
    }
    return switch (value.charAt(value.length() - 1)) {
      case 'H' -> Duration.ofHours(amount);
      case 'M' -> Duration.ofMinutes(amount);
      case 'S' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMillis(amount);
      case 'u' -> Duration.ofNanos(amount * 1_000);
      case 'n' -> Duration.ofNanos(amount);
      default -> null;
    };
  }
}
