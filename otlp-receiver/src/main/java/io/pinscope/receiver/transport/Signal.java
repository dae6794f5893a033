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
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.pinscope.receiver.ExportOutcome;

/** The three OTLP signals: their HTTP path, item name, request decoding and response building. */
enum Signal {
  TRACES("/v1/traces", "spans") {
    @Override
    Message parseProtobuf(byte[] body) throws InvalidProtocolBufferException {
      return ExportTraceServiceRequest.parseFrom(body);
    }

    @Override
    Message parseJson(byte[] body) {
      return OtlpJson.traces(body);
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
    Message parseProtobuf(byte[] body) throws InvalidProtocolBufferException {
      return ExportMetricsServiceRequest.parseFrom(body);
    }

    @Override
    Message parseJson(byte[] body) {
      return OtlpJson.merge(body, ExportMetricsServiceRequest.newBuilder()).build();
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
    Message parseProtobuf(byte[] body) throws InvalidProtocolBufferException {
      return ExportLogsServiceRequest.parseFrom(body);
    }

    @Override
    Message parseJson(byte[] body) {
      return OtlpJson.logs(body);
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

  abstract Message parseProtobuf(byte[] body) throws InvalidProtocolBufferException;

  abstract Message parseJson(byte[] body);

  abstract Message response(ExportOutcome outcome);
}
