package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.model.TraceId;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners by purpose: OTLP (both transports) on both OTLP ports and nowhere else; the API, UI and probes on the
 * query port only; the banner names the bound ports; a stop drains requests in flight and refuses new ones.
 */
class ListenersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");

  private PinscopeServer server;
  private int grpc;
  private int http;
  private int query;

  @BeforeEach
  void start() {
    server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory", "--bind", "127.0.0.1",
        "--query-bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--query-port", "0",
        "--shutdown-timeout-seconds", "1", "--alarms", "false"}, Map.of()));
    int[] ports = server.ports();
    assertThat(ports).hasSize(3).doesNotContain(0).doesNotHaveDuplicates();
    grpc = ports[0];
    http = ports[1];
    query = ports[2];
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void otlpPorts_takeBothTransports_andNothingElse() throws Exception {
    for (int port : List.of(grpc, http)) {
      for (boolean overGrpc : List.of(true, false)) {
        Optional<TraceId> id = SdkExport.span("http://127.0.0.1:" + port, overGrpc, null, "listeners");
        assertThat(id).as("OTLP/%s on port %d", overGrpc ? "gRPC" : "HTTP", port).isPresent();
        assertThat(server.storage().traces().find(id.get()).spans()).hasSize(1);
      }
      WebClient otlp = WebClient.of("http://127.0.0.1:" + port);
      for (String path : List.of("/api/v1/applications", "/", "/health", "/ready", "/metrics", "/map")) {
        AggregatedHttpResponse r = otlp.get(path).aggregate().join();
        assertThat(r.status().code()).as("GET %s on OTLP port %d", path, port).isEqualTo(404);
        assertThat(JSON.readTree(r.contentUtf8()).get("error").asText())
            .isEqualTo(path + ": " + WrongPort.OTLP_ONLY);
      }
    }
  }

  @Test
  void queryPort_servesApiUiAndProbes_andRefusesOtlp() throws Exception {
    WebClient q = WebClient.of("http://127.0.0.1:" + query);
    assertThat(q.get("/api/v1/applications").aggregate().join().status().code()).isEqualTo(200);
    assertThat(q.get("/health").aggregate().join().contentUtf8()).contains("\"status\":\"UP\"");
    AggregatedHttpResponse ready = q.get("/ready").aggregate().join();
    assertThat(ready.status().code()).isEqualTo(200);
    JsonNode readyBody = JSON.readTree(ready.contentUtf8());
    assertThat(readyBody.get("status").asText()).isEqualTo("READY");
    assertThat(readyBody.get("checks").isObject()).isTrue();
    assertThat(q.get("/metrics").aggregate().join().contentUtf8()).contains("pinscope_receiver_inflight_bytes");

    for (boolean overGrpc : List.of(true, false)) {
      assertThat(SdkExport.span("http://127.0.0.1:" + query, overGrpc, null, "wrong-port"))
          .as("OTLP/%s refused on the query port", overGrpc ? "gRPC" : "HTTP").isEmpty();
    }
    AggregatedHttpResponse grpcExport = q.prepare().post("/opentelemetry.proto.collector.trace.v1.TraceService/Export")
        .content(MediaType.parse("application/grpc"), new byte[5]).execute().aggregate().join();
    assertThat(grpcExport.headers().get("grpc-status")).as("UNIMPLEMENTED").isEqualTo("12");
    assertThat(grpcExport.headers().get("grpc-message")).contains(WrongPort.NO_OTLP);
    AggregatedHttpResponse post = q.prepare().post("/v1/traces").content(PROTOBUF, otlpRequest().toByteArray())
        .execute().aggregate().join();
    assertThat(post.status().code()).isEqualTo(404);
    assertThat(JSON.readTree(post.contentUtf8()).get("error").asText()).isEqualTo("/v1/traces: " + WrongPort.NO_OTLP);
    assertThat(server.storage().applications().applications()).as("nothing stored").isEmpty();
  }

  @Test
  void banner_namesTheBoundPorts() {
    assertThat(server.banner(1)).contains("OTLP/gRPC  http://127.0.0.1:" + grpc + "\n",
        "OTLP/HTTP  http://127.0.0.1:" + http + "/v1/traces", "UI         http://127.0.0.1:" + query + "/\n",
        "health     http://127.0.0.1:" + query + "/health  http://127.0.0.1:" + query + "/ready")
        .doesNotContain(":0/", ":0\n", "TLS");
  }

  @Test
  void stop_refusesNewRequests_andLetsThoseInFlightFinish() throws Exception {
    byte[] body = otlpRequest().toByteArray();
    try (Socket upload = new Socket("127.0.0.1", http)) {
      // An export whose body is half sent: in flight until the rest arrives.
      OutputStream out = upload.getOutputStream();
      out.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      awaitInFlight(1);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      WebClient otlp = WebClient.of("http://127.0.0.1:" + http);
      WebClient q = WebClient.of("http://127.0.0.1:" + query);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (q.get("/ready").aggregate().join().status().code() != 503) {
        assertThat(System.nanoTime()).as("/ready turns NOT_READY before the poll deadline").isLessThan(deadline);
        Thread.sleep(10);
      }
      assertThat(q.get("/ready").aggregate().join().contentUtf8()).contains("\"reason\":\"stopping\"");
      AggregatedHttpResponse refused = otlp.prepare().post("/v1/traces").content(PROTOBUF, body).execute()
          .aggregate().join();
      assertThat(refused.status().code()).isEqualTo(503);
      assertThat(refused.headers().get("retry-after")).isEqualTo("1");
      // In OTLP's terms: a google.rpc.Status in the request's encoding, UNAVAILABLE with RetryInfo.
      assertThat(refused.contentType()).isEqualTo(PROTOBUF);
      com.google.rpc.Status status = com.google.rpc.Status.parseFrom(refused.content().array());
      assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.UNAVAILABLE_VALUE);
      assertThat(status.getMessage()).isEqualTo("server stopping");
      assertThat(status.getDetailsList()).anyMatch(d -> d.is(com.google.rpc.RetryInfo.class));
      AggregatedHttpResponse refusedJson = otlp.prepare().post("/v1/logs").content(MediaType.JSON_UTF_8, "{}")
          .execute().aggregate().join();
      assertThat(refusedJson.status().code()).isEqualTo(503);
      assertThat(JSON.readTree(refusedJson.contentUtf8()).get("code").asInt()).isEqualTo(14);
      io.grpc.StatusRuntimeException grpcRefused = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> com.linecorp.armeria.client.grpc.GrpcClients.newClient("http://127.0.0.1:" + grpc,
              io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc.TraceServiceBlockingStub.class)
              .export(otlpRequest()), io.grpc.StatusRuntimeException.class);
      assertThat(grpcRefused.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
      assertThat(grpcRefused.getStatus().getDescription()).isEqualTo("server stopping");
      assertThat(q.get("/api/v1/applications").aggregate().join().status().code()).isEqualTo(503);
      assertThat(closing).as("waits for the request in flight").isNotDone();

      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      assertThat(statusLine(upload.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
      closing.join();
    }
  }

  @Test
  void stop_cutsRequestsStillInFlightAfterTheTimeout() throws Exception {
    try (Socket upload = new Socket("127.0.0.1", http)) {
      upload.getOutputStream().write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
          + "application/x-protobuf\r\nContent-Length: 1000\r\n\r\nxx").getBytes(StandardCharsets.US_ASCII));
      upload.getOutputStream().flush();
      awaitInFlight(1);
      server.close(); // --shutdown-timeout-seconds 1: returns although the upload never completes
      assertThat(upload.getInputStream().read()).as("connection closed").isEqualTo(-1);
    }
  }

  private void awaitInFlight(int n) throws InterruptedException {
    StopGate gate = server.gate();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (gate.inFlight() < n) {
      assertThat(System.nanoTime()).as("%d request(s) in flight before the poll deadline", n).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static String statusLine(InputStream in) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
      b.append((char) c);
    }
    return b.toString();
  }

  private static io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest otlpRequest() {
    List<String> ids = new ArrayList<>();
    return BrowserFixture.request("orders", List.of(BrowserFixture.span(BrowserFixture.newTraceId(ids), 1, 0,
        "GET /orders", Span.SpanKind.SPAN_KIND_SERVER, System.currentTimeMillis() * 1_000_000L, 5, false, 0).build()));
  }
}
