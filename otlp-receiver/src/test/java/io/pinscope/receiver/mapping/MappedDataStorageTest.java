package io.pinscope.receiver.mapping;

import static io.pinscope.receiver.mapping.LogMapperTest.SPAN_HEX;
import static io.pinscope.receiver.mapping.LogMapperTest.TRACE_HEX;
import static io.pinscope.receiver.mapping.LogMapperTest.bytes;
import static io.pinscope.receiver.mapping.OtlpFixtures.CUMULATIVE;
import static io.pinscope.receiver.mapping.OtlpFixtures.MINUTE;
import static io.pinscope.receiver.mapping.OtlpFixtures.NOW_MILLIS;
import static io.pinscope.receiver.mapping.OtlpFixtures.OLD_START;
import static io.pinscope.receiver.mapping.OtlpFixtures.T0;
import static io.pinscope.receiver.mapping.OtlpFixtures.counter;
import static io.pinscope.receiver.mapping.OtlpFixtures.doublePoint;
import static io.pinscope.receiver.mapping.OtlpFixtures.exponential;
import static io.pinscope.receiver.mapping.OtlpFixtures.exponentialPoint;
import static io.pinscope.receiver.mapping.OtlpFixtures.gauge;
import static io.pinscope.receiver.mapping.OtlpFixtures.histogram;
import static io.pinscope.receiver.mapping.OtlpFixtures.histogramPoint;
import static io.pinscope.receiver.mapping.OtlpFixtures.kv;
import static io.pinscope.receiver.mapping.OtlpFixtures.logs;
import static io.pinscope.receiver.mapping.OtlpFixtures.metrics;
import static io.pinscope.receiver.mapping.OtlpFixtures.resource;
import static io.pinscope.receiver.mapping.OtlpFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.StoredLog;
import io.pinscope.model.TraceId;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mapped points and records survive a round trip through the memory engine unchanged. */
class MappedDataStorageTest {
  private static final Resource ORDERS_1 = resource("orders", "orders-1");
  private static final long T0_MILLIS = T0 / 1_000_000L;

  private final Storage storage = Storage.open(StorageConfig.builder().engine("memory").build());
  private final MetricMapper mapper = new MetricMapper(new CumulativeToDelta(1_000, OtlpFixtures.clockAtT0()));

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void metricPoints_ofEveryKind_readBackPerAgent() {
    List<MetricPoint> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long time = T0 + i * MINUTE;
      MappedMetrics mapped = mapper.map(metrics(ORDERS_1,
          gauge("jvm.cpu.recent_utilization", "1", doublePoint(0, time, 0.1 * (i + 1))),
          counter("jvm.gc.count", OLD_START, time, 10 + i * i, kv("jvm.gc.name", "G1 Young Generation")),
          histogram("http.server.request.duration", CUMULATIVE,
              histogramPoint(OLD_START, time, 1.0 + i, 0.005, 0.5 + i, 5 + i, 3, 1, i)),
          exponential("db.latency", CUMULATIVE, exponentialPoint(OLD_START, time, 2, 10.0 * (i + 1), i, 3, 4, 4 * i)),
          summary("rpc.duration", OLD_START, time, 100 + 10 * i, 1_000 + 50 * i)), NOW_MILLIS);
      storage.metrics().write(mapped.points());
      written.addAll(mapped.points());
    }
    // Each export has a gauge; the cumulative kinds start giving deltas on the second export.
    assertThat(written).hasSize(3 + 4 * 2);

    List<MetricPoint> read = storage.metrics().read("orders-1", T0_MILLIS, T0_MILLIS + 3 * 60_000, 1_000);

    assertThat(read).containsExactlyInAnyOrderElementsOf(written);
    assertThat(read).extracting(MetricPoint::epochNanos).isSorted();
    assertThat(storage.metrics().read("orders-2", T0_MILLIS, T0_MILLIS + 3 * 60_000, 1_000)).isEmpty();
  }

  @Test
  void logRecords_readBackByTraceAndByAgent() {
    LogRecord correlated = LogRecord.newBuilder().setTimeUnixNano(T0).setSeverityText("WARN")
        .setBody(AnyValue.newBuilder().setStringValue("slow query")).setTraceId(bytes(TRACE_HEX))
        .setSpanId(bytes(SPAN_HEX)).addAttributes(kv("db.system", "mysql")).build();
    LogRecord uncorrelated = LogRecord.newBuilder().setTimeUnixNano(T0 + 1).setSeverityText("INFO")
        .setBody(AnyValue.newBuilder().setStringValue("started")).build();
    MappedLogs mapped = LogMapper.map(logs(ORDERS_1, correlated, uncorrelated), NOW_MILLIS);

    storage.logs().write(mapped.logs());

    List<StoredLog> byTrace = storage.logs().findByTrace(TraceId.fromHex(TRACE_HEX), 10);
    List<StoredLog> byAgent = storage.logs().findUncorrelated("orders-1", T0_MILLIS, T0_MILLIS + 1, 10);
    assertThat(byTrace).containsExactly(mapped.logs().get(0));
    assertThat(byAgent).containsExactly(mapped.logs().get(1));
  }
}
