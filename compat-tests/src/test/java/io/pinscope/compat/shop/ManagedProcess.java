package io.pinscope.compat.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process that a test started: its whole output (stdout and stderr) goes to a log file that is kept
 * after the test, and {@link #close()} stops it and every process it started — gracefully first (SIGTERM,
 * so SDKs export what they hold), forcibly after {@link #STOP_GRACE}. Nothing a test starts outlives it.
 */
final class ManagedProcess implements AutoCloseable {
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} in {@code workDir} with this JVM's environment less every {@code OTEL_*}
   * variable (a stray one on the machine must not change what a test means), plus {@code env}.
   */
  static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
    pb.environment().putAll(env);
    Files.writeString(log, "", StandardCharsets.UTF_8);
    try {
      return new ManagedProcess(name, pb.start(), log);
    } catch (IOException e) {
      throw new IOException(name + ": cannot run " + command + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  Path logFile() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until something accepts TCP connections on 127.0.0.1:{@code port} (a bare connect: no request,
   * so no span is made), failing with the log if the process exits or {@code timeout} passes first.
   */
  void awaitListening(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before listening on port "
            + port + "; its log (" + log + "):\n" + tail(80));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " not listening on port " + port + " within " + timeout + "; its log ("
            + log + "):\n" + tail(80));
      }
      Thread.sleep(50);
    }
  }

  /** The whole log so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of the log. */
  String tail(int lines) {
    String[] all = log().split("\n", -1);
    int from = Math.max(0, all.length - lines);
    return (from > 0 ? "[... " + from + " lines before, see " + log + "]\n" : "")
        + String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
  }

  /** Asks the process to stop (SIGTERM) without waiting; {@link #close} waits. */
  void stop() {
    process.destroy();
  }

  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      // opentelemetry-instrument and the Node register hook run the app in the same process, but a wrapper
      // script may fork: whatever it started goes too.
      for (ProcessHandle child : descendants) {
        child.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
