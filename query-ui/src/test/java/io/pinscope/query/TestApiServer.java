package io.pinscope.query;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;

/**
 * The API tests' server: an Armeria server on a free 127.0.0.1 port with whatever services a test configures
 * (the query API, the receiver's OTLP routes), and a plain JDK client for it. Closing it stops the server.
 */
final class TestApiServer implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final Server server;
  private final HttpClient client = HttpClient.newHttpClient();

  private TestApiServer(Server server) {
    this.server = server;
  }

  /** Builds and starts a server with the services {@code configure} adds. */
  static TestApiServer start(Consumer<ServerBuilder> configure) {
    ServerBuilder sb = Server.builder().http(0);
    configure.accept(sb);
    Server server = sb.build();
    server.start().join();
    return new TestApiServer(server);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.activeLocalPort() + pathAndQuery);
  }

  /** {@code request} sent as it is, its body as text. */
  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A GET of {@code pathAndQuery}, whatever its status. */
  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).build());
  }

  /** A GET of {@code pathAndQuery} that must answer 200; its JSON body. */
  JsonNode ok(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery + " -> " + r.body()).isEqualTo(200);
    return MAPPER.readTree(r.body());
  }

  /** Posts {@code spans} of the java service {@code service} to the receiver's OTLP/HTTP route; must answer 200. */
  void sendSpans(String service, List<Span> spans) throws IOException, InterruptedException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(
        ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(text("service.name", service))
            .addAttributes(text("telemetry.sdk.language", "java")))
            .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/traces"))
        .header("content-type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** An OTLP span id holding {@code id}. */
  static ByteString spanId(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }

  /** An OTLP string attribute. */
  static KeyValue text(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
