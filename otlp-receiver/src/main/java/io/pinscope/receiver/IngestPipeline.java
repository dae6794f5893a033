package io.pinscope.receiver;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Maps OTLP requests onto the model and stores them. Each call returns only once everything accepted is
 * durable (trace rows and scatter index written; metrics and logs written); items that cannot be stored
 * are counted as rejected with a reason. Storage failures propagate as exceptions (the transports answer
 * them with a retryable status), so nothing is acknowledged that was not stored.
 */
public interface IngestPipeline {
  ExportOutcome traces(ExportTraceServiceRequest request);

  /**
   * As {@link #traces(ExportTraceServiceRequest)} for the protobuf bytes of one (the OTLP/protobuf transports'
   * path). This default decodes them into objects; the storing pipeline maps them as a stream instead.
   *
   * @throws InvalidProtocolBufferException when {@code body} is no valid {@code ExportTraceServiceRequest}
   */
  default ExportOutcome traces(byte[] body) throws InvalidProtocolBufferException {
    return traces(ExportTraceServiceRequest.parseFrom(body));
  }

  ExportOutcome metrics(ExportMetricsServiceRequest request);

  ExportOutcome logs(ExportLogsServiceRequest request);
}
