package io.pinscope.receiver.transport;

import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import io.grpc.BindableService;
import io.pinscope.receiver.IngestPipeline;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.receiver.ReceiverMetrics;
import java.time.Clock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Adds the OTLP routes to an Armeria server: {@code TraceService/Export} over gRPC protobuf as a plain HTTP
 * service ({@link GrpcTraceService}, the bulk of the traffic), the gRPC services (metrics, logs, and traces
 * in the other gRPC formats) and {@code POST /v1/traces|metrics|logs}.
 * Routes are served on every port of the server, so the gRPC port accepts OTLP/HTTP and the reverse;
 * the caller binds the ports.
 */
public final class OtlpTransport {
  /** Bytes an HTTP/2 client may send on one stream ahead of the server reading them. */
  static final int STREAM_WINDOW = 256 * 1024;

  private OtlpTransport() {}

  /** As {@link #configure(ServerBuilder, ReceiverConfig, IngestPipeline, IngestExecutor, ReceiverMetrics, Clock)}
   * on the system clock. */
  public static void configure(ServerBuilder sb, ReceiverConfig config, IngestPipeline pipeline,
      IngestExecutor executor, ReceiverMetrics metrics) {
    configure(sb, config, pipeline, executor, metrics, Clock.systemUTC());
  }

  /**
   * Adds the routes; admission uses {@code executor}'s in-flight budget, and storage faults (their retry
   * hints and refusal windows, see {@link StorageFaults}) are timed on {@code clock}.
   */
  public static void configure(ServerBuilder sb, ReceiverConfig config, IngestPipeline pipeline,
      IngestExecutor executor, ReceiverMetrics metrics, Clock clock) {
    configure(sb, config, pipeline, executor, metrics, clock, () -> null);
  }

  /**
   * As {@link #configure(ServerBuilder, ReceiverConfig, IngestPipeline, IngestExecutor, ReceiverMetrics, Clock)};
   * {@code storeFault} is the engine's own write fault now ({@code WideColumnStore#writeFault()}), which ends
   * a refusal window as soon as the engine has recovered.
   */
  public static void configure(ServerBuilder sb, ReceiverConfig config, IngestPipeline pipeline,
      IngestExecutor executor, ReceiverMetrics metrics, Clock clock, Supplier<@Nullable String> storeFault) {
    StorageFaults faults = new StorageFaults(clock, storeFault);
    // HTTP/2 flow control, so that requests waiting for admission (their bodies unread) cannot stall the
    // admitted ones that share their connection: each stream may send at most a small window ahead, and the
    // connection's window holds that much for every request that may wait.
    sb.http2InitialStreamWindowSize(STREAM_WINDOW)
        .http2InitialConnectionWindowSize(STREAM_WINDOW * (ReceiverConfig.MAX_ADMISSION_WAITERS + 16));
    // Allow a little over the decompressed limit on the wire so that the limit itself decides (413).
    long wireLimit = config.maxBodyBytes() + (1 << 20);
    int grpcLimit = (int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes());
    GrpcServiceBuilder grpc = GrpcService.builder()
        .maxRequestMessageLength(grpcLimit)
        .maxResponseMessageLength(4 << 20)
        .exceptionHandler(new GrpcDecodeErrors());
    for (BindableService s : new OtlpGrpcServices(pipeline, executor, faults, metrics).services()) {
      grpc.addService(s);
    }
    // Bound first, so that it wins over the gRPC service's route for the same path and content types.
    sb.route().post(GrpcTraceService.PATH).consumes(GrpcTraceService.CONSUMES)
        .requestTimeout(config.requestTimeout()).maxRequestLength(wireLimit).errorHandler(GrpcTraceService.ERRORS)
        .build(new GrpcTraceService(pipeline, executor, faults, metrics, config.maxBodyBytes(), wireLimit,
            config.requestTimeout(), config.uploadIdleTimeout()));
    // Each of the gRPC service's routes bound with the receiver's own limit: left to the server's default
    // (10 MiB), a declared length over it is refused before admission as a bare HTTP 413, which gRPC
    // clients cannot read.
    GrpcService grpcService = grpc.build();
    GrpcAdmission admitted = new GrpcAdmission(grpcService, executor, faults, metrics, config.requestTimeout(),
        wireLimit, config.uploadIdleTimeout());
    for (Route route : grpcService.routes()) {
      sb.route().addRoute(route).requestTimeout(config.requestTimeout()).maxRequestLength(wireLimit)
          .errorHandler(GrpcTraceService.ERRORS).build(admitted);
    }
    for (Signal signal : Signal.values()) {
      http(sb, signal, pipeline, config, executor, faults, metrics, wireLimit);
    }
  }

  private static void http(ServerBuilder sb, Signal signal, IngestPipeline pipeline,
      ReceiverConfig config, IngestExecutor executor, StorageFaults faults, ReceiverMetrics metrics,
      long wireLimit) {
    sb.route().path(signal.path()).requestTimeout(config.requestTimeout()).maxRequestLength(wireLimit)
        .errorHandler(OtlpHttpService.ERRORS).build(new OtlpHttpService(signal, pipeline, executor, faults, config.maxBodyBytes(), wireLimit, metrics,
            config.uploadIdleTimeout()));
  }
}
