package io.pinscope.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.Status;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.pinscope.FreePorts;
import io.pinscope.server.PinscopeServer;
import io.pinscope.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live all-in-one server with {@code --auth-tokens}: OTLP over gRPC (the OTel SDK's exporter and Armeria's gRPC
 * client) and HTTP (protobuf and JSON) and the query API refuse a missing or wrong token (401 /
 * {@code UNAUTHENTICATED}) and a token of the wrong role (403 / {@code PERMISSION_DENIED}), store and answer with
 * the right one; a {@code read} token cannot change an alarm rule; the token file is re-read without a restart;
 * every refusal is counted in {@code /metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthServerTest {
  private static final String INGEST = "ingest-token-0123456789abcdef";
  private static final String READ = "read-token-0123456789abcdef";
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final Duration RELOAD_WAIT = Duration.ofSeconds(20);

  private Path tokens;
  private PinscopeServer server;
  private int grpcPort;
  private String otlp;
  private String query;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    tokens = dir.resolve("tokens");
    Files.writeString(tokens, file(INGEST, READ, ADMIN));
    int[] ports = FreePorts.of(3);
    server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory", "--bind", "127.0.0.1",
        "--grpc-port", "" + ports[0], "--http-port", "" + ports[1], "--query-port", "" + ports[2],
        "--auth-tokens", tokens.toString()}, Map.of()));
    grpcPort = ports[0];
    otlp = "http://127.0.0.1:" + ports[1];
    query = "http://127.0.0.1:" + ports[2];
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String file(String ingest, String read, String admin) {
    return "# role hash name\n"
        + "ingest " + TokenHash.of(ingest) + " test hosts\n\n"
        + "read " + TokenHash.of(read) + "\n"
        + "admin " + TokenHash.of(admin) + " the operator\n";
  }

  @Test
  void otlpGrpc_refusesAMissingOrWrongToken_andTheSdkExporterStoresWithTheIngestToken() {
    long missing = failures("otlp", "missing");
    long invalid = failures("otlp", "invalid");
    long forbidden = failures("otlp", "forbidden");
    assertThatThrownBy(() -> grpc(null).export(ExportTraceServiceRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).startsWith("missing token");
        });
    assertThatThrownBy(() -> grpc("not-a-listed-token-at-all").export(ExportTraceServiceRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).startsWith("invalid token");
        });
    assertThatThrownBy(() -> grpc(READ).export(ExportTraceServiceRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
          assertThat(e.getStatus().getDescription()).contains("role read").contains("expected: ingest");
        });
    assertThat(grpc(INGEST).export(ExportTraceServiceRequest.getDefaultInstance())).isNotNull();

    assertThat(sdkExport(null, "anonymous")).as("the SDK exporter without a token").isNull();
    String traceId = sdkExport(INGEST, "authorized");
    assertThat(traceId).as("the SDK exporter with the ingest token").isNotNull();
    AggregatedHttpResponse trace = api(HttpMethod.GET, "/api/v1/traces/" + traceId, READ, null);
    assertThat(trace.status().code()).as(trace.contentUtf8()).isEqualTo(200);
    assertThat(trace.contentUtf8()).contains("authorized");

    assertThat(failures("otlp", "missing") - missing).as("missing: the gRPC client and the SDK").isEqualTo(2);
    assertThat(failures("otlp", "invalid") - invalid).isEqualTo(1);
    assertThat(failures("otlp", "forbidden") - forbidden).isEqualTo(1);
  }

  @Test
  void otlpHttp_answers401WithAStatusInTheRequestsEncoding_403ForTheWrongRole_and200WithTheIngestToken()
      throws Exception {
    long missing = failures("otlp", "missing");
    byte[] body = ExportTraceServiceRequest.getDefaultInstance().toByteArray();

    AggregatedHttpResponse none = otlpPost(PROTOBUF, body, null);
    assertThat(none.status().code()).isEqualTo(401);
    assertThat(none.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(none.contentType()).isEqualTo(PROTOBUF);
    Status status = Status.parseFrom(none.content().array());
    assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.UNAUTHENTICATED_VALUE);
    assertThat(status.getMessage()).startsWith("missing token");

    AggregatedHttpResponse wrongJson = otlpPost(MediaType.JSON, "{}".getBytes(StandardCharsets.UTF_8), "wrong");
    assertThat(wrongJson.status().code()).isEqualTo(401);
    assertThat(wrongJson.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).contains("invalid_token");
    assertThat(wrongJson.contentType().isJson()).isTrue();
    assertThat(wrongJson.contentUtf8()).contains("\"code\":16").contains("invalid token");

    AggregatedHttpResponse admin = otlpPost(PROTOBUF, body, ADMIN);
    assertThat(admin.status().code()).as("admin grants no OTLP access").isEqualTo(403);
    assertThat(Status.parseFrom(admin.content().array()).getCode())
        .isEqualTo(com.google.rpc.Code.PERMISSION_DENIED_VALUE);

    assertThat(otlpPost(PROTOBUF, body, INGEST).status().code()).isEqualTo(200);
    assertThat(otlpPost(MediaType.JSON, "{}".getBytes(StandardCharsets.UTF_8), INGEST).status().code())
        .isEqualTo(200);
    assertThat(failures("otlp", "missing") - missing).isEqualTo(1);
  }

  @Test
  void api_needsAReadOrAdminToken_whileHealthMetricsAndTheUiStayOpen() {
    long missing = failures("query", "missing");
    long invalid = failures("query", "invalid");
    long forbidden = failures("query", "forbidden");
    AggregatedHttpResponse none = api(HttpMethod.GET, "/api/v1/applications", null, null);
    assertThat(none.status().code()).isEqualTo(401);
    assertThat(none.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"pinscope\"");
    assertThat(none.contentType().isJson()).isTrue();
    assertThat(none.contentUtf8()).startsWith("{\"error\":\"missing token");
    AggregatedHttpResponse wrong = api(HttpMethod.GET, "/api/v1/applications", READ + "x", null);
    assertThat(wrong.status().code()).isEqualTo(401);
    assertThat(wrong.contentUtf8()).startsWith("{\"error\":\"invalid token");
    assertThat(wrong.contentUtf8()).as("never echoes a token").doesNotContain(READ);
    AggregatedHttpResponse ingest = api(HttpMethod.GET, "/api/v1/applications", INGEST, null);
    assertThat(ingest.status().code()).as("ingest grants no API access").isEqualTo(403);
    assertThat(ingest.contentUtf8()).contains("role ingest");
    assertThat(api(HttpMethod.GET, "/api/v1/applications", READ, null).status().code()).isEqualTo(200);
    assertThat(api(HttpMethod.GET, "/api/v1/applications", ADMIN, null).status().code()).isEqualTo(200);

    WebClient open = WebClient.of(query);
    assertThat(open.get("/health").aggregate().join().status().code()).isEqualTo(200);
    assertThat(open.get("/metrics").aggregate().join().status().code()).isEqualTo(200);
    assertThat(open.get("/").aggregate().join().status().code()).as("the UI's page loads to show its login")
        .isIn(200, 404);
    assertThat(open.get("/").aggregate().join().status().code()).isNotEqualTo(401);

    assertThat(failures("query", "missing") - missing).isEqualTo(1);
    assertThat(failures("query", "invalid") - invalid).isEqualTo(1);
    assertThat(failures("query", "forbidden") - forbidden).isEqualTo(1);
  }

  @Test
  void aReadToken_cannotChangeAnAlarmRule_anAdminTokenCan() {
    String rule = """
        {"name": "shop errors", "application": "shop", "kind": "ERROR_RATE", "threshold": 5}""";
    AggregatedHttpResponse refused = api(HttpMethod.POST, "/api/v1/alarms/rules", READ, rule);
    assertThat(refused.status().code()).isEqualTo(403);
    assertThat(refused.contentUtf8()).contains("role read").contains("expected: admin");
    assertThat(api(HttpMethod.GET, "/api/v1/alarms/rules", READ, null).contentUtf8()).doesNotContain("shop errors");

    AggregatedHttpResponse created = api(HttpMethod.POST, "/api/v1/alarms/rules", ADMIN, rule);
    assertThat(created.status().code()).as(created.contentUtf8()).isEqualTo(201);
    Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.contentUtf8());
    assertThat(id.find()).isTrue();
    String path = "/api/v1/alarms/rules/" + id.group(1);
    assertThat(api(HttpMethod.PUT, path, READ, rule.replace("shop errors", "renamed")).status().code())
        .isEqualTo(403);
    assertThat(api(HttpMethod.DELETE, path, READ, null).status().code()).isEqualTo(403);
    assertThat(api(HttpMethod.DELETE, path, null, null).status().code()).isEqualTo(401);
    AggregatedHttpResponse kept = api(HttpMethod.GET, path, READ, null);
    assertThat(kept.status().code()).as("a read token reads the rule").isEqualTo(200);
    assertThat(kept.contentUtf8()).contains("shop errors");
    assertThat(api(HttpMethod.DELETE, path, ADMIN, null).status().code()).isEqualTo(204);
  }

  @Test
  void theTokenFile_isReReadWithoutARestart() throws Exception {
    String newRead = "a-new-read-token-fedcba9876543210";
    try {
      Files.writeString(tokens, file(INGEST, newRead, ADMIN));
      long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
      while (api(HttpMethod.GET, "/api/v1/applications", newRead, null).status().code() != 200) {
        assertThat(System.nanoTime()).as("the new token works before the deadline").isLessThan(deadline);
        Thread.sleep(50); // a poll interval, not a wait for the reload
      }
      assertThat(api(HttpMethod.GET, "/api/v1/applications", READ, null).status().code())
          .as("the removed token is refused").isEqualTo(401);
    } finally {
      Files.writeString(tokens, file(INGEST, READ, ADMIN));
      long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
      while (api(HttpMethod.GET, "/api/v1/applications", READ, null).status().code() != 200) {
        assertThat(System.nanoTime()).as("the old file is back before the deadline").isLessThan(deadline);
        Thread.sleep(50); // a poll interval, not a wait for the reload
      }
    }
  }

  @Test
  void theDemo_withAuthOn_sendsWithAnInProcessIngestToken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "read " + TokenHash.of(READ) + "\n"); // no ingest token in the file at all
    int[] ports = FreePorts.of(3);
    try (PinscopeServer demo = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--bind", "127.0.0.1", "--grpc-port", "" + ports[0], "--http-port", "" + ports[1], "--query-port",
        "" + ports[2], "--auth-tokens", file.toString(), "--demo"}, Map.of()))) {
      WebClient api = WebClient.of("http://127.0.0.1:" + ports[2]);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String apps = "";
      while (!apps.contains("\"name\"")) {
        assertThat(System.nanoTime()).as("demo applications listed before the deadline: " + apps).isLessThan(deadline);
        Thread.sleep(100); // a poll interval
        apps = api.execute(RequestHeaders.builder(HttpMethod.GET, "/api/v1/applications")
            .add(HttpHeaderNames.AUTHORIZATION, "Bearer " + READ).build()).aggregate().join().contentUtf8();
      }
      assertThat(api.get("/metrics").aggregate().join().contentUtf8()).as("the demo is never refused")
          .doesNotContain(Auth.FAILURES + "{listener=\"otlp\"");
    }
  }

  private TraceServiceGrpc.TraceServiceBlockingStub grpc(@Nullable String token) {
    var b = GrpcClients.builder("http://127.0.0.1:" + grpcPort);
    if (token != null) {
      b.addHeader(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    }
    return b.build(TraceServiceGrpc.TraceServiceBlockingStub.class);
  }

  /** Exports one span with the SDK's gRPC exporter; its trace id when acknowledged, else null. */
  private @Nullable String sdkExport(@Nullable String token, String service) {
    OtlpGrpcSpanExporterBuilder exporter = OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + grpcPort).setTimeout(Duration.ofSeconds(20));
    if (token != null) {
      exporter.addHeader("Authorization", "Bearer " + token);
    }
    try (SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter.build())).build()) {
      Span span = provider.get("auth-test").spanBuilder("GET /" + service).setSpanKind(SpanKind.SERVER).startSpan();
      span.end();
      boolean acknowledged = provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess();
      return acknowledged ? span.getSpanContext().getTraceId() : null;
    }
  }

  private AggregatedHttpResponse otlpPost(MediaType type, byte[] body, @Nullable String token) {
    RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.POST, "/v1/traces").contentType(type);
    if (token != null) {
      h.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    }
    return WebClient.of(otlp).execute(h.build(), body).aggregate().join();
  }

  private AggregatedHttpResponse api(HttpMethod method, String path, @Nullable String token, @Nullable String json) {
    var h = RequestHeaders.builder(method, path);
    if (token != null) {
      h.add(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    }
    if (json != null) {
      h.contentType(MediaType.JSON_UTF_8);
      return WebClient.of(query).execute(h.build(), json).aggregate().join();
    }
    return WebClient.of(query).execute(h.build()).aggregate().join();
  }

  /** The failure counter's value now, from {@code /metrics} (0 before the first such failure). */
  private long failures(String listener, String reason) {
    String text = WebClient.of(query).get("/metrics").aggregate().join().contentUtf8();
    Matcher m = Pattern.compile("^" + Pattern.quote(Auth.FAILURES + "{listener=\"" + listener + "\",reason=\""
        + reason + "\"}") + " (\\d+)$", Pattern.MULTILINE).matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
