package io.pinscope.receiver.mapping;

import static io.pinscope.receiver.mapping.OtlpFixtures.NOW_MILLIS;
import static io.pinscope.receiver.mapping.OtlpFixtures.T0;
import static io.pinscope.receiver.mapping.OtlpFixtures.kv;
import static io.pinscope.receiver.mapping.OtlpFixtures.logs;
import static io.pinscope.receiver.mapping.OtlpFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredLog;
import io.pinscope.model.TraceId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LogMapperTest {
  static final String TRACE_HEX = "5b8efff798038103d269b633813fc60c";
  static final String SPAN_HEX = "eee19b7ec3c1b174";

  private static final Resource ORDERS_1 = resource("orders", "orders-1");

  @Test
  void correlatedRecord_keepsEveryField() {
    LogRecord record = LogRecord.newBuilder()
        .setTimeUnixNano(T0)
        .setObservedTimeUnixNano(T0 + 5)
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR)
        .setSeverityText("ERROR")
        .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("event", "payment"))))
        .addAttributes(kv("thread.name", "main"))
        .addAttributes(KeyValue.newBuilder().setKey("retries").setValue(AnyValue.newBuilder().setIntValue(3)))
        .setTraceId(bytes(TRACE_HEX))
        .setSpanId(bytes(SPAN_HEX))
        .setFlags(1)
        .build();

    MappedLogs mapped = LogMapper.map(logs(ORDERS_1, record), NOW_MILLIS);

    assertThat(mapped.rejected()).isZero();
    assertThat(mapped.batches()).singleElement()
        .satisfies(b -> assertThat(b.identity().agentId()).isEqualTo("orders-1"));
    assertThat(mapped.logs()).containsExactly(new StoredLog(T0, T0 + 5, 17, "ERROR",
        new AttributeValue.KeyValueListValue(Attributes.of("event", "payment")),
        Attributes.of("thread.name", "main", "retries", 3L), TraceId.fromHex(TRACE_HEX),
        SpanIds.fromHex(SPAN_HEX), 1, "orders", "orders-1"));
  }

  @Test
  void uncorrelatedRecord_hasNoTraceAndNoSpan_andGetsTheReceiveTimeAsObservedTime() {
    LogRecord record = LogRecord.newBuilder().setSeverityText("INFO")
        .setBody(AnyValue.newBuilder().setStringValue("started")).build();

    StoredLog log = LogMapper.map(logs(ORDERS_1, record), NOW_MILLIS).logs().get(0);

    assertThat(log.traceId()).isNull();
    assertThat(log.spanId()).isEqualTo(SpanIds.NONE);
    assertThat(log.epochNanos()).isZero();
    assertThat(log.observedEpochNanos()).isEqualTo(T0);
    assertThat(log.timeNanos()).isEqualTo(T0);
    assertThat(log.severityNumber()).isZero();
    assertThat(log.body()).isEqualTo(AttributeValue.of("started"));
    assertThat(log.attributes()).isEqualTo(Attributes.empty());
  }

  @Test
  void allZeroIds_meanUncorrelated_andASpanWithoutTraceIsDropped() {
    LogRecord zeros = LogRecord.newBuilder().setTimeUnixNano(T0)
        .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8])).build();
    LogRecord spanOnly = LogRecord.newBuilder().setTimeUnixNano(T0).setSpanId(bytes(SPAN_HEX)).build();
    LogRecord zeroSpan = LogRecord.newBuilder().setTimeUnixNano(T0).setTraceId(bytes(TRACE_HEX))
        .setSpanId(ByteString.copyFrom(new byte[8])).build();

    MappedLogs mapped = LogMapper.map(logs(ORDERS_1, zeros, spanOnly, zeroSpan), NOW_MILLIS);

    assertThat(mapped.rejected()).isZero();
    assertThat(mapped.logs()).extracting(StoredLog::traceId, StoredLog::spanId).containsExactly(
        tuple(null, SpanIds.NONE),
        tuple(null, SpanIds.NONE),
        tuple(TraceId.fromHex(TRACE_HEX), SpanIds.NONE));
  }

  @Test
  void idsOfTheWrongLength_areRejected() {
    LogRecord shortTrace = LogRecord.newBuilder().setTimeUnixNano(T0).setTraceId(bytes("0102030405060708")).build();
    LogRecord longSpan = LogRecord.newBuilder().setTimeUnixNano(T0).setTraceId(bytes(TRACE_HEX))
        .setSpanId(bytes(TRACE_HEX)).build();
    LogRecord fine = LogRecord.newBuilder().setTimeUnixNano(T0).build();

    MappedLogs mapped = LogMapper.map(logs(ORDERS_1, shortTrace, longSpan, fine), NOW_MILLIS);

    assertThat(mapped.rejected()).isEqualTo(2);
    assertThat(mapped.reasons()).containsExactly(
        "trace_id of 8 bytes (expected: 16 or none)", "span_id of 16 bytes (expected: 8 or none)");
    assertThat(mapped.logs()).hasSize(1);
  }

  @Test
  void resourceWithoutServiceName_rejectsAllItsRecords() {
    ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(ResourceLogs.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(kv("host.name", "box")))
            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.getDefaultInstance())
                .addLogRecords(LogRecord.getDefaultInstance()))
            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.getDefaultInstance())))
        .addResourceLogs(ResourceLogs.newBuilder().setResource(ORDERS_1)
            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.getDefaultInstance())))
        .build();

    MappedLogs mapped = LogMapper.map(request, NOW_MILLIS);

    assertThat(mapped.rejected()).isEqualTo(3);
    assertThat(mapped.errorMessage()).isEqualTo("missing service.name");
    assertThat(mapped.batches()).singleElement().satisfies(b -> assertThat(b.logs()).hasSize(1));
  }

  static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
