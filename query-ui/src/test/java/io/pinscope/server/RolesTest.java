package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.FreePorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each role binds and answers only what it serves: query has no OTLP port, collector no query API (its query port
 * serves the probes only).
 */
class RolesTest {
  @Test
  void query_answersTheApiUiHealthAndMetrics_andHasNoOtlpPort() {
    int[] ports = FreePorts.of(3);
    try (PinscopeServer server = start("query", ports)) {
      assertThat(server.ports()).containsExactly(ports[2]);
      WebClient query = WebClient.of("http://127.0.0.1:" + ports[2]);
      AggregatedHttpResponse apps = query.get("/api/v1/applications").aggregate().join();
      assertThat(apps.status().code()).isEqualTo(200);
      assertThat(apps.contentType()).isEqualTo(MediaType.JSON_UTF_8);
      String ui = query.get("/").aggregate().join().contentUtf8(); // the UI's service: the page, or why not
      assertThat(ui).satisfiesAnyOf(p -> assertThat(p).contains("<html"),
          p -> assertThat(p).contains("The web UI is not in this build"));
      assertThat(query.get("/health").aggregate().join().contentUtf8()).contains("\"role\":\"query\"");
      assertThat(query.get("/metrics").aggregate().join().status().code()).isEqualTo(200);
      assertThat(query.post("/v1/traces", new byte[0]).aggregate().join().status().code())
          .as("no OTLP on the query port").isEqualTo(404);
      assertRefused(ports[0]);
      assertRefused(ports[1]);
      assertThatThrownBy(server::receiver).hasMessage("role query runs no OTLP receiver");
      assertThat(server.backgroundTasks()).containsExactly("metric-rollups", "alarms");
    }
  }

  @Test
  void collector_ingestsOtlp_andServesOnlyTheProbesOnItsQueryPort() {
    int[] ports = FreePorts.of(3);
    try (PinscopeServer server = start("collector", ports)) {
      assertThat(server.ports()).containsExactly(ports[0], ports[1], ports[2]);
      WebClient otlp = WebClient.of("http://127.0.0.1:" + ports[1]);
      List<String> ids = new ArrayList<>();
      assertThat(otlp.prepare().post("/v1/traces").content(MediaType.create("application", "x-protobuf"),
              BrowserFixture.request("orders", List.of(BrowserFixture.span(BrowserFixture.newTraceId(ids), 1, 0,
                  "GET /orders", Span.SpanKind.SPAN_KIND_SERVER, System.currentTimeMillis() * 1_000_000L, 5, false,
                  0).build())).toByteArray()).execute().aggregate().join().status().code()).isEqualTo(200);
      assertThat(otlp.get("/api/v1/applications").aggregate().join().status().code()).isEqualTo(404);
      assertThat(otlp.get("/").aggregate().join().contentUtf8()).doesNotContain("web UI");
      assertThat(otlp.get("/health").aggregate().join().status().code()).as("probes on the query port").isEqualTo(404);
      WebClient query = WebClient.of("http://127.0.0.1:" + ports[2]);
      assertThat(query.get("/health").aggregate().join().contentUtf8()).contains("\"role\":\"collector\"");
      assertThat(query.get("/ready").aggregate().join().status().code()).isEqualTo(200);
      assertThat(query.get("/metrics").aggregate().join().contentUtf8()).contains("pinscope_receiver_inflight_bytes");
      AggregatedHttpResponse api = query.get("/api/v1/applications").aggregate().join();
      assertThat(api.status().code()).isEqualTo(404);
      assertThat(api.contentUtf8()).contains(WrongPort.PROBES_ONLY);
      assertThat(query.get("/").aggregate().join().status().code()).as("no UI").isEqualTo(404);
      assertThat(server.backgroundTasks()).as("collectors keep no background tasks").isEmpty();
    }
  }

  @Test
  void allInOne_runsTheBackgroundTasks_unlessAlarmsAreOff() {
    try (PinscopeServer server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--query-port", "0"}, Map.of()))) {
      assertThat(server.ports()).hasSize(3);
      assertThat(server.backgroundTasks()).containsExactly("metric-rollups", "alarms");
    }
    try (PinscopeServer server = PinscopeServer.start(ServerConfig.parse(new String[] {"--role", "query",
        "--storage", "memory", "--bind", "127.0.0.1", "--query-port", "0", "--alarms", "false"}, Map.of()))) {
      assertThat(server.backgroundTasks()).containsExactly("metric-rollups");
    }
  }

  private static PinscopeServer start(String role, int[] ports) {
    return PinscopeServer.start(ServerConfig.parse(new String[] {"--role", role, "--storage", "memory", "--bind",
        "127.0.0.1", "--grpc-port", "" + ports[0], "--http-port", "" + ports[1], "--query-port", "" + ports[2]},
        Map.of()));
  }

  private static void assertRefused(int port) {
    assertThatThrownBy(() -> WebClient.of("http://127.0.0.1:" + port).get("/health").aggregate().join())
        .as("nothing listens on %d", port).hasCauseInstanceOf(UnprocessedRequestException.class);
  }
}
