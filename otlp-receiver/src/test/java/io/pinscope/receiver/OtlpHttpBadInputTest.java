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
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.resource.v1.Resource;
import io.pinscope.model.TraceId;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every bad input gets its status and loses nothing already accepted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpHttpBadInputTest {
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");

  private ReceiverHarness harness;
  private WebClient client;
  private TraceId acceptedFirst;

  @BeforeAll
  void start() throws Exception {
    harness = ReceiverHarness.memory(ReceiverHarness.config().build());
    client = WebClient.builder(harness.endpoint()).maxResponseLength(0).responseTimeoutMillis(60_000).build();
    acceptedFirst = randomTraceId();
    AggregatedHttpResponse ok = post(PROTOBUF, "",
        request(resourceSpans(resource("orders"), List.of(span(acceptedFirst, randomSpanId(), "first").build())))
            .toByteArray());
    assertThat(ok.status().code()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    // Whatever came in between, the first accepted batch is still there.
    assertThat(harness.storage().traces().find(acceptedFirst).spans()).hasSize(1);
    harness.close();
  }

  private AggregatedHttpResponse post(MediaType type, String encoding, byte[] body) {
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, "/v1/traces").contentType(type);
    if (!encoding.isEmpty()) {
      headers.add(HttpHeaderNames.CONTENT_ENCODING, encoding);
    }
    return client.execute(HttpRequest.of(headers.build(), com.linecorp.armeria.common.HttpData.wrap(body)))
        .aggregate().join();
  }

  private static String statusMessage(AggregatedHttpResponse r) throws Exception {
    return Status.parseFrom(r.content().array()).getMessage();
  }

  @Test
  void emptyProtobufBody_isAnEmptyRequest_200() {
    AggregatedHttpResponse r = post(PROTOBUF, "", new byte[0]);
    assertThat(r.status().code()).isEqualTo(200);
  }

  @Test
  void emptyJsonBody_is400() {
    AggregatedHttpResponse r = post(MediaType.JSON_UTF_8, "", new byte[0]);
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(r.contentUtf8()).contains("empty JSON body");
  }

  @Test
  void garbageBytes_are400_withAReason() throws Exception {
    AggregatedHttpResponse r = post(PROTOBUF, "", new byte[] {(byte) 0xFF, 0x13, 0x37, 0x00, (byte) 0x8F});
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(statusMessage(r)).startsWith("invalid OTLP protobuf");
    assertThat(post(MediaType.JSON_UTF_8, "", "{not json".getBytes()).status().code()).isEqualTo(400);
  }

  @Test
  void wrongContentType_is415() {
    AggregatedHttpResponse r = post(MediaType.PLAIN_TEXT_UTF_8, "", "hello".getBytes());
    assertThat(r.status().code()).isEqualTo(415);
    assertThat(r.contentUtf8()).contains("expected: application/x-protobuf or application/json");
    assertThat(post(PROTOBUF, "br", new byte[] {1}).status().code()).isEqualTo(415);
  }

  @Test
  void bodyOver64MiB_is413() {
    AggregatedHttpResponse r = post(PROTOBUF, "", new byte[65 << 20]);
    assertThat(r.status().code()).isEqualTo(413);
  }

  /**
   * A declared length over the wire limit is refused by the server before the body is read: still a 413
   * with a status, counted, over HTTP/1.1 and HTTP/2.
   */
  @Test
  void declaredLengthOverTheLimit_is413_withAStatus_andCounted() throws Exception {
    for (String protocol : List.of("h1c", "h2c")) {
      long before = harness.metrics().counter("pinscope_receiver_requests_total", "signal", "traces",
          "transport", "http", "outcome", "too_large");
      HttpRequestWriter req = HttpRequest.streaming(RequestHeaders.builder(HttpMethod.POST, "/v1/traces")
          .contentType(PROTOBUF).contentLength(200L << 20).build());
      req.write(com.linecorp.armeria.common.HttpData.wrap(new byte[] {10, 0}));

      AggregatedHttpResponse r = WebClient.builder(protocol + "://127.0.0.1:" + harness.port()).build()
          .execute(req).aggregate().join();
      req.abort();

      assertThat(r.status().code()).as(protocol).isEqualTo(413);
      assertThat(statusMessage(r)).as(protocol).isEqualTo("request body: " + (200L << 20)
          + " bytes (expected: at most " + ((64L << 20) + (1 << 20)) + ")");
      Poll.until("the refusal counted", () -> harness.metrics().counter("pinscope_receiver_requests_total",
          "signal", "traces", "transport", "http", "outcome", "too_large") == before + 1);
    }
  }

  @Test
  void gzipBomb_is413_withoutInflatingIt() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 512; i++) { // 512 MiB of zeros, about half a MiB compressed
        gz.write(zeros);
      }
    }
    assertThat(compressed.size()).isLessThan(1 << 20);
    byte[] body = compressed.toByteArray();
    long allocatedBefore = allocatedByAllThreads();
    AggregatedHttpResponse r = post(PROTOBUF, "gzip", body);
    assertThat(r.status().code()).isEqualTo(413);
    assertThat(statusMessage(r)).contains("after decompression");
    // What the JVM allocated while the bomb was answered (every thread, the server's included), not the heap
    // in use, which other tests' garbage moves. Stopping at the 64 MiB limit allocates about twice that (a
    // doubling buffer); inflating the bomb would allocate its 512 MiB and more.
    assertThat(allocatedByAllThreads() - allocatedBefore).isLessThan(256L << 20);
    assertThat(post(PROTOBUF, "gzip", new byte[] {1, 2, 3}).status().code()).isEqualTo(400);
  }

  @Test
  void badSpansMixedWithGoodOnes_partialSuccess_goodOnesStored() throws Exception {
    TraceId good = randomTraceId();
    Resource noName = Resource.newBuilder().addAttributes(OtlpRequests.attr("host.name", "h")).build();
    byte[] body = request(
        resourceSpans(resource("payments"), List.of(
            span(good, randomSpanId(), "good-1").build(),
            span(good, randomSpanId(), "good-2").build(),
            span(good, randomSpanId(), "zero trace id").setTraceId(ByteString.copyFrom(new byte[16])).build(),
            span(good, randomSpanId(), "zero span id").setSpanId(ByteString.copyFrom(new byte[8])).build(),
            span(good, randomSpanId(), "end before start").setEndTimeUnixNano(OtlpRequests.T0 - 1).build())),
        resourceSpans(noName, List.of(span(good, randomSpanId(), "no service.name").build())))
        .toByteArray();

    AggregatedHttpResponse r = post(PROTOBUF, "", body);

    assertThat(r.status().code()).isEqualTo(200);
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.content().array());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(4);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .contains("invalid trace id", "invalid span id", "end before start", "missing service.name");
    assertThat(harness.storage().traces().find(good).spans()).extracting(s -> s.name())
        .containsExactlyInAnyOrder("good-1", "good-2");
    assertThat(harness.metrics().counter("pinscope_receiver_items_rejected_by_reason_total", "signal", "traces",
        "reason", "end before start")).isGreaterThanOrEqualTo(1);
  }

  /** Bytes allocated so far by the threads alive now (HotSpot's per-thread allocation counters). */
  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, allocated);
    }
    return sum;
  }
}
