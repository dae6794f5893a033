package io.pinscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.pinscope.server.PinscopeServer;
import io.pinscope.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end in one process: spans sent over OTLP/HTTP to the all-in-one server come back through the
 * query port as a server map (after the statistics flush) and as a trace.
 */
class QueryPipelineTest {
  @Test
  void spansThroughTheReceiver_showOnTheMapAndAsATrace() throws Exception {
    ServerConfig config = ServerConfig.parse(new String[] {"--storage", "memory", "--bind", "127.0.0.1",
        "--grpc-port", "0", "--http-port", "0", "--query-port", "0"}, Map.of());
    try (PinscopeServer server = PinscopeServer.start(config)) {
      int[] ports = server.ports();
      String traceId = send(ports[1]);
      server.receiver().flushStatistics();
      long now = System.currentTimeMillis();
      String range = "&from=" + (now - 3_600_000L) + "&to=" + (now + 60_000L);
      HttpClient client = HttpClient.newHttpClient();
      ObjectMapper mapper = new ObjectMapper();
      JsonNode map = mapper.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[2]
          + "/api/v1/servermap?application=front&outbound=2" + range)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      List<String> links = new ArrayList<>();
      map.get("links").forEach(l -> links.add(l.get("key").asText() + "=" + l.get("totalCount").asLong()));
      assertThat(links).containsExactlyInAnyOrder("front^USER~front^JAVA=1", "front^JAVA~back^JAVA=1",
          "back^JAVA~inventory^POSTGRESQL=1");

      HttpResponse<String> trace = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[2]
          + "/api/v1/traces/" + traceId)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(trace.statusCode()).isEqualTo(200);
      JsonNode t = mapper.readTree(trace.body());
      assertThat(t.get("spanCount").asInt()).isEqualTo(4);
      assertThat(t.get("callTree")).extracting(r -> r.get("depth").asInt()).containsExactly(0, 1, 2, 3);
      assertThat(t.get("map").get("links")).hasSize(3);
    }
  }

  /** front: SERVER root → CLIENT; back: SERVER (remote parent = that CLIENT) → postgresql CLIENT. */
  private static String send(int httpPort) throws Exception {
    SdkTracerProvider front = provider(httpPort, "front");
    SdkTracerProvider back = provider(httpPort, "back");
    Span root = front.get("t").spanBuilder("GET /buy").setSpanKind(SpanKind.SERVER).startSpan();
    Span call = front.get("t").spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(root))
        .setAttribute("server.address", "back").setAttribute("server.port", 8080L).startSpan();
    SpanContext remote = SpanContext.createFromRemoteParent(call.getSpanContext().getTraceId(),
        call.getSpanContext().getSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
    Span serve = back.get("t").spanBuilder("GET /stock").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(remote))).setAttribute("server.address", "back")
        .setAttribute("server.port", 8080L).startSpan();
    Span query = back.get("t").spanBuilder("SELECT").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(serve)).setAttribute("db.system", "postgresql")
        .setAttribute("db.namespace", "inventory").startSpan();
    query.end();
    serve.end();
    call.end();
    root.end();
    for (SdkTracerProvider p : List.of(front, back)) {
      assertThat(p.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
      p.close();
    }
    return root.getSpanContext().getTraceId();
  }

  private static SdkTracerProvider provider(int httpPort, String service) {
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + httpPort + "/v1/traces").build();
    return SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  }
}
