package io.pinscope.receiver.transport;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
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
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP gRPC services {@code TraceService}, {@code MetricsService} and {@code LogsService}. Each export
 * runs on the {@link IngestExecutor}; overload and storage failures answer {@code UNAVAILABLE} with a
 * {@code RetryInfo} detail, so exporters retry; partly rejected requests answer OK with
 * {@code partial_success}.
 */
final class OtlpGrpcServices {
  private static final Logger logger = LoggerFactory.getLogger(OtlpGrpcServices.class);

  private final IngestPipeline pipeline;
  private final IngestExecutor executor;
  private final ReceiverMetrics metrics;

  OtlpGrpcServices(IngestPipeline pipeline, IngestExecutor executor, ReceiverMetrics metrics) {
    this.pipeline = pipeline;
    this.executor = executor;
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
    int bytes = request.getSerializedSize();
    metrics.count("pinscope_receiver_bytes_total", bytes, "signal", signal.label());
    executor.submit(bytes, () -> ingest.apply(request)).whenComplete((outcome, error) -> {
      if (error == null) {
        count(signal, outcome.rejected() > 0 ? "partial" : "ok");
        out.onNext((R) signal.response(outcome));
        out.onCompleted();
        return;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      int retryAfter;
      String message;
      if (cause instanceof OverloadedException busy) {
        count(signal, "overloaded");
        retryAfter = busy.retryAfterSeconds();
        message = busy.getMessage();
      } else {
        count(signal, "storage_failed");
        logger.warn("{} export failed; answering UNAVAILABLE so the client retries", signal.label(), cause);
        retryAfter = 5;
        message = "storage unavailable: " + cause.getMessage();
      }
      out.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
          .setCode(Code.UNAVAILABLE.getNumber()).setMessage(message)
          .addDetails(Any.pack(RetryInfo.newBuilder()
              .setRetryDelay(Duration.newBuilder().setSeconds(retryAfter)).build()))
          .build()));
    });
  }

  private void count(Signal signal, String outcome) {
    metrics.count("pinscope_receiver_requests_total", 1, "signal", signal.label(), "transport", "grpc",
        "outcome", outcome);
  }
}
