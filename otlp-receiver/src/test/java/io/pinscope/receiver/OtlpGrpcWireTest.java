package io.pinscope.receiver;

import static io.pinscope.TestObjects.randomSpanId;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.receiver.OtlpRequests.request;
import static io.pinscope.receiver.OtlpRequests.resource;
import static io.pinscope.receiver.OtlpRequests.resourceSpans;
import static io.pinscope.receiver.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.Status;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.pinscope.model.TraceId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OTLP/gRPC {@code TraceService/Export} on the wire, as raw HTTP/2 and HTTP/1.1 calls: what gRPC clients read
 * (content type, one framed response, trailers; trailers-only errors with percent-encoded messages and
 * status details), the message encodings, every lie about the frame, {@code grpc-timeout}, and the other
 * gRPC formats left to the gRPC service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpGrpcWireTest {
  private static final String EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static final String INFLIGHT = "pinscope_receiver_inflight_bytes";

  private ReceiverHarness harness;

  @BeforeAll
  void start() {
    // Long request and idle timeouts, so that only grpc-timeout can end a stalled call early.
    harness = ReceiverHarness.memory(ReceiverHarness.config().requestTimeout(Duration.ofSeconds(60))
        .uploadIdleTimeout(Duration.ofSeconds(60)).build());
  }

  @AfterAll
  void stop() {
    harness.close();
  }

  private WebClient client(String protocol) {
    return WebClient.builder(protocol + "://127.0.0.1:" + harness.port()).responseTimeoutMillis(30_000).build();
  }

  private static byte[] frame(int flag, byte[] message) {
    return ByteBuffer.allocate(5 + message.length).put((byte) flag).putInt(message.length).put(message).array();
  }

  private static RequestHeaders headers(String contentType, String... more) {
    RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.POST, EXPORT)
        .contentType(MediaType.parse(contentType)).add(HttpHeaderNames.TE, "trailers");
    for (int i = 0; i < more.length; i += 2) {
      h.add(more[i], more[i + 1]);
    }
    return h.build();
  }

  private AggregatedHttpResponse call(String protocol, byte[] body, String... headers) {
    return client(protocol).execute(HttpRequest.of(headers("application/grpc", headers), HttpData.wrap(body)))
        .aggregate().join();
  }

  private static byte[] oneTrace(TraceId traceId, String name) {
    return request(resourceSpans(resource("orders"), List.of(span(traceId, randomSpanId(), name).build())))
        .toByteArray();
  }

  private long requests(String outcome) {
    return harness.metrics().counter("pinscope_receiver_requests_total", "signal", "traces",
        "transport", "grpc", "outcome", outcome);
  }

  /** The status of a trailers-only answer: code, then the decoded message. */
  private static String trailersOnly(AggregatedHttpResponse r) throws Exception {
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.content().isEmpty()).isTrue();
    assertThat(r.headers().get("grpc-accept-encoding")).contains("gzip");
    Status details = Status.parseFrom(Base64.getDecoder().decode(r.headers().get("grpc-status-details-bin")));
    assertThat(Integer.toString(details.getCode())).isEqualTo(r.headers().get("grpc-status"));
    return r.headers().get("grpc-status") + " " + details.getMessage();
  }

  @Test
  void export_answersAsGrpcClientsExpect_overHttp2AndHttp1() throws Exception {
    for (String protocol : List.of("h2c", "h1c")) {
      TraceId traceId = randomTraceId();
      AggregatedHttpResponse r = call(protocol, frame(0, oneTrace(traceId, protocol)));

      assertThat(r.status().code()).isEqualTo(200);
      assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/grpc");
      assertThat(r.headers().get("grpc-encoding")).isEqualTo("identity");
      assertThat(r.headers().get("grpc-accept-encoding")).isEqualTo("gzip");
      assertThat(r.headers().get("grpc-status")).as("not trailers-only").isNull();
      assertThat(r.trailers().get("grpc-status")).isEqualTo("0");
      byte[] body = r.content().array();
      assertThat(body).hasSize(5).startsWith(0, 0, 0, 0, 0); // an empty response: no partial_success
      assertThat(harness.storage().traces().find(traceId).spans()).extracting(s -> s.name())
          .containsExactly(protocol);
    }
  }

  @Test
  void rejectedSpans_answerAFramedPartialSuccess() throws Exception {
    TraceId traceId = randomTraceId();
    byte[] message = request(resourceSpans(resource("orders"), List.of(
        span(traceId, randomSpanId(), "good").build(),
        span(traceId, randomSpanId(), "bad").setSpanId(ByteString.copyFrom(new byte[8])).build()))).toByteArray();

    AggregatedHttpResponse r = call("h2c", frame(0, message));

    assertThat(r.trailers().get("grpc-status")).isEqualTo("0");
    byte[] body = r.content().array();
    assertThat(body[0]).isZero();
    assertThat(ByteBuffer.wrap(body, 1, 4).getInt()).isEqualTo(body.length - 5);
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(Arrays.copyOfRange(body, 5, body.length));
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).contains("invalid span id");
  }

  @Test
  void gzipMessages_areInflated_andAnUncompressedOneStillPasses() throws Exception {
    TraceId zipped = randomTraceId();
    TraceId plain = randomTraceId();
    assertThat(call("h2c", frame(1, OtlpMutator.gzip(oneTrace(zipped, "zipped"))), "grpc-encoding", "gzip")
        .trailers().get("grpc-status")).isEqualTo("0");
    assertThat(call("h2c", frame(0, oneTrace(plain, "plain")), "grpc-encoding", "gzip")
        .trailers().get("grpc-status")).isEqualTo("0");
    assertThat(harness.storage().traces().find(zipped).spans()).hasSize(1);
    assertThat(harness.storage().traces().find(plain).spans()).hasSize(1);
  }

  @Test
  void unknownEncoding_isUnimplemented_withTheAcceptedOnes_percentEncoded() throws Exception {
    AggregatedHttpResponse r = call("h2c", frame(1, new byte[] {1}), "grpc-encoding", "snappy 100%");
    assertThat(trailersOnly(r)).isEqualTo("12 grpc-encoding: snappy 100% (expected: gzip or identity)");
    assertThat(r.headers().get("grpc-message")).isEqualTo("grpc-encoding: snappy 100%25 (expected: gzip or identity)");
  }

  @Test
  void everyLieAboutTheFrame_isInvalidArgument_trailersOnly_andReleasesItsBytes() throws Exception {
    byte[] message = oneTrace(randomTraceId(), "never stored");
    byte[] good = frame(0, message);
    byte[] twoMessages = ByteBuffer.allocate(good.length * 2).put(good).put(good).array();
    byte[] longer = good.clone();
    ByteBuffer.wrap(longer).putInt(1, message.length + 10);
    byte[] shorter = good.clone();
    ByteBuffer.wrap(shorter).putInt(1, message.length - 10);
    assertThat(trailersOnly(call("h2c", new byte[] {0, 0, 0}))).startsWith("3 truncated gRPC frame: 3 bytes");
    assertThat(trailersOnly(call("h2c", new byte[0]))).startsWith("3 truncated gRPC frame: 0 bytes");
    assertThat(trailersOnly(call("h2c", frame(7, message)))).startsWith("3 gRPC compressed flag: 7");
    assertThat(trailersOnly(call("h2c", frame(1, message)))).startsWith("3 compressed gRPC message without");
    assertThat(trailersOnly(call("h2c", frame(1, message), "grpc-encoding", "identity")))
        .startsWith("3 compressed gRPC message without");
    assertThat(trailersOnly(call("h2c", longer))).startsWith("3 gRPC message length: " + (message.length + 10));
    assertThat(trailersOnly(call("h2c", shorter))).contains("one message per export");
    assertThat(trailersOnly(call("h2c", twoMessages))).contains("one message per export");
    assertThat(trailersOnly(call("h1c", twoMessages))).contains("one message per export");
    assertThat(trailersOnly(call("h2c", frame(0, "not protobuf".getBytes(StandardCharsets.UTF_8)))))
        .startsWith("3 invalid OTLP protobuf");
    assertThat(trailersOnly(call("h2c", frame(1, new byte[] {1, 2, 3}), "grpc-encoding", "gzip")))
        .startsWith("3 corrupt gzip body");
    Poll.until("every call's bytes released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
    assertThat(requests("bad_request")).isGreaterThanOrEqualTo(11);
  }

  @Test
  void stalledCall_endsAtItsGrpcTimeout_asDeadlineExceeded() throws Exception {
    long timeoutsBefore = requests("timeout");
    HttpRequestWriter req = HttpRequest.streaming(headers("application/grpc", "grpc-timeout", "300m"));
    req.write(HttpData.wrap(new byte[] {0, 0, 0, 0, 100, 1, 2})); // 100 bytes announced, 2 sent, then nothing
    AggregatedHttpResponse r = client("h2c").execute(req).aggregate().join();
    String status = r.headers().get("grpc-status", r.trailers().get("grpc-status", "none"));
    assertThat(status).isEqualTo("4");
    assertThat(r.headers().get("grpc-message", "")).contains("timed out");
    Poll.until("the timeout counted", () -> requests("timeout") == timeoutsBefore + 1);
    Poll.until("the stalled call's bytes released", () -> Poll.gauge(harness.metrics(), INFLIGHT) == 0);
    req.abort();
  }

  @Test
  void grpcWeb_isLeftToTheGrpcService() throws Exception {
    TraceId traceId = randomTraceId();
    AggregatedHttpResponse r = client("h2c").execute(HttpRequest.of(headers("application/grpc-web+proto"),
        HttpData.wrap(frame(0, oneTrace(traceId, "web"))))).aggregate().join();
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/grpc-web");
    assertThat(harness.storage().traces().find(traceId).spans()).hasSize(1);
  }

  /**
   * A logs export larger than Armeria's default request limit (10 MiB) but within the receiver's own, with
   * its length declared: the gRPC service must see it (and answer in gRPC), not the server's early rejection
   * answer a bare HTTP 413.
   */
  @Test
  void largeLogsExport_withItsLengthDeclared_isAnsweredInGrpc() throws Exception {
    byte[] message = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(resource("orders")).addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
            .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
            .setBody(AnyValue.newBuilder().setStringValue("x".repeat(11 << 20)))))).build().toByteArray();
    byte[] body = frame(0, message);
    RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST,
            "/opentelemetry.proto.collector.logs.v1.LogsService/Export")
        .contentType(MediaType.parse("application/grpc")).add(HttpHeaderNames.TE, "trailers")
        .contentLength(body.length).build();

    AggregatedHttpResponse r = client("h2c").execute(HttpRequest.of(headers, HttpData.wrap(body))).aggregate().join();

    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.headers().get("grpc-status", r.trailers().get("grpc-status", "none"))).isEqualTo("0");
  }

  /** A declared length over the receiver's own limit: RESOURCE_EXHAUSTED in gRPC's terms, on every method. */
  @Test
  void declaredLengthOverTheLimit_isResourceExhausted_inGrpc() throws Exception {
    for (String path : List.of(EXPORT, "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
        "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export")) {
      RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
          .contentType(MediaType.parse("application/grpc")).add(HttpHeaderNames.TE, "trailers")
          .contentLength(200L << 20).build();
      HttpRequestWriter req = HttpRequest.streaming(headers);
      req.write(HttpData.wrap(new byte[] {0, 12, 0, 0, 0}));

      AggregatedHttpResponse r = client("h2c").execute(req).aggregate().join();
      req.abort();

      assertThat(r.status().code()).as(path).isEqualTo(200);
      assertThat(r.headers().get("grpc-status", r.trailers().get("grpc-status", "none"))).as(path).isEqualTo("8");
    }
  }
}
