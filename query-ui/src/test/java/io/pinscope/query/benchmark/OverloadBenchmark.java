package io.pinscope.query.benchmark;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pinscope.receiver.OtlpReceiver;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import com.linecorp.armeria.common.util.EventLoopGroups;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Overload and admission on the real receiver over rocksdb, in one process (not a test; figures go to
 * BENCHMARKS.md). Modes:
 *
 * <ul>
 *   <li>{@code throughput [budgetMiB] [seconds]}: (a) 4 clients sending back to back, then (b) 64 clients
 *       that retry every 10 ms when refused; spans acknowledged per second in each, and the refusals.
 *   <li>{@code rss [budgetMiB]}: 100 uploads that declare 60 MiB, send up to 59 MiB and stall; the
 *       process's RSS and the in-flight gauge before, during and after.
 * </ul>
 *
 * Clients speak HTTP/1.1 (as the OTel SDK's HTTP exporter does) over loopback; they share the machine's
 * cores with the server.
 */
public final class OverloadBenchmark {
  private static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
  private static final int SPANS_PER_REQUEST = 2000;
  private static final int BODIES = 32;
  private static final int ROUNDS = 2;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** h1c (HTTP/1.1, as the SDK's HTTP exporter) or h2c; {@code -Dprotocol=h2c}. */
  private static final String PROTOCOL = System.getProperty("protocol", "h1c");

  private OverloadBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "throughput";
    long budgetMiB = args.length > 1 ? Long.parseLong(args[1]) : 256;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path dir = Files.createTempDirectory("pinscope-overload");
    ReceiverConfig config = ReceiverConfig.builder().bindAddress("127.0.0.1").grpcPort(0).httpPort(0)
        .inFlightBudgetBytes(budgetMiB << 20).build();
    ReceiverMetrics metrics = new ReceiverMetrics();
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(dir).build())) {
      OtlpReceiver receiver = OtlpReceiver.start(config, storage, metrics, Clock.systemUTC());
      ServerBuilder sb = Server.builder().port(new InetSocketAddress("127.0.0.1", 0), SessionProtocol.HTTP);
      receiver.configure(sb);
      Server server = sb.build();
      server.start().join();
      try {
        System.out.printf(Locale.ROOT, "in-flight budget %d MiB, %d ingest threads, %d processors, clients over %s%n",
            budgetMiB, config.workerThreads(), Runtime.getRuntime().availableProcessors(), PROTOCOL);
        if (mode.equals("rss")) {
          rss(server.activeLocalPort(), metrics, budgetMiB << 20);
        } else {
          throughput(server.activeLocalPort(), metrics, seconds);
        }
      } finally {
        server.stop().join();
        receiver.close();
      }
    }
    System.exit(0);
  }

  // ---- (a) and (b)

  private static void throughput(int port, ReceiverMetrics metrics, int seconds) throws Exception {
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < BODIES; i++) {
      bodies.add(body(i));
    }
    System.out.printf(Locale.ROOT, "request: %d spans, %d bytes of protobuf%n", SPANS_PER_REQUEST,
        bodies.get(0).length);
    run("warm-up", port, bodies, 4, 10, 0);
    // Alternated rounds, because other processes on the machine change its speed from minute to minute.
    double unloaded = 0;
    double loaded = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      unloaded += run("(a) unloaded, 4 clients, round " + round, port, bodies, 4, seconds, 0);
      loaded += run("(b) 64 clients, retry every 10 ms, round " + round, port, bodies, 64, seconds, 10);
    }
    System.out.printf(Locale.ROOT, "mean of %d rounds: (a) %,.0f spans/s, (b) %,.0f spans/s, (b)/(a) = %.1f %%%n",
        ROUNDS, unloaded / ROUNDS, loaded / ROUNDS, 100 * loaded / unloaded);
    System.out.println(metrics.prometheusText().lines().filter(l -> l.startsWith("pinscope_receiver_requests_total")
        || l.startsWith("pinscope_receiver_bytes_total")).reduce("", (a, b) -> a + b + "\n"));
  }

  private static double run(String name, int port, List<byte[]> bodies, int clients, int seconds, int retryMillis)
      throws Exception {
    // The clients' own event loops, so that their CPU time can be told apart from the server's.
    ClientFactory factory = ClientFactory.builder()
        .workerGroup(EventLoopGroups.newEventLoopGroup(2, "bench-client-loop"), true)
        .maxNumEventLoopsPerEndpoint(2).build();
    AtomicLong clientThreadsCpu = new AtomicLong();
    long processCpuBefore = processCpuNanos();
    long clientLoopsBefore = cpuOfThreadsNamed("bench-client-loop");
    WebClient client = WebClient.builder(PROTOCOL + "://127.0.0.1:" + port).factory(factory)
        .responseTimeoutMillis(120_000).maxResponseLength(0).build();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong refusedNanos = new AtomicLong();
    AtomicLong acknowledgedNanos = new AtomicLong();
    AtomicLong acknowledgedRequests = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int first = c;
      Thread t = new Thread(() -> {
        int next = first;
        while (System.nanoTime() < end) {
          byte[] body = bodies.get(next++ % bodies.size());
          // One request until it is acknowledged: refused ones are retried after retryMillis.
          while (System.nanoTime() < end) {
            AggregatedHttpResponse r;
            long started = System.nanoTime();
            try {
              r = client.prepare().post("/v1/traces").content(PROTOBUF, body).execute().aggregate().join();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
              r = null;
            }
            if (r != null && r.status().code() == 200) {
              if (System.nanoTime() < end) {
                acknowledged.addAndGet(SPANS_PER_REQUEST);
                acknowledgedRequests.incrementAndGet();
                acknowledgedNanos.addAndGet(System.nanoTime() - started);
              }
              break;
            }
            if (r != null && r.status().code() == 503) {
              refused.incrementAndGet();
              refusedNanos.addAndGet(System.nanoTime() - started);
            }
            sleep(retryMillis);
          }
        }
        clientThreadsCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
      }, "client-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long clientCpu = clientThreadsCpu.get() + cpuOfThreadsNamed("bench-client-loop") - clientLoopsBefore;
    long serverCpu = processCpuNanos() - processCpuBefore - clientCpu;
    factory.close();
    double perSecond = acknowledged.get() / (double) seconds;
    System.out.printf(Locale.ROOT, "%s: CPU: server (the rest of the process) %.1f s, in-process clients %.1f s;"
            + " server CPU per 1,000 acknowledged spans %.1f ms%n", name, serverCpu / 1e9, clientCpu / 1e9,
        serverCpu / 1e6 / Math.max(1, acknowledged.get() / 1000.0));
    System.out.printf(Locale.ROOT, "%s: %,.0f spans/s acknowledged (mean %.1f ms per acknowledged request); %,d"
            + " refusals (503, mean %.1f ms to the answer), %,d failed requests%n", name, perSecond,
        acknowledgedNanos.get() / 1e6 / Math.max(1, acknowledgedRequests.get()), refused.get(),
        refusedNanos.get() / 1e6 / Math.max(1, refused.get()), failed.get());
    return perSecond;
  }

  private static byte[] body(int seed) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < SPANS_PER_REQUEST; i++) {
      byte[] trace = new byte[16];
      random.nextBytes(trace);
      byte[] span = new byte[8];
      random.nextBytes(span);
      long start = System.currentTimeMillis() * 1_000_000L;
      scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span))
          .setName("GET /orders/{id}").setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start)
          .setEndTimeUnixNano(start + 12_000_000L)
          .addAttributes(attr("http.request.method", "GET")).addAttributes(attr("url.path", "/orders/" + i))
          .addAttributes(attr("http.route", "/orders/{id}")).addAttributes(attr("server.address", "shop.local")));
    }
    Resource resource = Resource.newBuilder().addAttributes(attr("service.name", "orders-" + (seed % 4)))
        .addAttributes(attr("service.instance.id", "orders-" + seed)).addAttributes(attr("telemetry.sdk.language",
            "java")).build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build().toByteArray();
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  // ---- (c)

  private static final int UPLOADS = 100;
  private static final long DECLARED = 60L << 20;
  private static final long SENT = 59L << 20;

  private static void rss(int port, ReceiverMetrics metrics, long budget) throws Exception {
    // Warm the path with a few real requests so that the baseline includes a working server.
    List<byte[]> bodies = List.of(body(0), body(1));
    run("warm-up", port, bodies, 2, 5, 0);
    System.gc();
    long baseline = rssBytes();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger stalled = new AtomicInteger();
    AtomicInteger cut = new AtomicInteger();
    List<Socket> sockets = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < UPLOADS; i++) {
      Socket s = new Socket("127.0.0.1", port);
      sockets.add(s);
      Thread t = new Thread(() -> upload(s, chunk, refused, stalled, cut), "upload-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    long peakRss = baseline;
    double peakInFlight = 0;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (refused.get() + stalled.get() + cut.get() < UPLOADS && System.nanoTime() < deadline) {
      peakRss = Math.max(peakRss, rssBytes());
      peakInFlight = Math.max(peakInFlight, gauge(metrics, "pinscope_receiver_inflight_bytes"));
      sleep(100);
    }
    // Everyone has sent what it will: hold the stalled uploads a moment and sample again.
    for (int i = 0; i < 20; i++) {
      peakRss = Math.max(peakRss, rssBytes());
      peakInFlight = Math.max(peakInFlight, gauge(metrics, "pinscope_receiver_inflight_bytes"));
      sleep(100);
    }
    System.out.printf(Locale.ROOT, "%d uploads declaring %d MiB: %d refused from their headers (503), %d admitted and"
            + " stalled after %d MiB, %d cut off%n", UPLOADS, DECLARED >> 20, refused.get(), stalled.get(), SENT >> 20,
        cut.get());
    System.out.printf(Locale.ROOT, "RSS: baseline %d MiB, peak %d MiB (+%d MiB; budget %d MiB); in-flight gauge peak"
        + " %d MiB%n", baseline >> 20, peakRss >> 20, (peakRss - baseline) >> 20, budget >> 20,
        (long) peakInFlight >> 20);
    for (Socket s : sockets) {
      s.close();
    }
    long released = System.nanoTime() + 60_000_000_000L;
    while (gauge(metrics, "pinscope_receiver_inflight_bytes") > 0 && System.nanoTime() < released) {
      sleep(100);
    }
    System.gc();
    System.out.printf(Locale.ROOT, "after the clients went away: in-flight gauge %d bytes, RSS %d MiB after a GC%n",
        (long) gauge(metrics, "pinscope_receiver_inflight_bytes"), rssBytes() >> 20);
  }

  private static void upload(Socket s, byte[] chunk, AtomicInteger refused, AtomicInteger stalled, AtomicInteger cut) {
    try {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
          + "Content-Length: " + DECLARED + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (long sent = 0; sent < SENT; sent += chunk.length) {
        if (in.available() > 0) {
          byte[] head = new byte[12];
          int n = in.readNBytes(head, 0, 12);
          if (n == 12 && new String(head, StandardCharsets.US_ASCII).contains(" 503")) {
            refused.incrementAndGet();
          } else {
            cut.incrementAndGet();
          }
          return;
        }
        out.write(chunk);
      }
      stalled.incrementAndGet();
    } catch (IOException e) {
      // The server answered and closed while the body was being written: read what it said if it can.
      try {
        byte[] head = s.getInputStream().readNBytes(12);
        if (new String(head, StandardCharsets.US_ASCII).contains(" 503")) {
          refused.incrementAndGet();
          return;
        }
      } catch (IOException ignored) {
        // nothing more to read
      }
      cut.incrementAndGet();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long cpuOfThreadsNamed(String prefix) {
    long total = 0;
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(prefix)) {
        total += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
      }
    }
    return total;
  }

  private static long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }

  private static double gauge(ReceiverMetrics metrics, String name) {
    return metrics.prometheusText().lines().filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(0);
  }

  private static void sleep(int millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
