package io.pinscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Static files cannot escape the UI root: a {@link UiService} over the test bundle {@code uitest/} (beside it
 * on the classpath: {@code secret.txt} and {@code uitest-private/key.txt}) on a live server, asked over a raw
 * socket (so that no client normalizes the path) with dot segments, percent-encoded dots and slashes,
 * backslashes and doubled slashes. No answer carries a secret; every one carries the security headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiServicePathTest {
  private static final List<String> ESCAPES = List.of(
      "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt",
      "/%2e%2e%2fsecret.txt", "/..%2Fuitest-private%2Fkey.txt", "/../uitest-private/key.txt",
      "/..\\secret.txt", "/assets\\..\\..\\secret.txt", "/%5c..%5csecret.txt", "/..%5csecret.txt",
      "//secret.txt", "/assets//../../secret.txt", "/%252e%252e/secret.txt", "/.%2e/secret.txt",
      "/%2e./uitest-private/key.txt", "/./../secret.txt", "/assets/./../../secret.txt", "/..%00/secret.txt",
      "/%c0%ae%c0%ae/secret.txt", "/..;/secret.txt", "/file:secret.txt", "/..%2f..%2f..%2f..%2fetc%2fpasswd",
      "/../../../../etc/passwd");

  private Server server;

  @BeforeAll
  void start() {
    server = Server.builder().port(new InetSocketAddress("127.0.0.1", 0), SessionProtocol.HTTP)
        .serviceUnder("/", new UiService(UiServicePathTest.class.getClassLoader(), "uitest")).build();
    server.start().join();
  }

  @AfterAll
  void stop() {
    server.stop().join();
  }

  @Test
  void filesInsideTheRoot_areServed_withTheSecurityHeaders() throws IOException {
    String asset = get("/assets/app.js");
    assertThat(asset).startsWith("HTTP/1.1 200").contains("console.log(\"app\")");
    assertThat(asset.toLowerCase()).contains("content-security-policy: default-src 'self'")
        .contains("x-content-type-options: nosniff");
    assertThat(get("/")).startsWith("HTTP/1.1 200").contains("<div id=\"root\">");
    // The secrets are on the classpath, so a traversal that got through would find them.
    assertThat(UiServicePathTest.class.getClassLoader().getResource("uitest/../secret.txt")).isNotNull();
  }

  @Test
  void pathsLeavingTheRoot_neverServeTheFileBehind() throws IOException {
    for (String path : ESCAPES) {
      String answer = get(path);
      assertThat(answer).as(path).doesNotContain("TOP-SECRET").doesNotContain("root:");
      assertThat(answer).as(path).matches("(?s)HTTP/1\\.1 (200|400|404) .*");
      if (answer.startsWith("HTTP/1.1 200")) { // an extension-less client route: the page, not a file
        assertThat(answer).as(path).contains("<div id=\"root\">");
      }
    }
  }

  @Test
  void insideRoot_acceptsBundleNamesOnly() {
    assertThat(UiService.insideRoot("assets/index-3f2a.js")).isTrue();
    assertThat(UiService.insideRoot("favicon.ico")).isTrue();
    for (String bad : List.of("../secret.txt", "assets/../../x.js", "./x.js", "assets//x.js", "/x.js",
        "assets\\..\\x.js", "..%2fx.js", "x.js\u0000.png", "file:x.js", "assets/", "")) {
      assertThat(UiService.insideRoot(bad)).as(bad).isFalse();
    }
  }

  /** The raw HTTP/1.1 answer (status line, headers, body) to {@code GET path}, sent byte for byte. */
  private String get(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.activeLocalPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
