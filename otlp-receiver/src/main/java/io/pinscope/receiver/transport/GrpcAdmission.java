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
import org.jspecify.annotations.Nullable;

/**
 * Admission for OTLP/gRPC in front of the gRPC service, before any message is decoded, as
 * {@link OtlpHttpService} does for OTLP/HTTP: refused at once while the store is known to refuse writes;
 * when the {@code Content-Length} does not fit the in-flight budget, waiting in line (body unread) for at
 * most the admission wait, then refused if it still does not fit; otherwise the body is read under the
 * budget (a length-less body reserves its first message's length from the gRPC frame header, then bytes as
 * they arrive) and handed to the service whole. Refusals are trailers-only responses with
 * {@code grpc-status} {@code UNAVAILABLE} and a {@code google.rpc.Status} carrying {@code RetryInfo}.
 * The reservation is held until the call ends in any way, or, once the decoded message was queued on the
 * {@link IngestExecutor}, until that work ends ({@link #RESERVATION}).
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
    Failure refused = faults.refuseNow();
    if (refused != null) {
      return refuse(ctx, refused);
    }
    long declared = req.headers().contentLength();
    CompletableFuture<InFlightBudget.@Nullable Reservation> admission =
        executor.admit(Math.max(0, declared), ctx.eventLoop());
    ctx.log().whenComplete().thenRun(() -> admission.cancel(false)); // leaves the line if it ends waiting
    return HttpResponse.of(admission.thenCompose(reservation -> reservation == null
        ? CompletableFuture.completedFuture(refuse(ctx, Failure.overloaded(executor.busy())))
        : readAndServe(ctx, req, reservation, declared)));
  }

  private CompletableFuture<HttpResponse> readAndServe(ServiceRequestContext ctx, HttpRequest req,
      InFlightBudget.Reservation reservation, long declared) {
    HttpService delegate = (HttpService) unwrap();
    ctx.setAttr(RESERVATION, reservation);
    ctx.log().whenComplete().thenRun(reservation::releaseUnlessHandedOff);
    return BodyReader.read(req, ctx.eventLoop(), reservation, declared, wireLimit, true, executor::busy,
        uploadIdleTimeout).handle((body, error) -> {
          if (error != null) {
            reservation.release();
            return refuse(ctx, Failure.ofTransfer(error, ctx.isTimedOut()));
          }
          HttpRequest whole = HttpRequest.of(req.headers(), HttpData.wrap(body.array(), 0, body.length()));
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
