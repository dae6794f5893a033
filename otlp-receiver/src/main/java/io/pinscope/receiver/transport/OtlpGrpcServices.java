package io.pinscope.receiver.transport;

import com.google.protobuf.Message;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.BindableService;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.IngestPipeline;
import io.pinscope.receiver.ReceiverMetrics;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP gRPC services {@code TraceService}, {@code MetricsService} and {@code LogsService}. Each export
 * runs on the {@link IngestExecutor} once {@link GrpcAdmission} admitted its bytes; overload and storage
 * failures answer {@code UNAVAILABLE} with a {@code RetryInfo} detail (storage: as {@link StorageFaults}
 * says), so exporters retry; partly rejected requests answer OK with {@code partial_success}.
 */
final class OtlpGrpcServices {
  private final IngestPipeline pipeline;
  private final IngestExecutor executor;
  private final StorageFaults faults;
  private final ReceiverMetrics metrics;

  OtlpGrpcServices(IngestPipeline pipeline, IngestExecutor executor, StorageFaults faults, ReceiverMetrics metrics) {
    this.pipeline = pipeline;
    this.executor = executor;
    this.faults = faults;
    this.metrics = metrics;
  }

  List<BindableService> services() {
    return List.of(
        new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
            respond(Signal.TRACES, request, pipeline::traces, out);
          }
        },
        new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> out) {
            respond(Signal.METRICS, request, pipeline::metrics, out);
          }
        },
        new LogsServiceGrpc.LogsServiceImplBase() {
          @Override
          public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> out) {
            respond(Signal.LOGS, request, pipeline::logs, out);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private <Q extends Message, R extends Message> void respond(Signal signal, Q request,
      Function<Q, ExportOutcome> ingest, StreamObserver<R> out) {
    metrics.count("pinscope_receiver_bytes_total", request.getSerializedSize(), "signal", signal.label());
    // The request's bytes were reserved by GrpcAdmission before it was decoded; the queued message holds
    // them until its work ends, even when the call is cancelled meanwhile.
    ServiceRequestContext ctx = ServiceRequestContext.current();
    InFlightBudget.@Nullable Reservation reservation = ctx.attr(GrpcAdmission.RESERVATION);
    if (reservation != null) {
      reservation.handOff();
    }
    executor.submit(ctx, () -> {
      ExportOutcome outcome = ingest.apply(request);
      faults.succeeded();
      return outcome;
    }).whenComplete((outcome, error) -> {
      if (reservation != null) {
        reservation.release();
      }
      if (error == null) {
        count(signal, outcome.rejected() > 0 ? "partial" : "ok");
        out.onNext((R) signal.response(outcome));
        out.onCompleted();
        return;
      }
      Failure failure = Failure.of(error, ctx.isTimedOut(), faults);
      count(signal, failure.outcome());
      out.onError(StatusProto.toStatusRuntimeException(failure.status()));
    });
  }

  private void count(Signal signal, String outcome) {
    metrics.count("pinscope_receiver_requests_total", 1, "signal", signal.label(), "transport", "grpc",
        "outcome", outcome);
  }
}
