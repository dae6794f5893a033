package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code target/pinscope.jar}) as a real process on the rocksdb engine, for process tests:
 * started on given ports with its output in a log file, returned once {@code /health} answers and the banner is
 * printed. {@link #close} kills what is still running.
 */
final class ServerProcess implements AutoCloseable {
  static final Path JAR = Path.of("target", "pinscope.jar");

  /** A started server: its process and log. */
  record Running(Process process, Path log) {
    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill9() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** SIGTERM: the graceful stop flushes statistics and closes the store. */
    void stop() throws InterruptedException, IOException {
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM; log:%n%s", output()).isTrue();
    }
  }

  private final Path dir;
  private final List<Process> started = new ArrayList<>();

  ServerProcess(Path dir) {
    this.dir = dir;
  }

  /** Starts the server on {@code data} with ports grpc, http, query, and waits until it is healthy. */
  Running start(Path data, int[] ports, String... extra) throws Exception {
    assertThat(JAR).as("packaged server jar (run mvn verify)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Files.createTempFile(dir, "server", ".log");
    List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString(), "--data-dir", data.toString(),
        "--bind", "127.0.0.1", "--grpc-port", Integer.toString(ports[0]), "--http-port", Integer.toString(ports[1]),
        "--query-port", Integer.toString(ports[2])));
    command.addAll(List.of(extra));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    WebClient health = WebClient.builder("http://127.0.0.1:" + ports[2]).responseTimeoutMillis(1_000).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // a deadline to poll to, not a budget
    while (true) {
      assertThat(p.isAlive()).as("server process alive; log:%n%s", Files.readString(log)).isTrue();
      try {
        if (health.get("/health").aggregate().join().status().code() == 200
            && Files.readString(log).contains("/health")) {
          break;
        }
      } catch (RuntimeException notYet) {
        // Not listening yet.
      }
      assertThat(System.nanoTime() < deadline).as("server healthy before the poll deadline; log:%n%s",
          Files.readString(log)).isTrue();
      Thread.sleep(20); // polling interval
    }
    return new Running(p, log);
  }

  @Override
  public void close() throws InterruptedException {
    // A failed assertion must not leave a server running past the test.
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
