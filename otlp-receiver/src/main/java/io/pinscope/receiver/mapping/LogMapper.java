package io.pinscope.receiver.mapping;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredLog;
import io.pinscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OTLP log records to {@link StoredLog}s of each sending agent. Every field of the record is kept except
 * {@code event_name} and {@code dropped_attributes_count} (the model has no place for them), and so is
 * nothing of the instrumentation scope.
 *
 * <ul>
 *   <li>Times are epoch nanoseconds as sent. A record without {@code observed_time_unix_nano} gets the
 *       receive time ({@code nowMillis}): the spec leaves that field to the collector that first sees the
 *       record, which is us. {@code time_unix_nano} may stay 0 ({@link StoredLog#timeNanos()} falls back).
 *   <li>{@code trace_id}: 16 bytes; empty or all-zero means uncorrelated (null). {@code span_id}: 8 bytes
 *       read as a signed long; empty or all-zero is {@link SpanIds#NONE}, and so is any span id of an
 *       uncorrelated record (a span id means nothing without its trace).
 *   <li>Severity number, severity text, flags, body ({@link ProtoAttributes#value}) and attributes (in
 *       sent order) are copied as they are, unknown severity numbers included.
 * </ul>
 *
 * <p>Rejected, with a reason: every record of a resource without {@code service.name}, and records whose
 * {@code trace_id} or {@code span_id} has another length. Stateless and thread-safe.
 */
public final class LogMapper {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  /**
   * Maps one request. {@code nowMillis} (epoch ms) is the receive time: the observed time of records that
   * lack one, and the start time of an agent whose resource does not carry it.
   */
  public static MappedLogs map(ExportLogsServiceRequest request, long nowMillis) {
    requireNonNull(request, "request");
    Rejections rejections = new Rejections();
    List<MappedLogs.Batch> batches = new ArrayList<>(request.getResourceLogsCount());
    int received = 0;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      int records = 0;
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        records += sl.getLogRecordsCount();
      }
      received += records;
      ResourceIdentity identity =
          ResourceIdentity.of(ProtoAttributes.of(rl.getResource().getAttributesList()), nowMillis);
      if (identity == null) {
        rejections.add(records, "missing service.name");
        continue;
      }
      List<StoredLog> logs = new ArrayList<>();
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord record : sl.getLogRecordsList()) {
          StoredLog log = map(record, identity, nowMillis * NANOS_PER_MILLI, rejections);
          if (log != null) {
            logs.add(log);
          }
        }
      }
      batches.add(new MappedLogs.Batch(identity, logs));
    }
    return new MappedLogs(batches, received, rejections.count(), rejections.reasons());
  }

  private static @Nullable StoredLog map(LogRecord r, ResourceIdentity identity, long nowNanos,
      Rejections rejections) {
    ByteString traceBytes = r.getTraceId();
    ByteString spanBytes = r.getSpanId();
    if (!traceBytes.isEmpty() && traceBytes.size() != TraceId.BYTES) {
      rejections.add(1, "trace_id of " + traceBytes.size() + " bytes (expected: 16 or none)");
      return null;
    }
    if (!spanBytes.isEmpty() && spanBytes.size() != 8) {
      rejections.add(1, "span_id of " + spanBytes.size() + " bytes (expected: 8 or none)");
      return null;
    }
    TraceId traceId = traceBytes.isEmpty() ? null : TraceId.fromBytes(traceBytes.toByteArray());
    if (traceId != null && !traceId.isValid()) {
      traceId = null;
    }
    long spanId = SpanIds.NONE;
    if (traceId != null && !spanBytes.isEmpty()) {
      long id = SpanIds.fromBytes(spanBytes.toByteArray());
      spanId = SpanIds.isValid(id) ? id : SpanIds.NONE;
    }
    long observed = r.getObservedTimeUnixNano() != 0 ? r.getObservedTimeUnixNano() : nowNanos;
    return new StoredLog(r.getTimeUnixNano(), observed, r.getSeverityNumberValue(), r.getSeverityText(),
        ProtoAttributes.value(r.getBody()), ProtoAttributes.of(r.getAttributesList()), traceId, spanId,
        r.getFlags(), identity.applicationName(), identity.agentId());
  }

  private LogMapper() {}
}
