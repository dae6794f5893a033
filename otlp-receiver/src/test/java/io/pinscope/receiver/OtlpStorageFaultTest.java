package io.pinscope.receiver;

import static io.pinscope.TestObjects.randomSpanId;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.receiver.OtlpRequests.request;
import static io.pinscope.receiver.OtlpRequests.resource;
import static io.pinscope.receiver.OtlpRequests.resourceSpans;
import static io.pinscope.receiver.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.MediaType;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pinscope.MutableClock;
import io.pinscope.storage.StorageConfig;
import io.pinscope.storage.spi.StorageUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "Storage faults" contract over a store whose writes throw: 503 / UNAVAILABLE with a retry hint of
 * 1, 2, 4, 8, 16, 30, 30 s while the fault lasts and 1 s again after a success; while the store is known
 * to refuse writes, requests are refused from their headers without touching it; bodies say
 * {@code storage unavailable: <reason>} with no path and no class name; one log line per state change.
 */
class OtlpStorageFaultTest {
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final Supplier<RuntimeException> DISK_FULL = () -> new StorageUnavailableException("disk full",
      "/var/lib/pinscope/data/000042.log: No space left on device");

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream stderr;
  private final MutableClock clock = MutableClock.ofNow();
  private final String id = "fault-" + UUID.randomUUID();

  @BeforeEach
  void captureLog() {
    // slf4j-simple writes to whatever System.err is at the time.
    stderr = System.err;
    System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    System.setErr(stderr);
  }

  private ReceiverHarness harness() {
    // Statistics are flushed by hand only, so that every write the store sees is an export's.
    return ReceiverHarness.open(StorageConfig.builder().engine("faulty").engineOption("faulty-id", id).build(),
        ReceiverHarness.config().statisticsFlushInterval(Duration.ofHours(1)).build(), clock);
  }

  private static byte[] oneSpan() {
    return request(resourceSpans(resource("orders"), List.of(span(randomTraceId(), randomSpanId(), "op").build())))
        .toByteArray();
  }

  private static AggregatedHttpResponse post(ReceiverHarness h) {
    return WebClient.of(h.endpoint()).prepare().post("/v1/traces").content(PROTOBUF, oneSpan()).execute()
        .aggregate().join();
  }

  private static String message(byte[] statusBody) throws Exception {
    return Status.parseFrom(statusBody).getMessage();
  }

  private static StatusRuntimeException grpcFailure(ReceiverHarness h) {
    TraceServiceGrpc.TraceServiceBlockingStub stub =
        GrpcClients.newClient(h.endpoint(), TraceServiceGrpc.TraceServiceBlockingStub.class);
    try {
      stub.export(ExportTraceServiceRequest.newBuilder().mergeFrom(oneSpanRequest()).build());
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("gRPC export succeeded while the store refuses writes");
  }

  private static ExportTraceServiceRequest oneSpanRequest() {
    try {
      return ExportTraceServiceRequest.parseFrom(oneSpan());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private int lines(String text) {
    Matcher m = Pattern.compile(Pattern.quote(text)).matcher(log.toString(StandardCharsets.UTF_8));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void storeRefusingWrites_growingRetryAfter_refusedAtOnce_loggedOncePerStateChange() throws Exception {
    try (ReceiverHarness h = harness()) {
      FaultyEngine.Store store = FaultyEngine.store(id);
      store.failWith(DISK_FULL);
      List<Integer> hints = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        long before = store.attemptedWrites();
        AggregatedHttpResponse tried = post(h);
        assertThat(tried.status().code()).isEqualTo(503);
        assertThat(store.attemptedWrites()).as("the store was tried").isGreaterThan(before);
        assertThat(message(tried.content().array())).isEqualTo("storage unavailable: disk full");
        int hint = Integer.parseInt(tried.headers().get(HttpHeaderNames.RETRY_AFTER));
        hints.add(hint);

        // Within the hint: refused from the headers alone (no body sent), the store untouched.
        long attempted = store.attemptedWrites();
        try (RawHttp raw = new RawHttp(h.port())) {
          RawHttp.Response r = raw.post("/v1/traces", "Content-Type", "application/x-protobuf",
              "Content-Length", "100000").response();
          assertThat(r.status()).isEqualTo(503);
          assertThat(r.headers()).containsEntry("retry-after", Integer.toString(hint));
          assertThat(message(r.body())).isEqualTo("storage unavailable: disk full");
        }
        StatusRuntimeException grpc = grpcFailure(h);
        assertThat(grpc.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        assertThat(grpc.getStatus().getDescription()).isEqualTo("storage unavailable: disk full");
        assertThat(OtlpAdmissionTest.retryDelaySeconds(StatusProto.fromThrowable(grpc))).isEqualTo(hint);
        assertThat(store.attemptedWrites()).as("refused without touching the store").isEqualTo(attempted);

        clock.advance(Duration.ofSeconds(hint));
      }
      assertThat(hints).containsExactly(1, 2, 4, 8, 16, 30, 30);

      store.heal();
      assertThat(post(h).status().code()).isEqualTo(200);
      store.failWith(DISK_FULL);
      AggregatedHttpResponse again = post(h);
      assertThat(again.headers().get(HttpHeaderNames.RETRY_AFTER)).as("back to 1 s after a success").isEqualTo("1");
      store.heal();
      clock.advance(Duration.ofSeconds(1));
      assertThat(post(h).status().code()).isEqualTo(200);

      assertThat(h.metrics().counter("pinscope_receiver_requests_total", "signal", "traces", "transport", "http",
          "outcome", "storage_failed")).isEqualTo(7 + 7 + 1);
      assertThat(h.metrics().counter("pinscope_receiver_requests_total", "signal", "traces", "transport", "grpc",
          "outcome", "storage_failed")).isEqualTo(7);
    }
    assertThat(lines("storage writes failing: ")).isEqualTo(2);
    assertThat(lines("storage writes recovered after ")).isEqualTo(2);
    assertThat(lines("storage writes recovered after 21 failed requests")).isEqualTo(1);
    assertThat(lines("No space left on device")).as("the detail is logged with the state change only")
        .isBetween(1, 4);
  }

  @Test
  void otherStorageException_writeFailed_withoutPathOrClassName_andNotRefusedAtOnce() throws Exception {
    try (ReceiverHarness h = harness()) {
      FaultyEngine.Store store = FaultyEngine.store(id);
      store.failWith(() -> new IllegalStateException("rocksdb: IO error: /var/lib/pinscope/data/000042.sst: EIO"));
      for (int i = 0; i < 3; i++) {
        long before = store.attemptedWrites();
        AggregatedHttpResponse r = post(h);
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        String body = message(r.content().array());
        assertThat(body).isEqualTo("storage unavailable: write failed");
        assertThat(store.attemptedWrites()).as("a per-request error does not stop other writes")
            .isGreaterThan(before);
      }
      StatusRuntimeException grpc = grpcFailure(h);
      assertThat(grpc.getStatus().getDescription()).isEqualTo("storage unavailable: write failed");
      store.heal();
      assertThat(post(h).status().code()).isEqualTo(200);
    }
    assertThat(lines("storage writes failing: ")).isEqualTo(1);
    assertThat(lines("storage writes recovered after 4 failed requests")).isEqualTo(1);
  }

  @Test
  void engineTellingItsFault_requestsTryItAgainAsSoonAsItRecovers() throws Exception {
    try (ReceiverHarness h = harness()) {
      FaultyEngine.Store store = FaultyEngine.store(id);
      store.tellsFault(true);
      store.failWith(DISK_FULL);
      assertThat(post(h).status().code()).isEqualTo(503);
      long attempted = store.attemptedWrites();
      assertThat(post(h).status().code()).isEqualTo(503);
      assertThat(store.attemptedWrites()).as("refused at once while the engine reports its fault")
          .isEqualTo(attempted);
      store.heal(); // the clock stands still: the retry hint has not passed
      assertThat(post(h).status().code()).as("tried as soon as the engine reports no fault").isEqualTo(200);
    }
  }

  @Test
  void jsonRequest_storeRefusingWrites_503WithJsonStatusAndRetryInfo() throws Exception {
    try (ReceiverHarness h = harness()) {
      FaultyEngine.store(id).failWith(DISK_FULL);
      String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
          + "\"value\":{\"stringValue\":\"orders\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
          + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"op\","
          + "\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\",\"endTimeUnixNano\":"
          + "\"1700000000001000000\"}]}]}]}";
      AggregatedHttpResponse r = WebClient.of(h.endpoint()).prepare().post("/v1/traces")
          .content(MediaType.JSON, json).execute().aggregate().join();
      assertThat(r.status().code()).isEqualTo(503);
      assertThat(r.contentUtf8()).contains("storage unavailable: disk full", "google.rpc.RetryInfo")
          .doesNotContain("/var/lib");
    }
  }

  /** Writes to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
