package io.pinscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import io.pinscope.server.PinscopeServer;
import io.pinscope.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one server's UI and API answers (pages, files, JSON, errors, unknown API paths, non-GET calls)
 * all carry the Content-Security-Policy and nosniff headers, with or without the UI bundle in the build.
 */
class SecurityHeadersTest {
  @TempDir
  Path dir;

  @Test
  void uiAndApiAnswers_carryThePolicy() {
    PinscopeServer server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--data-dir", dir.toString(), "--bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0",
        "--query-port", "0"}, Map.of()));
    try {
      int[] ports = server.ports();
      WebClient client = WebClient.of("http://127.0.0.1:" + ports[ports.length - 1]);
      for (String path : List.of("/", "/map", "/assets/missing.js", "/api/v1/applications",
          "/api/v1/servermap?application=none&from=0&to=1", "/api/v1/servermap?limit=oops", "/api/v1/no-such")) {
        assertHeaders(path, client.get(path).aggregate().join());
      }
      assertHeaders("DELETE /api/v1/applications",
          client.execute(com.linecorp.armeria.common.HttpRequest.of(HttpMethod.DELETE, "/api/v1/applications"))
              .aggregate().join());
      assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).startsWith("default-src 'self';")
          .contains("script-src 'self';", "object-src 'none'", "frame-ancestors 'none'").doesNotContain("unsafe");
    } finally {
      server.close();
    }
  }

  private static void assertHeaders(String what, AggregatedHttpResponse r) {
    assertThat(r.headers().get("content-security-policy")).as(what + " (HTTP " + r.status().code() + ")")
        .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
    assertThat(r.headers().get("x-content-type-options")).as(what).isEqualTo("nosniff");
  }
}
