package io.pinscope.receiver;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.StoredSpan;
import io.pinscope.receiver.mapping.CumulativeToDelta;
import io.pinscope.receiver.mapping.LogMapper;
import io.pinscope.receiver.mapping.MappedLogs;
import io.pinscope.receiver.mapping.MappedMetrics;
import io.pinscope.receiver.mapping.MetricMapper;
import io.pinscope.receiver.mapping.SpanMapper;
import io.pinscope.receiver.mapping.SpanMapper.ResourceBatch;
import io.pinscope.receiver.statistics.StatisticsAggregator;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link IngestPipeline} over {@link Storage}: spans are written (trace rows and the scatter dots of the
 * entry spans, in one write) before the call returns, and handed to the statistics aggregator, which flushes on its own
 * schedule; agents are registered as they are seen, and so are hosts that send host metrics.
 */
final class StoringIngestPipeline implements IngestPipeline {
  private final Storage storage;
  private final StatisticsAggregator statistics;
  private final MetricMapper metricMapper;
  private final AgentRegistrar agents;
  private final HostRegistrar hosts;
  private final ReceiverMetrics metrics;
  private final Clock clock;

  StoringIngestPipeline(Storage storage, StatisticsAggregator statistics, ReceiverMetrics metrics, Clock clock) {
    this.storage = storage;
    this.statistics = statistics;
    this.metricMapper = new MetricMapper(CumulativeToDelta.create());
    this.agents = new AgentRegistrar(storage.applications(), clock);
    this.hosts = new HostRegistrar(storage.hosts(), clock);
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public ExportOutcome traces(ExportTraceServiceRequest request) {
    return store(SpanMapper.map(request, clock.millis()));
  }

  /** Maps the body as a stream, without protobuf-java's objects: the transports' hot path. */
  @Override
  public ExportOutcome traces(byte[] body) throws InvalidProtocolBufferException {
    return store(SpanMapper.map(body, clock.millis()));
  }

  private ExportOutcome store(SpanMapper.MappedSpans mapped) {
    List<StoredSpan> spans = new ArrayList<>();
    List<ScatterDot> dots = new ArrayList<>();
    for (ResourceBatch batch : mapped.batches()) {
      agents.seen(batch.identity());
      for (StoredSpan s : batch.spans()) {
        spans.add(s);
        if (s.isEntry()) {
          dots.add(ScatterDot.of(s));
        }
      }
    }
    // One write: a failed export stored neither its spans nor its dots, so its error answer is honest.
    storage.traces().write(spans, dots);
    for (ResourceBatch batch : mapped.batches()) {
      statistics.accept(batch.identity().serviceType(), batch.spans());
    }
    for (Map.Entry<String, Integer> e : mapped.rejectedByReason().entrySet()) {
      metrics.count("pinscope_receiver_items_rejected_by_reason_total", e.getValue(), "signal", "traces",
          "reason", e.getKey());
    }
    return outcome("traces", mapped.received(), mapped.rejected(), mapped.errorMessage());
  }

  @Override
  public ExportOutcome metrics(ExportMetricsServiceRequest request) {
    MappedMetrics mapped = metricMapper.map(request, clock.millis());
    for (MappedMetrics.Batch batch : mapped.batches()) {
      agents.seen(batch.identity());
      storage.metrics().write(batch.points());
    }
    for (MappedMetrics.HostBatch batch : mapped.hosts()) {
      hosts.seen(batch.hostname(), batch.resource());
      storage.metrics().write(batch.points());
    }
    return outcome("metrics", mapped.received(), mapped.rejected(), mapped.errorMessage());
  }

  @Override
  public ExportOutcome logs(ExportLogsServiceRequest request) {
    MappedLogs mapped = LogMapper.map(request, clock.millis());
    for (MappedLogs.Batch batch : mapped.batches()) {
      agents.seen(batch.identity());
      storage.logs().write(batch.logs());
    }
    return outcome("logs", mapped.received(), mapped.rejected(), mapped.errorMessage());
  }

  private ExportOutcome outcome(String signal, int received, int rejected, String message) {
    metrics.count("pinscope_receiver_items_received_total", received, "signal", signal);
    metrics.count("pinscope_receiver_items_accepted_total", received - rejected, "signal", signal);
    metrics.count("pinscope_receiver_items_rejected_total", rejected, "signal", signal);
    return new ExportOutcome(received, rejected, message);
  }
}
