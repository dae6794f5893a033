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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code target/pinscope.jar}) as a real process on the rocksdb engine, for process tests:
 * started on given ports (bound to 127.0.0.1) with its output in a log file, returned once {@code /health} answers
 * and the banner is printed; or any other command ({@link #launch}, e.g. the distribution's {@code bin/pinscope}).
 * {@link #close} kills what is still running.
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

    /** Polls the log until {@code pattern} appears in it (while the process lives); the match. */
    Matcher awaitOutput(Pattern pattern) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos(); // a deadline to poll to, not a budget
      while (true) {
        String output = output();
        Matcher m = pattern.matcher(output);
        if (m.find()) {
          return m;
        }
        assertThat(process.isAlive() || pattern.matcher(output()).find()).as("process alive; log:%n%s", output)
            .isTrue();
        assertThat(System.nanoTime() < deadline).as("'%s' before the poll deadline; log:%n%s", pattern, output)
            .isTrue();
        Thread.sleep(20); // polling interval
      }
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
    List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString(), "--data-dir", data.toString(),
        "--bind", "127.0.0.1", "--query-bind", "127.0.0.1", "--grpc-port", Integer.toString(ports[0]),
        "--http-port", Integer.toString(ports[1]), "--query-port", Integer.toString(ports[2])));
    command.addAll(List.of(extra));
    Running running = launch(new ProcessBuilder(command));
    Process p = running.process();
    Path log = running.log();
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
    return running;
  }

  /** Starts {@code builder}'s process with its output in a new log file, killed by {@link #close}; no wait. */
  Running launch(ProcessBuilder builder) throws IOException {
    Path log = Files.createTempFile(dir, "server", ".log");
    Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
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
