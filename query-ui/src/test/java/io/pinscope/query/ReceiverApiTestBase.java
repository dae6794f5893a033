package io.pinscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.server.ServerBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.pinscope.MutableClock;
import io.pinscope.TestObjects;
import io.pinscope.model.SlotValue;
import io.pinscope.receiver.OtlpReceiver;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The statistics API tests' setup, one per class: a memory store, the real receiver on an injected clock ten
 * minutes after {@link #T0} (its statistics flushed by the test only: the scheduled flush is an hour away) and
 * a {@link TestApiServer} serving both the receiver's OTLP routes and the query API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReceiverApiTestBase {
  static final long MIN = SlotValue.SLOT_MILLIS;
  /** The start of a minute slot. */
  static final long T0 = SlotValue.slotOf(TestObjects.TODAY_MILLIS + 9 * 3_600_000L);

  final ReceiverMetrics metrics = new ReceiverMetrics();
  Storage storage;
  OtlpReceiver receiver;
  TestApiServer api;
  private long nextSpanId = 1;

  /** The receiver settings of this class's tests. */
  abstract ReceiverConfig.Builder configure(ReceiverConfig.Builder builder);

  @BeforeAll
  void start() {
    storage = Storage.open(StorageConfig.builder().engine("memory").build());
    ReceiverConfig config = configure(ReceiverConfig.builder().statisticsFlushInterval(Duration.ofHours(1)))
        .build();
    receiver = OtlpReceiver.start(config, storage, metrics, new MutableClock(Instant.ofEpochMilli(T0 + 10 * MIN)));
    api = TestApiServer.start(sb -> {
      receiver.configure(sb);
      configureQuery(sb);
    });
  }

  /** Mounts the query API (on the system clock unless a class needs its own). */
  void configureQuery(ServerBuilder sb) {
    QueryApi.configure(sb, storage);
  }

  /** A span id not used before in this class. */
  ByteString newSpanId() {
    return TestApiServer.spanId(nextSpanId++);
  }

  /** A span of a new trace, with the next span id, {@code error} as its status. */
  Span.Builder span(Span.SpanKind kind, long startMillis, long elapsedMillis, String name, boolean error) {
    long start = startMillis * 1_000_000L;
    return Span.newBuilder().setTraceId(ByteString.copyFrom(TestObjects.randomTraceId().toBytes()))
        .setSpanId(newSpanId()).setName(name).setKind(kind)
        .setStartTimeUnixNano(start).setEndTimeUnixNano(start + elapsedMillis * 1_000_000L)
        .setStatus(Status.newBuilder().setCode(error ? Status.StatusCode.STATUS_CODE_ERROR
            : Status.StatusCode.STATUS_CODE_UNSET));
  }

  /** The counter {@code name} on {@code /metrics} reads {@code value}. */
  void assertCounter(String name, long value) {
    assertThat(metrics.prometheusText()).contains("# TYPE " + name + " counter\n" + name + " " + value + "\n");
  }

  /** A GET of {@code pathAndQuery} answers 400 with {@code message} as its error. */
  void assertBadRequest(String pathAndQuery, String message) throws Exception {
    HttpResponse<String> r = api.get(pathAndQuery);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(TestApiServer.MAPPER.readTree(r.body()).get("error").asText()).isEqualTo(message);
  }

  @AfterAll
  void stop() {
    api.close();
    receiver.close();
    storage.close();
  }
}
