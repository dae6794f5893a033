package io.pinscope.receiver.transport;

import com.google.protobuf.Message;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import io.grpc.BindableService;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.IngestPipeline;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.receiver.ReceiverMetrics;
import java.time.Duration;
import java.util.function.Function;

/**
 * Adds the OTLP routes to an Armeria server: the gRPC services and {@code POST /v1/traces|metrics|logs}.
 * Routes are served on every port of the server, so the gRPC port accepts OTLP/HTTP and the reverse;
 * the caller binds the ports.
 */
public final class OtlpTransport {
  /** OTLP exporters time out after 10 s by default; storage may take a moment under load. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private OtlpTransport() {}

  public static void configure(ServerBuilder sb, ReceiverConfig config, IngestPipeline pipeline,
      IngestExecutor executor, ReceiverMetrics metrics) {
    // Allow a little over the decompressed limit on the wire so that the limit itself decides (413).
    long wireLimit = config.maxBodyBytes() + (1 << 20);
    int grpcLimit = (int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes());
    GrpcServiceBuilder grpc = GrpcService.builder()
        .maxRequestMessageLength(grpcLimit)
        .maxResponseMessageLength(4 << 20)
        .exceptionHandler(new GrpcDecodeErrors());
    for (BindableService s : new OtlpGrpcServices(pipeline, executor, metrics).services()) {
      grpc.addService(s);
    }
    sb.service(grpc.build(), GrpcFrameCheck::new, delegate -> delegate.decorate((service, ctx, req) -> {
      ctx.setRequestTimeout(REQUEST_TIMEOUT);
      ctx.setMaxRequestLength(wireLimit);
      return service.serve(ctx, req);
    }));
    http(sb, Signal.TRACES, m -> pipeline.traces((ExportTraceServiceRequest) m), config, executor, metrics,
        wireLimit);
    http(sb, Signal.METRICS, m -> pipeline.metrics((ExportMetricsServiceRequest) m), config, executor, metrics,
        wireLimit);
    http(sb, Signal.LOGS, m -> pipeline.logs((ExportLogsServiceRequest) m), config, executor, metrics,
        wireLimit);
  }

  private static void http(ServerBuilder sb, Signal signal, Function<Message, ExportOutcome> ingest,
      ReceiverConfig config, IngestExecutor executor, ReceiverMetrics metrics, long wireLimit) {
    sb.route().path(signal.path()).requestTimeout(REQUEST_TIMEOUT).maxRequestLength(wireLimit)
        .build(new OtlpHttpService(signal, ingest, executor, config.maxBodyBytes(), metrics));
  }
}
