package io.pinscope.compat.w3c;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link TraceContextTestService} forked under the stock OpenTelemetry Java agent, with or without
 * Pinscope's extension, exporting nothing: the suite reads only the headers the service sends, and the
 * extension's sampler and propagator run whether or not spans are exported. Its output goes to a log file.
 */
final class TracedService implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("(?m)^READY (\\d+)$");

  private final String name;
  private final Process process;
  private final Path log;
  private int port = -1;

  private TracedService(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the service; {@link #awaitReady} waits for it.
   *
   * @param extensionJar the extension to load with {@code otel.javaagent.extensions}, or null for the agent alone
   */
  static TracedService start(String name, Path agentJar, @Nullable Path extensionJar, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-javaagent:" + agentJar));
    if (extensionJar != null) {
      command.add("-Dotel.javaagent.extensions=" + extensionJar);
    }
    command.addAll(List.of("-Dotel.service.name=w3c-test-service", "-Dotel.traces.exporter=none",
        "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-cp", classes(),
        TraceContextTestService.class.getName()));
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // A stray OTEL_* variable on the machine (a propagator list, a sampler) must not change what is compared.
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
    return new TracedService(name, pb.start(), log);
  }

  /** Where {@link TraceContextTestService} was compiled (it needs nothing but the JDK and the module's classes). */
  private static String classes() {
    try {
      return Paths.get(TraceContextTestService.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for {@code READY <port>} in the log, failing with the log if the process exits or time runs out. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (port < 0) {
      Matcher ready = READY.matcher(log());
      if (ready.find()) {
        port = Integer.parseInt(ready.group(1));
      } else if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(name + (process.isAlive() ? " not ready within " + timeout : " exited")
            + "; its log (" + log + "):\n" + log());
      } else {
        Thread.sleep(100);
      }
    }
  }

  /** The suite's service endpoint, {@code http://127.0.0.1:<port>/test}. */
  URI endpoint() {
    if (port < 0) {
      throw new IllegalStateException(name + " is not ready");
    }
    return URI.create("http://127.0.0.1:" + port + "/test");
  }

  String name() {
    return name;
  }

  Path logFile() {
    return log;
  }

  private String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
