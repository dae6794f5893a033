package io.pinscope.compat.agent;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Pinscope's agent extension costs a request. Forks {@link SampleApp} ({@code /front} calling
 * {@code /back} in the same process over HTTP, so every request makes two SERVER spans and one CLIENT span;
 * {@code ?quiet}, so {@code /back} does not echo the headers it got)
 * under (i) no agent, (ii) the stock OpenTelemetry Java agent, (iii) the agent with the extension, and drives
 * {@code /front} from this process with a fixed number of concurrent closed-loop clients: a warm-up, then the
 * measured requests. The agent exports OTLP/HTTP to a sink in this process that answers 200 and discards, so
 * span export is paid but no backend competes for the CPU. Modes run in alternating rounds. Prints
 * mean/p50/p99 latency, throughput and the overhead relative to the agent alone. A program, not a test; see
 * BENCHMARKS.md.
 */
public final class ExtensionOverheadBenchmark {
  private ExtensionOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requests = 20_000;
    int warmup = 10_000;
    int concurrency = 4;
    int rounds = 2;
    Path agent = Paths.get("compat-tests/target/agent/opentelemetry-javaagent.jar");
    Path extension = Paths.get("otel-extension/target/pinscope-otel-extension.jar");
    List<String> jvmArgs = new ArrayList<>();
    List<String> onlyModes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--agent" -> agent = Paths.get(args[++i]);
        case "--extension" -> extension = Paths.get(args[++i]);
        case "--jvm-arg" -> jvmArgs.add(args[++i]);
        case "--mode" -> onlyModes.add(args[++i]);
        default -> {
          System.err.println("usage: ExtensionOverheadBenchmark [--requests 20000] [--warmup 10000]"
              + " [--concurrency 4] [--rounds 2] [--agent <opentelemetry-javaagent.jar>]"
              + " [--extension <pinscope-otel-extension.jar>] [--jvm-arg <arg for the app JVM>]..."
              + " [--mode none|agent|extension]...");
          System.exit(2);
          return;
        }
      }
    }
    if (!Files.isRegularFile(agent)) {
      System.err.println("no agent jar at " + agent + " (build compat-tests first)");
      System.exit(1);
    }
    List<String> modes = new ArrayList<>(List.of("no agent", "agent", "agent + extension"));
    if (!Files.isRegularFile(extension)) {
      System.out.println("extension jar " + extension + " not found: measuring without it");
      modes.remove("agent + extension");
    }

    if (!onlyModes.isEmpty()) {
      modes.removeIf(m -> !onlyModes.contains(m.equals("no agent") ? "none"
          : m.equals("agent") ? "agent" : "extension"));
    }

    HttpServer sink = otlpSink();
    String endpoint = "http://127.0.0.1:" + sink.getAddress().getPort();
    System.out.printf(Locale.ROOT, "requests %,d after %,d warm-up, concurrency %d, %d rounds, JDK %s, %d CPUs%n",
        requests, warmup, concurrency, rounds, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    Map<String, List<long[]>> latencies = new LinkedHashMap<>();
    Map<String, List<Double>> throughputs = new LinkedHashMap<>();
    try {
      for (int round = 1; round <= rounds; round++) {
        for (String mode : modes) {
          Run run = runOnce(mode, agent, extension, jvmArgs, endpoint, warmup, requests, concurrency);
          latencies.computeIfAbsent(mode, m -> new ArrayList<>()).add(run.nanos);
          throughputs.computeIfAbsent(mode, m -> new ArrayList<>()).add(run.perSecond);
          System.out.printf(Locale.ROOT, "round %d %-18s %s%n", round, mode, summary(run.nanos, run.perSecond));
        }
      }
    } finally {
      sink.stop(0);
      ((ExecutorService) sink.getExecutor()).shutdownNow();
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s %12s %22s%n", "mode", "mean ms", "p50 ms", "p99 ms",
        "req/s", "mean vs agent alone");
    double agentMean = 0;
    for (String mode : modes) {
      if (!latencies.containsKey(mode)) {
        continue;
      }
      long[] all = concat(latencies.get(mode));
      double mean = mean(all);
      if (mode.equals("agent")) {
        agentMean = mean;
      }
      double rps = throughputs.get(mode).stream().mapToDouble(Double::doubleValue).average().orElse(0);
      String relative = mode.equals("agent + extension") && agentMean > 0
          ? String.format(Locale.ROOT, "%+.1f %% (%+.3f ms)", 100 * (mean - agentMean) / agentMean,
              (mean - agentMean) / 1e6)
          : "";
      System.out.printf(Locale.ROOT, "%-18s %10.3f %10.3f %10.3f %,12.0f %22s%n", mode, mean / 1e6,
          percentile(all, 50) / 1e6, percentile(all, 99) / 1e6, rps, relative);
    }
  }

  private record Run(long[] nanos, double perSecond) {}

  private static Run runOnce(String mode, Path agent, Path extension, List<String> jvmArgs, String endpoint,
      int warmup, int requests, int concurrency) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(jvmArgs);
    if (!mode.equals("no agent")) {
      cmd.add("-javaagent:" + agent.toAbsolutePath());
      if (mode.equals("agent + extension")) {
        cmd.add("-Dotel.javaagent.extensions=" + extension.toAbsolutePath());
      }
      cmd.add("-Dotel.service.name=sample-app");
      cmd.add("-Dotel.exporter.otlp.endpoint=" + endpoint);
      cmd.add("-Dotel.metric.export.interval=10000");
      cmd.add("-Dotel.logs.exporter=none");
    }
    cmd.add("-cp");
    cmd.add(Paths.get(SampleApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    cmd.add(SampleApp.class.getName());
    cmd.add("--threads");
    cmd.add(String.valueOf(Math.max(8, concurrency * 2)));
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      int port = awaitReady(process);
      URI front = URI.create("http://127.0.0.1:" + port + "/front?quiet");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      drive(client, front, warmup, concurrency, null);
      long[] nanos = new long[requests];
      long start = System.nanoTime();
      drive(client, front, requests, concurrency, nanos);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Run(nanos, requests / seconds);
    } finally {
      // SIGTERM first so shutdown hooks run (a JFR recording given with --jvm-arg is dumped on exit).
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Closed loop: {@code concurrency} threads take request numbers until {@code count} are done. */
  private static void drive(HttpClient client, URI uri, int count, int concurrency, long[] nanos) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        workers.add(CompletableFuture.runAsync(() -> {
          HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
          int i;
          while ((i = next.getAndIncrement()) < count) {
            long t0 = System.nanoTime();
            try {
              HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
              if (r.statusCode() != 200) {
                failures.incrementAndGet();
              }
            } catch (IOException e) {
              failures.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            if (nanos != null) {
              nanos[i] = System.nanoTime() - t0;
            }
          }
        }, pool));
      }
      CompletableFuture.allOf(workers.toArray(new CompletableFuture[0])).get();
    } finally {
      pool.shutdownNow();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + count + " requests failed");
    }
  }

  private static int awaitReady(Process process) throws Exception {
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (line.startsWith("READY ")) {
            ready.complete(Integer.parseInt(line.substring(6).trim()));
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IllegalStateException("sample app exited:\n" + output));
    }, "sample-app-output");
    reader.setDaemon(true);
    reader.start();
    return ready.get(60, TimeUnit.SECONDS);
  }

  /** Answers every OTLP/HTTP export with 200 and an empty (valid) protobuf response. */
  private static HttpServer otlpSink() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
    return server;
  }

  private static String summary(long[] nanos, double perSecond) {
    return String.format(Locale.ROOT, "mean %.3f ms  p50 %.3f ms  p99 %.3f ms  %,.0f req/s", mean(nanos) / 1e6,
        percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, perSecond);
  }

  private static long[] concat(List<long[]> runs) {
    return runs.stream().flatMapToLong(Arrays::stream).toArray();
  }

  private static double mean(long[] nanos) {
    return Arrays.stream(nanos).average().orElse(0);
  }

  private static double percentile(long[] nanos, double p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
