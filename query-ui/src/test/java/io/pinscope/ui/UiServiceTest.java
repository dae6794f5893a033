package io.pinscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.pinscope.server.PinscopeServer;
import io.pinscope.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-in-one server serves the bundled UI (built into target/classes/ui by the Maven build) at /. */
class UiServiceTest {
  @TempDir
  Path dir;

  private PinscopeServer server;
  private WebClient client;

  @BeforeEach
  void start() {
    assumeTrue(UiServiceTest.class.getClassLoader().getResource("ui/index.html") != null,
        "UI bundle not built (-Dskip.ui=true)");
    server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory", "--data-dir",
        dir.toString(), "--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--query-port", "0"}, Map.of()));
    int[] ports = server.ports();
    client = WebClient.of("http://127.0.0.1:" + ports[ports.length - 1]);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void servesIndexAtRoot_andHashedAssetsWithLongCache() {
    AggregatedHttpResponse index = get("/");
    assertThat(index.status().code()).isEqualTo(200);
    assertThat(index.contentType().toString()).startsWith("text/html");
    assertThat(index.headers().get("cache-control")).isEqualTo("no-cache");
    assertThat(index.contentUtf8()).contains("<div id=\"root\">");

    Matcher script = Pattern.compile("assets/[\\w.-]+\\.js").matcher(index.contentUtf8());
    assertThat(script.find()).as("index.html references a script bundle").isTrue();
    AggregatedHttpResponse asset = get("/" + script.group());
    assertThat(asset.status().code()).isEqualTo(200);
    assertThat(asset.contentType().toString()).startsWith("text/javascript");
    assertThat(asset.headers().get("cache-control")).isEqualTo(UiService.IMMUTABLE);
    assertThat(asset.content().length()).isGreaterThan(1000);
  }

  @Test
  void clientRoutesFallBackToIndex_missingFilesAndApiPathsDoNot() {
    assertThat(get("/map").contentUtf8()).contains("<div id=\"root\">");
    assertThat(get("/transaction/abc").headers().get("cache-control")).isEqualTo("no-cache");
    assertThat(get("/assets/missing-0000.js").status().code()).isEqualTo(404);
    AggregatedHttpResponse api = get("/api/v1/no-such-thing");
    assertThat(api.status().code()).isEqualTo(404);
    assertThat(api.contentUtf8()).startsWith("{\"error\":");
  }

  @Test
  void otherRoutesStillWin() {
    AggregatedHttpResponse health = get("/health");
    assertThat(health.status().code()).isEqualTo(200);
    assertThat(health.contentUtf8()).contains("\"status\":\"UP\"");
  }

  private AggregatedHttpResponse get(String path) {
    return client.get(path).aggregate().join();
  }
}
