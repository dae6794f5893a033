package io.pinscope.compat.shop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinscope.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged all-in-one server ({@code java -jar query-ui/target/pinscope.jar}) as a process on free
 * loopback ports, and its public surface as the tests use it: the OTLP endpoints, the REST API and
 * {@code /metrics}. Nothing here reaches into the server's classes.
 */
public final class PinscopeProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final ManagedProcess process;
  private final int grpcPort;
  private final int httpPort;
  private final int queryPort;

  private PinscopeProcess(ManagedProcess process, int grpcPort, int httpPort, int queryPort) {
    this.process = process;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.queryPort = queryPort;
  }

  /** The packaged server jar ({@code pinscope.server.jar}, set by the module's failsafe configuration). */
  static Path jar() {
    return Paths.get(System.getProperty("pinscope.server.jar", "../query-ui/target/pinscope.jar"))
        .toAbsolutePath().normalize();
  }

  /**
   * Starts the server with in-memory storage and {@code extraArgs} (e.g. {@code --pairing-window-seconds 0}),
   * and waits until {@code /health} answers 200.
   */
  public static PinscopeProcess start(Path log, List<String> extraArgs) throws IOException, InterruptedException {
    Path jar = jar();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("packaged server not found at " + jar
          + " (package query-ui first, e.g. mvn -pl compat-tests -am verify)");
    }
    int[] ports = FreePorts.of(3);
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString(),
        "--storage", "memory", "--bind", "127.0.0.1", "--grpc-port", "" + ports[0], "--http-port", "" + ports[1],
        "--query-port", "" + ports[2]));
    command.addAll(extraArgs);
    ManagedProcess process = ManagedProcess.start("pinscope", command, Map.of(), jar.getParent(), log);
    PinscopeProcess pinscope = new PinscopeProcess(process, ports[0], ports[1], ports[2]);
    try {
      pinscope.awaitHealthy(Duration.ofSeconds(60));
    } catch (AssertionError | InterruptedException | RuntimeException e) {
      process.close();
      throw e;
    }
    return pinscope;
  }

  private void awaitHealthy(Duration timeout) throws InterruptedException {
    process.awaitListening(queryPort, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (get("/health").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Listening but not serving yet.
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("Pinscope not healthy within " + timeout + "; its log:\n" + process.tail(80));
      }
      Thread.sleep(100);
    }
  }

  ManagedProcess process() {
    return process;
  }

  /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} for SDKs sending OTLP/gRPC ({@code http://}: no TLS). */
  public String otlpGrpcEndpoint() {
    return "http://127.0.0.1:" + grpcPort;
  }

  /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} for SDKs sending OTLP/HTTP (they append {@code /v1/traces}). */
  public String otlpHttpEndpoint() {
    return "http://127.0.0.1:" + httpPort;
  }

  String queryBase() {
    return "http://127.0.0.1:" + queryPort;
  }

  /** GETs {@code pathAndQuery} on the query port and parses the JSON answer; anything but 200 fails. */
  public JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new IOException("GET " + pathAndQuery + " -> " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /**
   * The value of an unlabelled gauge or counter in {@code /metrics} (Prometheus text), or empty when the
   * server does not export it.
   */
  OptionalDouble metric(String name) throws IOException, InterruptedException {
    HttpResponse<String> r = get("/metrics");
    if (r.statusCode() != 200) {
      throw new IOException("GET /metrics -> " + r.statusCode() + ": " + r.body());
    }
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})?\\s+(\\S+)").matcher(r.body());
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
      found = true;
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(queryBase() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.close();
  }
}
