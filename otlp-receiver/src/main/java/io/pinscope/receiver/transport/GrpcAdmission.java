package io.pinscope.receiver.transport;

import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.pinscope.receiver.ReceiverMetrics;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Admission for OTLP/gRPC in front of Armeria's gRPC service (metrics, logs, and traces in the formats that
 * {@link GrpcTraceService} leaves to it), before any message is decoded, as {@link Admission} says; the body
 * is then read under the budget (a length-less body reserves its message's length from the gRPC frame
 * prefix, then bytes as they arrive), its frame checked ({@link GrpcFrame}: anything but one well-formed
 * message answers {@code INVALID_ARGUMENT} at once) and handed to the service whole. Armeria 1.36's unary
 * deframer leaks a pooled buffer on malformed frames (found by the fuzz test, Netty's leak detector
 * reported it), which a client could repeat until direct memory runs out, so no such frame reaches it.
 * Refusals are trailers-only responses with {@code grpc-status} {@code UNAVAILABLE} and a
 * {@code google.rpc.Status} carrying {@code RetryInfo}. The reservation is held until the call ends in any
 * way, or, once the decoded message was queued on the {@link IngestExecutor}, until that work ends
 * ({@link #RESERVATION}).
 */
final class GrpcAdmission extends SimpleDecoratingHttpService {
  /** The call's reservation, which {@link OtlpGrpcServices} takes over when it queues the decoded message. */
  static final AttributeKey<InFlightBudget.Reservation> RESERVATION =
      AttributeKey.valueOf(GrpcAdmission.class, "RESERVATION");

  private final IngestExecutor executor;
  private final StorageFaults faults;
  private final ReceiverMetrics metrics;
  private final Duration requestTimeout;
  private final long wireLimit;
  private final Duration uploadIdleTimeout;

  GrpcAdmission(HttpService grpc, IngestExecutor executor, StorageFaults faults, ReceiverMetrics metrics,
      Duration requestTimeout, long wireLimit, Duration uploadIdleTimeout) {
    super(grpc);
    this.executor = executor;
    this.faults = faults;
    this.metrics = metrics;
    this.requestTimeout = requestTimeout;
    this.wireLimit = wireLimit;
    this.uploadIdleTimeout = uploadIdleTimeout;
  }

  /**
   * Streaming, whatever the gRPC service says of its unary methods: otherwise Armeria would aggregate the
   * whole body before this admission could see a byte of it.
   */
  @Override
  public ExchangeType exchangeType(RoutingContext routingContext) {
    return ExchangeType.BIDI_STREAMING;
  }

  /** Resets a refused call's stream as soon as it is answered, so its client stops sending. */
  @Override
  public ServiceOptions options() {
    return OtlpHttpService.REFUSE_QUICKLY;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    ctx.setRequestTimeout(requestTimeout);
    ctx.setMaxRequestLength(wireLimit);
    return Admission.admit(ctx, req, executor, faults, refused -> refuse(ctx, refused),
        (reservation, declared) -> readAndServe(ctx, req, reservation, declared));
  }

  private CompletableFuture<HttpResponse> readAndServe(ServiceRequestContext ctx, HttpRequest req,
      InFlightBudget.Reservation reservation, long declared) {
    HttpService delegate = (HttpService) unwrap();
    ctx.setAttr(RESERVATION, reservation);
    GrpcFrame frame = new GrpcFrame(GrpcFrame.encoded(req.headers()));
    return BodyReader.read(req, ctx.eventLoop(), reservation, declared, wireLimit, frame, executor::busy,
        uploadIdleTimeout).handle((body, error) -> {
          if (error != null) {
            reservation.release();
            return refuse(ctx, Failure.ofTransfer(error, ctx.isTimedOut()));
          }
          HttpRequest whole = HttpRequest.of(req.headers(),
              HttpData.wrap(GrpcFrame.framed(frame.compressed(), body.array(), body.length())));
          ctx.updateRequest(whole);
          try {
            return delegate.serve(ctx, whole);
          } catch (Exception e) {
            return HttpResponse.ofFailure(e);
          }
        });
  }

  private HttpResponse refuse(ServiceRequestContext ctx, Failure failure) {
    Signal signal = Signal.ofGrpcPath(ctx.path());
    metrics.count("pinscope_receiver_requests_total", 1, "signal", signal == null ? "unknown" : signal.label(),
        "transport", "grpc", "outcome", failure.outcome());
    return failure.grpcResponse();
  }
}
