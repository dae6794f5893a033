package io.pinscope.receiver.transport;

import com.google.protobuf.Message;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.IngestPipeline;
import io.pinscope.receiver.ReceiverMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The OTLP gRPC services {@code TraceService}, {@code MetricsService} and {@code LogsService} on Armeria's gRPC
 * service ({@code TraceService/Export} in gRPC protobuf, nearly all of the trace traffic, is served by
 * {@link GrpcTraceService} in front of it; the other gRPC formats of it come here). Each export
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
        OtlpGrpcServices.this::tracesAsBytes,
        new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> out) {
            respond(Signal.METRICS, request.getSerializedSize(), () -> pipeline.metrics(request), out);
          }
        },
        new LogsServiceGrpc.LogsServiceImplBase() {
          @Override
          public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> out) {
            respond(Signal.LOGS, request.getSerializedSize(), () -> pipeline.logs(request), out);
          }
        });
  }

  /**
   * {@code TraceService/Export} taking the request message as bytes, which the ingest worker maps as a stream
   * ({@link IngestPipeline#traces(byte[])}) instead of gRPC decoding it into protobuf-java objects first; a
   * message that does not decode answers {@code INVALID_ARGUMENT}, as a malformed message always has.
   */
  private ServerServiceDefinition tracesAsBytes() {
    MethodDescriptor<byte[], ExportTraceServiceResponse> export = TraceServiceGrpc.getExportMethod()
        .toBuilder(RawMessage.INSTANCE, ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
        .build();
    return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
        .addMethod(export, ServerCalls.asyncUnaryCall(
            (byte[] body, StreamObserver<ExportTraceServiceResponse> out) ->
                respond(Signal.TRACES, body.length, () -> pipeline.traces(body), out)))
        .build();
  }

  /** A gRPC request message kept as its bytes. */
  private enum RawMessage implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One export's ingest work; a protobuf message that does not decode is the client's fault. */
  @FunctionalInterface
  private interface Ingest {
    ExportOutcome run() throws InvalidProtocolBufferException;
  }

  @SuppressWarnings("unchecked")
  private <R extends Message> void respond(Signal signal, int bytes, Ingest ingest, StreamObserver<R> out) {
    metrics.count("pinscope_receiver_bytes_total", bytes, "signal", signal.label());
    // The request's bytes were reserved by GrpcAdmission before it was decoded; the queued message holds
    // them until its work ends, even when the call is cancelled meanwhile.
    ServiceRequestContext ctx = ServiceRequestContext.current();
    InFlightBudget.@Nullable Reservation reservation = ctx.attr(GrpcAdmission.RESERVATION);
    if (reservation != null) {
      reservation.handOff();
    }
    executor.submit(ctx, () -> {
      ExportOutcome outcome;
      try {
        outcome = ingest.run();
      } catch (InvalidProtocolBufferException e) {
        throw new BadRequestException(400, "invalid OTLP protobuf: " + e.getMessage(), e);
      }
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
