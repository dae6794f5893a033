package io.pinscope.receiver;

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

  ExportOutcome metrics(ExportMetricsServiceRequest request);

  ExportOutcome logs(ExportLogsServiceRequest request);
}
