package io.pinscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pinscope.FreePorts;
import io.pinscope.model.TraceId;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import io.pinscope.storage.testing.Tmpfs;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged server on a full disk: its data directory on a 300 MiB tmpfs the test mounts (skipped, saying
 * why, only when mounting is impossible). Clients retrying every 10 ms fill it: they get 503s, never 500s,
 * the process lives, and storage faults are logged once per state change. Freeing space (deleting a filler
 * file) lets ingest resume by itself (polled with a 3-minute deadline: RocksDB's own recovery, when one of its
 * writes failed, took over 60 s once on a loaded 2-core machine and never came in some runs, which is why the store
 * checks the free space before every write; the time it takes is a benchmark's business, not this test's). The server then stops cleanly and restarts with
 * the disk still nearly full, and every acknowledged span is readable.
 */
class ITDiskFullProcess {
  private static final long MIB = 1 << 20;
  private static final int CLIENTS = 8;
  private static final int SPANS_PER_TRACE = 20;

  private static Tmpfs tmpfs;
  private static Path mount;

  private ServerProcess servers;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void mountTmpfs() throws Exception {
    tmpfs = Tmpfs.mount("pinscope-it-diskfull", 300);
    mount = tmpfs.path();
  }

  @AfterAll
  static void unmount() throws Exception {
    if (tmpfs != null) {
      tmpfs.close();
    }
  }

  @BeforeEach
  void servers() {
    // Logs beside the mount, not on it: the disk fills.
    servers = new ServerProcess(mount.getParent());
  }

  @AfterEach
  void killLeftovers() throws InterruptedException {
    servers.close();
  }

  @Test
  void fullDisk_503sThenResumesByItself_stopsAndRestartsNearlyFull_keepsAcknowledgedSpans() throws Exception {
    Path data = mount.resolve("data");
    Path filler = mount.resolve("filler.bin");
    int[] ports = FreePorts.of(3);
    ServerProcess.Running first = start(data, ports);
    Process server = first.process();
    Path log1 = first.log();

    // Leave about 40 MiB beside the server's files (its 64 MiB reserve included), then ingest until full.
    Tmpfs.fill(filler, Files.getFileStore(mount).getUsableSpace() - 40 * MIB);
    Load load = new Load(ports[1]);
    load.start();
    try {
      poll(() -> load.refused.get() >= 200, Duration.ofMinutes(3), "503s from the full disk", log1);
      assertThat(server.isAlive()).as("server alive on the full disk").isTrue();
      assertThat(load.otherStatuses).as("answers other than 200 and 503").isEmpty();
      assertThat(load.lastRefusal.get()).contains("\"message\":\"storage unavailable: disk full\"")
          .doesNotContain("/tmp", "Exception");
      String ready = get(ports[2], "/ready");
      assertThat(ready).contains("NOT_READY", "disk full").doesNotContain("/");

      // Space returns: ingest resumes by itself, whatever the clients do (they keep retrying every 10 ms).
      Files.delete(filler);
      long acceptedBefore = load.accepted.get();
      poll(() -> load.accepted.get() > acceptedBefore + 10, Duration.ofMinutes(3),
          "ingest to resume after space returned", log1);

      // Again, the disk filled at once under the running load (the store's check before each write refuses
      // it; RocksDB's own flushes may fail too), then freed.
      Path burst = mount.resolve("burst.bin");
      long refusedBefore = load.refused.get();
      fillToTheBrim(burst);
      poll(() -> load.refused.get() >= refusedBefore + 100, Duration.ofMinutes(2), "503s after the burst", log1);
      assertThat(server.isAlive()).as("server alive on the full disk").isTrue();
      Files.delete(burst);
      long acceptedAgain = load.accepted.get();
      poll(() -> load.accepted.get() > acceptedAgain + 10, Duration.ofMinutes(3),
          "ingest to resume after space returned after the burst", log1);
    } finally {
      load.stop();
    }
    assertThat(load.otherStatuses).as("answers other than 200 and 503").isEmpty();
    String output = Files.readString(log1);
    long failing = count(output, "storage writes failing");
    long recovered = count(output, "storage writes recovered");
    long traces = count(output, "\tat ");
    System.out.printf("disk full: %d traces acknowledged, %d requests refused with 503; log: %d 'failing', "
        + "%d 'recovered', %d stack frames%n", load.acked.size(), load.refused.get(), failing, recovered, traces);
    // Two faults, each logged once when it starts and once when it ends (a fault may flap once at its edge).
    assertThat(failing).as("'storage writes failing' logged once per state change").isBetween(2L, 4L);
    assertThat(recovered).as("'storage writes recovered' logged once per state change").isBetween(2L, 4L);
    assertThat(traces).as("stack frames in the log (first failure only, not one per request)")
        .isLessThan(load.refused.get());

    // Nearly full again (about 20 MiB left): a clean stop and a restart must both succeed.
    Tmpfs.fill(filler, Files.getFileStore(mount).getUsableSpace() - 20 * MIB);
    server.destroy(); // SIGTERM: graceful stop closes the store
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("clean stop on a nearly full disk").isTrue();
    assertThat(server.exitValue()).as("exit code of the clean stop; log:%n%s", Files.readString(log1)).isZero();

    ServerProcess.Running second = start(data, ports);
    Process restarted = second.process();
    Path log2 = second.log();
    assertThat(get(ports[2], "/health")).contains("UP");
    restarted.destroy();
    assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).as("second clean stop").isTrue();

    Files.delete(filler);
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(data).build())) {
      List<TraceId> missing = load.acked.stream()
          .filter(t -> storage.traces().find(t).spans().size() != SPANS_PER_TRACE).toList();
      assertThat(missing).as("acknowledged traces not (fully) readable after the restart").isEmpty();
    }
    assertThat(load.acked).isNotEmpty();
    // Kept beside the mount only while something failed (the failure messages quote them).
    Files.deleteIfExists(log1);
    Files.deleteIfExists(log2);
  }

  /** Clients sending one trace per request, retrying a refused request every 10 ms until it is accepted. */
  private final class Load {
    final int port;
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final java.util.concurrent.atomic.AtomicReference<String> lastRefusal =
        new java.util.concurrent.atomic.AtomicReference<>("");
    final ConcurrentLinkedQueue<TraceId> acked = new ConcurrentLinkedQueue<>();
    final Map<Integer, String> otherStatuses = new ConcurrentHashMap<>();
    final List<Thread> threads = new ArrayList<>();

    Load(int port) {
      this.port = port;
    }

    void start() {
      for (int i = 0; i < CLIENTS; i++) {
        Random random = new Random(i);
        Thread t = new Thread(() -> run(random), "disk-full-client-" + i);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    }

    private void run(Random random) {
      while (running.get()) {
        byte[] traceId = new byte[16];
        random.nextBytes(traceId);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(trace(traceId, random))).build();
        while (running.get()) {
          int status;
          String body;
          try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
          } catch (IOException | InterruptedException e) {
            otherStatuses.put(-1, e.toString());
            return;
          }
          if (status == 200) {
            accepted.incrementAndGet();
            acked.add(TraceId.fromBytes(traceId));
            break;
          }
          if (status == 503) {
            refused.incrementAndGet();
            lastRefusal.set(body);
          } else {
            otherStatuses.put(status, body);
          }
          try {
            Thread.sleep(10); // the client's retry interval, not synchronisation
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** One trace of {@link #SPANS_PER_TRACE} spans in OTLP/JSON, each with 2 KiB of random text. */
  private static String trace(byte[] traceId, Random random) {
    HexFormat hex = HexFormat.of();
    long now = System.currentTimeMillis() * 1_000_000L;
    StringBuilder spans = new StringBuilder();
    for (int i = 0; i < SPANS_PER_TRACE; i++) {
      byte[] spanId = new byte[8];
      random.nextBytes(spanId);
      byte[] payload = new byte[1024];
      random.nextBytes(payload);
      if (i > 0) {
        spans.append(',');
      }
      spans.append("{\"traceId\":\"").append(hex.formatHex(traceId)).append("\",\"spanId\":\"")
          .append(hex.formatHex(spanId)).append("\",\"name\":\"op").append(i).append("\",\"kind\":2,")
          .append("\"startTimeUnixNano\":\"").append(now).append("\",\"endTimeUnixNano\":\"").append(now + 1_000_000)
          .append("\",\"attributes\":[{\"key\":\"payload\",\"value\":{\"stringValue\":\"")
          .append(hex.formatHex(payload)).append("\"}}]}");
    }
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        + "{\"stringValue\":\"diskfull\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"it\"},\"spans\":[" + spans
        + "]}]}]}";
  }

  private ServerProcess.Running start(Path data, int[] ports) throws Exception {
    return servers.start(data, ports, "--alarms", "false", "--min-free-disk-mib", "32");
  }

  private String get(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void poll(BooleanSupplier condition, Duration timeout, String what, Path log)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos(); // a deadline to poll to, not an asserted duration
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what + "; log:\n" + read(log));
      }
      Thread.sleep(20);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static long count(String text, String needle) {
    long n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }


  /**
   * Writes zeros to {@code file} until the file system has no space left. The free space is not measured
   * afterwards: the server frees its reserve file the moment it sees the disk full, so it is whatever the race
   * left; the write's own error says the disk was full.
   */
  private static void fillToTheBrim(Path file) throws IOException {
    byte[] chunk = new byte[(int) MIB];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      assertThat(full).as("why filling stopped").hasMessageContaining("No space left on device");
    }
  }

}
