package io.pinscope.receiver;

import static io.pinscope.TestObjects.randomSpanId;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.receiver.OtlpRequests.request;
import static io.pinscope.receiver.OtlpRequests.resource;
import static io.pinscope.receiver.OtlpRequests.resourceSpans;
import static io.pinscope.receiver.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.pinscope.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Admission before the body: with an in-flight budget of 1 MiB, an upload holds its bytes from its
 * headers until it ends in any way; a request that does not fit waits, body unread, for room, and is refused
 * from its headers (HTTP and gRPC) when none comes within the admission wait, a body without a length is cut off when the budget runs out, a stalled upload times out as
 * {@code timeout} (never {@code storage_failed}) and gives its bytes back.
 */
class OtlpAdmissionTest {
  private static final int BUDGET = 1 << 20;
  private static final int HELD = 900 * 1024;
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String INFLIGHT = "pinscope_receiver_inflight_bytes";

  /** Requests that do not fit wait 200 ms for room (the holders here hold longer), then are refused. */
  private static ReceiverConfig.Builder config() {
    return ReceiverHarness.config().inFlightBudgetBytes(BUDGET).admissionWait(Duration.ofMillis(200));
  }

  /** A raw upload that declared {@link #HELD} bytes, sent 1 KiB of them and stalls. */
  private static RawHttp holdBudget(ReceiverHarness harness) throws Exception {
    RawHttp holder = new RawHttp(harness.port()).post("/v1/traces", "Content-Type", PROTOBUF,
        "Content-Length", Integer.toString(HELD)).body(1024);
    Poll.until("the upload's declared bytes counted in flight",
        () -> Poll.gauge(harness.metrics(), INFLIGHT) == HELD);
    return holder;
  }

  private static long requests(ReceiverHarness h, String transport, String outcome) {
    return h.metrics().counter("pinscope_receiver_requests_total", "signal", "traces", "transport", transport,
        "outcome", outcome);
  }

  private static byte[] oneSpan() {
    TraceId t = randomTraceId();
    return request(resourceSpans(resource("orders"), List.of(span(t, randomSpanId(), "op").build()))).toByteArray();
  }

  @Test
  void contentLengthThatDoesNotFit_isRefusedFromTheHeaders_andTheUploadIsCountedUntilItEnds() throws Exception {
    try (ReceiverHarness harness = ReceiverHarness.memory(config().build())) {
      RawHttp holder = holdBudget(harness);

      // Headers only: the answer comes although not one byte of the body was sent.
      try (RawHttp refused = new RawHttp(harness.port())) {
        RawHttp.Response r = refused.post("/v1/traces", "Content-Type", PROTOBUF,
            "Content-Length", Integer.toString(512 * 1024)).response();
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsEntry("retry-after", "1");
        assertThat(Status.parseFrom(r.body()).getMessage()).contains("receiver busy");
      }
      assertThat(requests(harness, "http", "overloaded")).isEqualTo(1);

      // The unfinished upload gives its bytes back when its client goes away.
      holder.close();
      Poll.until("the aborted upload's bytes released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
      AggregatedHttpResponse ok = WebClient.of(harness.endpoint()).prepare().post("/v1/traces")
          .content(MediaType.create("application", "x-protobuf"), oneSpan()).execute().aggregate().join();
      assertThat(ok.status().code()).isEqualTo(200);
      assertThat(requests(harness, "http", "storage_failed")).isZero();
    }
  }

  @Test
  void requestThatDoesNotFit_waitsWithItsBodyUnread_andIsStoredWhenRoomFrees() throws Exception {
    try (ReceiverHarness harness = ReceiverHarness.memory(config().admissionWait(Duration.ofMinutes(1)).build())) {
      RawHttp holder = holdBudget(harness);
      TraceId trace = randomTraceId();
      byte[] big = request(resourceSpans(resource("x".repeat(300 * 1024)),
          List.of(span(trace, randomSpanId(), "op").build()))).toByteArray();
      CompletableFuture<AggregatedHttpResponse> waiting = WebClient.builder(harness.endpoint())
          .responseTimeoutMillis(0).build().prepare().post("/v1/traces")
          .content(MediaType.create("application", "x-protobuf"), big).execute().aggregate();
      Poll.until("the request waiting for room",
          () -> Poll.gauge(harness.metrics(), "pinscope_receiver_admission_waiting") == 1);
      assertThat(Poll.gauge(harness.metrics(), INFLIGHT)).as("a waiting request reserves nothing")
          .isEqualTo(HELD);
      assertThat(waiting).isNotDone();

      holder.close();
      assertThat(waiting.get(60, TimeUnit.SECONDS).status().code()).isEqualTo(200);
      assertThat(harness.storage().traces().find(trace).spans()).hasSize(1);
      assertThat(requests(harness, "http", "overloaded")).isZero();
      Poll.until("everything released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
    }
  }

  @Test
  void requestWhoseClientLeavesWhileWaiting_leavesTheLine() throws Exception {
    try (ReceiverHarness harness = ReceiverHarness.memory(config().admissionWait(Duration.ofMinutes(1)).build())) {
      RawHttp holder = holdBudget(harness);
      try (RawHttp leaving = new RawHttp(harness.port())) {
        leaving.post("/v1/traces", "Content-Type", PROTOBUF, "Content-Length", Integer.toString(512 * 1024));
        Poll.until("the request waiting for room",
            () -> Poll.gauge(harness.metrics(), "pinscope_receiver_admission_waiting") == 1);
      }
      Poll.until("the request gone from the line",
          () -> Poll.gauge(harness.metrics(), "pinscope_receiver_admission_waiting") == 0);
      holder.close();
      Poll.until("everything released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
    }
  }

  @Test
  void bodyWithoutLength_reservesAsItArrives_andIsCutOffWhenTheBudgetRunsOut() throws Exception {
    try (ReceiverHarness harness = ReceiverHarness.memory(config().build())) {
      RawHttp holder = holdBudget(harness);
      WebClient h1 = WebClient.builder("h1c://127.0.0.1:" + harness.port()).responseTimeoutMillis(60_000).build();
      HttpRequestWriter upload = HttpRequest.streaming(RequestHeaders.builder(HttpMethod.POST, "/v1/traces")
          .contentType(MediaType.create("application", "x-protobuf")).build());
      CompletableFuture<AggregatedHttpResponse> response = h1.execute(upload).aggregate();
      // 64 KiB fits beside the held 900 KiB; the growth past 128 KiB does not.
      for (int i = 0; i < 8 && !response.isDone(); i++) {
        upload.tryWrite(HttpData.wrap(new byte[64 * 1024]));
      }
      AggregatedHttpResponse cut = response.get(60, TimeUnit.SECONDS);
      upload.abort();
      assertThat(cut.status().code()).isEqualTo(503);
      assertThat(cut.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
      assertThat(Status.parseFrom(cut.content().array()).getMessage()).contains("receiver busy");
      Poll.until("the cut-off body's bytes released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == HELD);
      holder.close();
      Poll.until("everything released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
    }
  }

  @Test
  void stalledUpload_timesOut_countedAsTimeout_neverAsStorageFailure() throws Exception {
    ReceiverConfig c = config().requestTimeout(Duration.ofMillis(500)).build();
    try (ReceiverHarness harness = ReceiverHarness.memory(c);
        RawHttp slow = new RawHttp(harness.port())) {
      slow.post("/v1/traces", "Content-Type", PROTOBUF, "Content-Length", "100000").body(10);
      RawHttp.Response r = slow.response();
      assertThat(r.status()).isIn(408, 503);
      Poll.until("the timeout counted", () -> requests(harness, "http", "timeout") == 1);
      Poll.until("the stalled upload's bytes released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
      assertThat(requests(harness, "http", "storage_failed")).isZero();
    }
  }

  @Test
  void uploadThatStopsSending_isCutOffAfterTheIdleTimeout_longBeforeTheRequestTimeout() throws Exception {
    ReceiverConfig c = config().requestTimeout(Duration.ofMinutes(10)).uploadIdleTimeout(Duration.ofMillis(300))
        .build();
    try (ReceiverHarness harness = ReceiverHarness.memory(c);
        RawHttp stalled = new RawHttp(harness.port())) {
      // Declares most of the budget, sends 1 KiB of it, then nothing: it must not hold the budget for 10 min.
      RawHttp.Response r = stalled.post("/v1/traces", "Content-Type", PROTOBUF,
          "Content-Length", Integer.toString(HELD)).body(1024).response();
      assertThat(r.status()).isEqualTo(408);
      assertThat(Status.parseFrom(r.body()).getMessage()).contains("no request body byte for 300 ms");
      Poll.until("the stalled upload's bytes released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
      assertThat(requests(harness, "http", "timeout")).isEqualTo(1);
      AggregatedHttpResponse ok = WebClient.of(harness.endpoint()).prepare().post("/v1/traces")
          .content(MediaType.create("application", "x-protobuf"), oneSpan()).execute().aggregate().join();
      assertThat(ok.status().code()).isEqualTo(200);
    }
  }

  @Test
  void stalledGrpcCall_timesOut_countedAsTimeout_neverAsStorageFailure() throws Exception {
    ReceiverConfig c = config().requestTimeout(Duration.ofMillis(500)).build();
    try (ReceiverHarness harness = ReceiverHarness.memory(c);
        RawHttp slow = new RawHttp(harness.port())) {
      // The frame header announces 100 bytes; 2 arrive, then nothing.
      slow.post("/opentelemetry.proto.collector.trace.v1.TraceService/Export", "Content-Type", "application/grpc",
          "TE", "trailers", "Transfer-Encoding", "chunked").chunk(new byte[] {0, 0, 0, 0, 100, 1, 2});
      Poll.until("the timeout counted", () -> requests(harness, "grpc", "timeout") == 1);
      Poll.until("the stalled call's bytes released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
      assertThat(requests(harness, "grpc", "storage_failed")).isZero();
    }
  }

  @Test
  void grpc_isAdmittedBeforeDecoding_fromItsLengthOrItsFrameHeader() throws Exception {
    try (ReceiverHarness harness = ReceiverHarness.memory(config().build())) {
      RawHttp holder = holdBudget(harness);
      TraceServiceGrpc.TraceServiceBlockingStub stub =
          GrpcClients.newClient(harness.endpoint(), TraceServiceGrpc.TraceServiceBlockingStub.class);
      ExportTraceServiceRequest big = ExportTraceServiceRequest.newBuilder(ExportTraceServiceRequest.parseFrom(
          oneSpan())).addResourceSpans(resourceSpans(resource("x".repeat(300 * 1024)), List.of())).build();
      StatusRuntimeException busy = null;
      try {
        stub.export(big);
      } catch (StatusRuntimeException e) {
        busy = e;
      }
      assertThat(busy).as("refused").isNotNull();
      assertThat(busy.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
      assertThat(busy.getStatus().getDescription()).contains("receiver busy");
      assertThat(retryDelaySeconds(StatusProto.fromThrowable(busy))).isEqualTo(1);

      // No length: the 5-byte frame header announces 300 KiB, which does not fit; the message itself (not
      // even valid protobuf) never arrives, and the call is refused anyway.
      String grpcStatus;
      int length = 300 * 1024;
      try (RawHttp call = new RawHttp(harness.port())) {
        RawHttp.Response r = call.post("/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            "Content-Type", "application/grpc", "TE", "trailers", "Transfer-Encoding", "chunked")
            .chunk(new byte[] {0, (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length, 1, 2, 3})
            .response();
        assertThat(r.status()).isEqualTo(200);
        grpcStatus = r.headers().getOrDefault("grpc-status", "");
      }
      assertThat(grpcStatus).isEqualTo("14");
      assertThat(requests(harness, "grpc", "overloaded")).isEqualTo(2);

      holder.close();
      Poll.until("everything released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
      assertThat(stub.export(big)).isNotNull();
      assertThat(requests(harness, "grpc", "ok")).isEqualTo(1);
    }
  }

  @Test
  void invalidJson_saysWhatAndWhere_withoutNamingTheParser() throws Exception {
    try (ReceiverHarness harness = ReceiverHarness.memory(config().build())) {
      WebClient client = WebClient.of(harness.endpoint());
      for (String json : List.of("{\"resourceSpans\": [{\"resource\": ", "{\"resourceSpans\": [}", "{'a' b}")) {
        AggregatedHttpResponse r = client.prepare().post("/v1/traces")
            .content(MediaType.JSON_UTF_8, json.getBytes(StandardCharsets.UTF_8)).execute().aggregate().join();
        assertThat(r.status().code()).as(json).isEqualTo(400);
        String message = r.contentUtf8();
        assertThat(message).as(json).contains("invalid OTLP JSON").contains("line").contains("column")
            .doesNotContainIgnoringCase("gson").doesNotContain("Exception").doesNotContain("com.google")
            .doesNotContain("http");
      }
    }
  }

  static long retryDelaySeconds(Status status) throws Exception {
    for (Any any : status.getDetailsList()) {
      if (any.is(RetryInfo.class)) {
        return any.unpack(RetryInfo.class).getRetryDelay().getSeconds();
      }
    }
    throw new AssertionError("no RetryInfo in " + status);
  }
}
