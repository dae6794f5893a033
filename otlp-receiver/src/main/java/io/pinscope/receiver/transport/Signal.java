package io.pinscope.receiver.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.pinscope.receiver.ExportOutcome;
import io.pinscope.receiver.IngestPipeline;

/** The three OTLP signals: their HTTP path, item name, request decoding and response building. */
enum Signal {
  TRACES("/v1/traces", "spans") {
    /** Protobuf bodies are mapped as a stream ({@link IngestPipeline#traces(byte[])}), JSON ones as objects. */
    @Override
    ExportOutcome ingest(IngestPipeline pipeline, byte[] body, boolean json) throws InvalidProtocolBufferException {
      return json ? pipeline.traces(OtlpJson.traces(body)) : pipeline.traces(body);
    }

    @Override
    Message response(ExportOutcome o) {
      ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
      if (o.rejected() > 0) {
        b.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(o.rejected())
            .setErrorMessage(o.errorMessage()));
      }
      return b.build();
    }
  },
  METRICS("/v1/metrics", "data points") {
    @Override
    ExportOutcome ingest(IngestPipeline pipeline, byte[] body, boolean json) throws InvalidProtocolBufferException {
      return pipeline.metrics(json ? OtlpJson.merge(body, ExportMetricsServiceRequest.newBuilder()).build()
          : ExportMetricsServiceRequest.parseFrom(body));
    }

    @Override
    Message response(ExportOutcome o) {
      ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
      if (o.rejected() > 0) {
        b.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(o.rejected())
            .setErrorMessage(o.errorMessage()));
      }
      return b.build();
    }
  },
  LOGS("/v1/logs", "log records") {
    @Override
    ExportOutcome ingest(IngestPipeline pipeline, byte[] body, boolean json) throws InvalidProtocolBufferException {
      return pipeline.logs(json ? OtlpJson.logs(body) : ExportLogsServiceRequest.parseFrom(body));
    }

    @Override
    Message response(ExportOutcome o) {
      ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
      if (o.rejected() > 0) {
        b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(o.rejected())
            .setErrorMessage(o.errorMessage()));
      }
      return b.build();
    }
  };

  private final String path;
  private final String items;

  Signal(String path, String items) {
    this.path = path;
    this.items = items;
  }

  String path() {
    return path;
  }

  /** The metric label value: traces, metrics, logs. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The signal of a gRPC method path such as {@code /opentelemetry.proto.collector.trace.v1.TraceService/Export}. */
  static @org.jspecify.annotations.Nullable Signal ofGrpcPath(String path) {
    if (path.contains(".TraceService/")) {
      return TRACES;
    }
    if (path.contains(".MetricsService/")) {
      return METRICS;
    }
    return path.contains(".LogsService/") ? LOGS : null;
  }

  String items() {
    return items;
  }

  /**
   * Decodes {@code body} (OTLP/JSON when {@code json}, else OTLP/protobuf) and hands it to {@code pipeline}.
   *
   * @throws InvalidProtocolBufferException when a protobuf body does not decode
   */
  abstract ExportOutcome ingest(IngestPipeline pipeline, byte[] body, boolean json)
      throws InvalidProtocolBufferException;

  abstract Message response(ExportOutcome outcome);
}
