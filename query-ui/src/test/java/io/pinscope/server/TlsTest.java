package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.model.TraceId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on every listener from PEM files: a self-signed certificate made here (the JDK's keytool), the OTel SDK's
 * exporter trusting it over gRPC and HTTP on both OTLP ports, the API and probes over HTTPS; plaintext and
 * clients that do not trust the certificate get nothing.
 */
class TlsTest {
  private static final char[] PASSWORD = "test-only".toCharArray();

  @TempDir
  Path dir;

  @Test
  void everyPortSpeaksTls_andTheSdkExporterTrustingTheCertificateIsStored() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    selfSigned(cert, key);
    byte[] pem = Files.readAllBytes(cert);
    try (PinscopeServer server = PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--bind", "127.0.0.1", "--query-bind", "127.0.0.1", "--grpc-port", "0", "--http-port", "0",
        "--query-port", "0", "--alarms", "false", "--tls-cert", cert.toString(), "--tls-key", key.toString()},
        Map.of()))) {
      int[] ports = server.ports();
      for (int port : List.of(ports[0], ports[1])) {
        for (boolean grpc : List.of(true, false)) {
          Optional<TraceId> id = SdkExport.span("https://127.0.0.1:" + port, grpc, pem, "tls-" + port);
          assertThat(id).as("OTLP/%s over TLS on port %d", grpc ? "gRPC" : "HTTP", port).isPresent();
          assertThat(server.storage().traces().find(id.get()).spans()).hasSize(1);
        }
      }
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(pem)).build();
      String query = "https://127.0.0.1:" + ports[2];
      HttpResponse<String> apps = trusting.send(HttpRequest.newBuilder(URI.create(query + "/api/v1/applications"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(apps.statusCode()).isEqualTo(200);
      assertThat(apps.body()).contains("\"tls-" + ports[0] + "\"", "\"tls-" + ports[1] + "\"");
      assertThat(trusting.send(HttpRequest.newBuilder(URI.create(query + "/ready")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(server.banner(1)).contains("UI         " + query + "/", "OTLP/gRPC  https://127.0.0.1:" + ports[0],
          "TLS        every port, certificate " + cert.toAbsolutePath());

      assertThat(SdkExport.span("http://127.0.0.1:" + ports[1], false, null, "plaintext")).as("plaintext").isEmpty();
      assertThat(SdkExport.span("https://127.0.0.1:" + ports[0], true, null, "untrusted")).as("untrusted").isEmpty();
      HttpClient plain = HttpClient.newHttpClient();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[2]
          + "/health")).build(), HttpResponse.BodyHandlers.ofString())).as("plaintext HTTP on the query port")
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(query + "/health")).build(),
          HttpResponse.BodyHandlers.ofString())).as("a client that does not trust the certificate")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void tlsNeedsBothFiles_readable() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    selfSigned(cert, key);
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--tls-cert", cert.toString()}, Map.of()))
        .hasMessage("tls-key: none (expected: a PEM file, with tls-cert " + cert + "; set both or neither)");
    assertThatThrownBy(() -> ServerConfig.parse(new String[] {"--tls-cert", cert.toString(), "--tls-key",
        dir.resolve("missing.pem").toString()}, Map.of()))
        .hasMessage("tls-key: " + dir.resolve("missing.pem") + " (expected: a readable PEM file)");
    Files.writeString(dir.resolve("garbage.pem"), "not a key");
    assertThatThrownBy(() -> PinscopeServer.start(ServerConfig.parse(new String[] {"--storage", "memory",
        "--grpc-port", "0", "--http-port", "0", "--query-port", "0", "--tls-cert", cert.toString(), "--tls-key",
        dir.resolve("garbage.pem").toString()}, Map.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be loaded")
        .hasMessageContaining("PKCS#8");
  }

  /** A self-signed EC certificate for 127.0.0.1 and localhost (keytool), written as PEM with its PKCS#8 key. */
  static void selfSigned(Path certPem, Path keyPem) throws Exception {
    Path store = Files.createTempFile(certPem.getParent(), "keystore", ".p12");
    Files.delete(store);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "pinscope", "-keyalg", "EC", "-groupname",
        "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool: %s", output).isEqualTo(0);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    Files.writeString(certPem, pem("CERTIFICATE", ks.getCertificate("pinscope").getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey("pinscope", PASSWORD).getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static SSLContext trusting(byte[] pem) throws Exception {
    Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("pinscope", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
