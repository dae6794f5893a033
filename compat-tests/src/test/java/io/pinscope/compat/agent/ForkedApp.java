package io.pinscope.compat.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link SampleApp} forked in its own JVM under the stock OpenTelemetry Java agent (optionally with an
 * extension jar). Keeps the process output for failure messages; {@link #close} kills it and its
 * descendants.
 */
final class ForkedApp implements AutoCloseable {
  static final Path AGENT_JAR = Paths.get(System.getProperty("pinscope.javaagent.jar",
      "target/agent/opentelemetry-javaagent.jar")).toAbsolutePath();
  static final Path EXTENSION_JAR = Paths.get(System.getProperty("pinscope.extension.jar",
      "../otel-extension/target/pinscope-otel-extension.jar")).toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
  private final int port;

  private ForkedApp(Process process, Duration startTimeout) throws IOException {
    this.process = process;
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
          if (line.startsWith("READY ")) {
            ready.complete(Integer.parseInt(line.substring(6).trim()));
          }
        }
      } catch (IOException | RuntimeException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IllegalStateException("sample app exited before READY"));
    }, "forked-app-output");
    reader.setDaemon(true);
    reader.start();
    try {
      this.port = ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      kill();
      throw new IOException("sample app did not start: " + e + "\n" + output(), e);
    }
  }

  /**
   * Starts the sample app under the agent, exporting OTLP/HTTP to {@code otlpEndpoint}.
   *
   * @param extension whether to load {@link #EXTENSION_JAR}; it adds the {@code pinpoint} propagator to the
   *     default propagators itself, so none are configured here
   * @param extraProperties more {@code -D} system properties (override the defaults)
   */
  static ForkedApp start(String otlpEndpoint, boolean extension, Map<String, String> extraProperties)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-javaagent:" + AGENT_JAR);
    Map<String, String> props = new java.util.LinkedHashMap<>();
    if (extension) {
      props.put("otel.javaagent.extensions", EXTENSION_JAR.toString());
    }
    props.put("otel.service.name", "sample-app");
    props.put("otel.exporter.otlp.endpoint", otlpEndpoint);
    props.put("otel.metric.export.interval", "2000");
    props.put("otel.bsp.schedule.delay", "200");
    props.put("otel.logs.exporter", "none");
    props.putAll(extraProperties);
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(sampleAppClassPath());
    cmd.add(SampleApp.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // A deadline, not a budget: the agent instruments every class at start-up, and on a busy 2-core machine
    // (load 12 seen in CI) that took more than 30 s.
    return new ForkedApp(pb.start(), Duration.ofSeconds(120));
  }

  /** Where {@link SampleApp} was compiled (it needs nothing but the JDK). */
  static String sampleAppClassPath() {
    try {
      return Paths.get(SampleApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean extensionAvailable() {
    return Files.isRegularFile(EXTENSION_JAR);
  }

  int port() {
    return port;
  }

  /** When the process started (epoch ms), as the OS reports it. */
  long startMillis() {
    return process.info().startInstant().orElseThrow().toEpochMilli();
  }

  long pid() {
    return process.pid();
  }

  /** GET {@code path} on the app with the given request headers; returns the response body. */
  String get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(15)).GET();
    headers.forEach(b::header);
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " -> " + r.statusCode() + ": " + r.body() + "\n" + output());
    }
    return r.body();
  }

  String output() {
    return String.join("\n", output);
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
