package io.pinscope.query.benchmark;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.InstrumentationScope;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StatusCode;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.TraceId;
import io.pinscope.query.QueryApi;
import io.pinscope.receiver.statistics.StatisticsAggregator;
import io.pinscope.receiver.statistics.StatisticsConfig;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Query latency on a RocksDB store: builds a store of N spans (default 1,000,000) over one hour across A
 * applications (default 20) — written through the repositories and the receiver's StatisticsAggregator,
 * ten spans per trace — plus one 200-span trace, then times over HTTP (JSON included): the 200-span trace
 * by id, the 1-hour server map (depth 1 and bidirectional depth 2) and a 10,000-dot scatter page.
 *
 * <p>Run: {@code mvn -q -o -pl query-ui -am test-compile}, then {@code java -cp
 * query-ui/target/test-classes:query-ui/target/classes:<deps> io.pinscope.query.benchmark.QueryBenchmark
 * [spans] [applications] [dataDir]}.
 */
public final class QueryBenchmark {
  private static final long HOUR_MS = 3_600_000L;
  private static final int SPANS_PER_TRACE = 10;
  private static final InstrumentationScope SCOPE = InstrumentationScope.of("io.opentelemetry.tomcat-10.0", "2.10.0");

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int apps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("pinscope-query-bench");
    long end = System.currentTimeMillis() / 60_000 * 60_000;
    long start = end - HOUR_MS;
    System.out.printf(Locale.ROOT, "store: %,d spans, %d applications, 1 h, rocksdb at %s%n", spans, apps, dir);
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(dir).build())) {
      long t0 = System.nanoTime();
      TraceId big = load(storage, spans, apps, start);
      System.out.printf(Locale.ROOT, "load: %.1f s%n", (System.nanoTime() - t0) / 1e9);

      ServerBuilder sb = Server.builder().http(0);
      QueryApi.configure(sb, storage);
      Server server = sb.build();
      server.start().join();
      try {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.activeLocalPort() + "/api/v1";
        String range = "&from=" + start + "&to=" + end;
        time(client, "trace by id (200 spans)", base + "/traces/" + big.toHex(), 200);
        time(client, "server map 1 h, depth 1", base + "/servermap?application=app-0" + range, 30);
        time(client, "server map 1 h, bidirectional depth 2",
            base + "/servermap?application=app-0&inbound=2&outbound=2&bidirectional=true" + range, 20);
        time(client, "scatter 10,000 dots", base + "/scatter?application=app-0&limit=10000" + range, 30);
        time(client, "scatter 10,000 dots, error=false filter",
            base + "/scatter?application=app-0&limit=10000&error=false" + range, 20);
        time(client, "transactions 100", base + "/transactions?application=app-0&limit=100" + range, 20);
      } finally {
        server.stop().join();
      }
    }
  }

  /** Times {@code runs} GETs of {@code url} after a warm-up and prints p50 and p99 (shared by the benchmarks). */
  static void time(HttpClient client, String what, String url, int runs) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).build();
    long bytes = 0;
    for (int i = 0; i < Math.max(3, runs / 10); i++) { // warm-up
      HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + new String(r.body()));
      }
      bytes = r.body().length;
    }
    long[] ms = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      ms[i] = System.nanoTime() - t;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "%-42s p50 %7.1f ms  p99 %7.1f ms  (%d runs, %,d bytes)%n", what,
        ms[runs / 2] / 1e6, ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)] / 1e6, runs, bytes);
  }

  /** Writes the traces, dots, agents and statistics; returns the id of the 200-span trace. */
  private static TraceId load(Storage storage, int spans, int apps, long start) {
    for (int a = 0; a < apps; a++) {
      for (int g = 0; g < 2; g++) {
        storage.applications().register(new AgentInfo("app-" + a, "app-" + a + "-" + g, ServiceTypeRegistry.JAVA.code(),
            "host-" + a + "-" + g, start, start, start + HOUR_MS, Attributes.of("service.name", "app-" + a)));
      }
    }
    StatisticsAggregator stats = new StatisticsAggregator(storage.statistics(), storage.traces(),
        StatisticsConfig.defaults(),
        Clock.systemUTC());
    SplittableRandom random = new SplittableRandom(42);
    int traces = Math.max(1, spans / SPANS_PER_TRACE);
    List<StoredSpan> batch = new ArrayList<>();
    List<ScatterDot> dots = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      long startMs = start + (long) t * HOUR_MS / traces;
      List<StoredSpan> trace = trace(random, apps, startMs);
      batch.addAll(trace);
      for (StoredSpan s : trace) {
        if (s.isEntry()) {
          dots.add(ScatterDot.of(s));
        }
      }
      if (batch.size() >= 5_000) {
        flush(storage, stats, batch, dots);
      }
    }
    TraceId big = new TraceId(0x7777, 0x7777);
    List<StoredSpan> chain = new ArrayList<>();
    long bigStart = start + HOUR_MS / 2;
    for (int i = 0; i < 200; i++) {
      String app = "app-" + (i / 20 % apps);
      chain.add(span(big, i + 1, i == 0 ? SpanIds.NONE : i, app, app + "-0", i % 20 == 0 ? SpanKind.SERVER
          : SpanKind.INTERNAL, "step " + i, bigStart + i, bigStart + 400 - i, false, Attributes.of("code.namespace",
          "com.example.Step")));
    }
    batch.addAll(chain);
    flush(storage, stats, batch, dots);
    stats.close();
    return big;
  }

  private static void flush(Storage storage, StatisticsAggregator stats, List<StoredSpan> batch, List<ScatterDot> dots) {
    storage.traces().write(batch, dots);
    Map<String, List<StoredSpan>> byApp = new HashMap<>();
    for (StoredSpan s : batch) {
      byApp.computeIfAbsent(s.applicationName(), k -> new ArrayList<>()).add(s);
    }
    byApp.values().forEach(l -> stats.accept(ServiceTypeRegistry.JAVA, l));
    stats.flush();
    batch.clear();
    dots.clear();
  }

  /** Ten spans: A serves, queries MySQL twice, calls B; B queries Redis, calls an external host, produces to Kafka. */
  private static List<StoredSpan> trace(SplittableRandom r, int apps, long startMs) {
    TraceId id = new TraceId(r.nextLong(), r.nextLong() | 1);
    int a = r.nextInt(apps);
    int b = (a + 1 + r.nextInt(3)) % apps;
    String appA = "app-" + a;
    String appB = "app-" + b;
    String agentA = appA + "-" + r.nextInt(2);
    String agentB = appB + "-" + r.nextInt(2);
    boolean failed = r.nextInt(50) == 0;
    long total = 5 + r.nextInt(60) + (r.nextInt(200) == 0 ? 4_000 : 0);
    long s = startMs;
    List<StoredSpan> out = new ArrayList<>(SPANS_PER_TRACE);
    out.add(span(id, 1, SpanIds.NONE, appA, agentA, SpanKind.SERVER, "GET /api/" + a, s, s + total, failed,
        Attributes.of("http.request.method", "GET", "url.path", "/api/" + a, "server.address", appA + ".svc",
            "server.port", 8080L, "client.address", "10.0.0." + r.nextInt(256))));
    out.add(span(id, 2, 1, appA, agentA, SpanKind.INTERNAL, "Controller.handle", s + 1, s + total - 1, false,
        Attributes.of("code.namespace", "com.example.Controller")));
    out.add(span(id, 3, 2, appA, agentA, SpanKind.CLIENT, "SELECT shop.orders", s + 1, s + 2, false,
        Attributes.of("db.system", "mysql", "db.name", "shop-" + a, "db.statement", "SELECT * FROM orders WHERE id = ?")));
    out.add(span(id, 4, 2, appA, agentA, SpanKind.CLIENT, "SELECT shop.items", s + 2, s + 3, false,
        Attributes.of("db.system", "mysql", "db.name", "shop-" + a, "db.statement", "SELECT * FROM items WHERE o = ?")));
    out.add(span(id, 5, 2, appA, agentA, SpanKind.CLIENT, "GET", s + 3, s + total - 2, failed,
        Attributes.of("http.request.method", "GET", "server.address", appB + ".svc", "server.port", 8080L)));
    out.add(span(id, 6, 5, appB, agentB, SpanKind.SERVER, "GET /stock", s + 4, s + total - 3, failed,
        Attributes.of("http.request.method", "GET", "server.address", appB + ".svc", "server.port", 8080L)));
    out.add(span(id, 7, 6, appB, agentB, SpanKind.INTERNAL, "Stock.check", s + 4, s + 5, false, Attributes.empty()));
    out.add(span(id, 8, 6, appB, agentB, SpanKind.CLIENT, "GET", s + 5, s + 6, false,
        Attributes.of("db.system", "redis", "server.address", "redis", "server.port", 6379L)));
    out.add(span(id, 9, 6, appB, agentB, SpanKind.CLIENT, "POST", s + 6, s + 7, false,
        Attributes.of("http.request.method", "POST", "server.address", "api.partner.example", "server.port", 443L)));
    out.add(span(id, 10, 6, appB, agentB, SpanKind.PRODUCER, "stock publish", s + 7, s + 8, false,
        Attributes.of("messaging.system", "kafka", "messaging.destination.name", "stock")));
    return out;
  }

  private static StoredSpan span(TraceId trace, long id, long parent, String app, String agent, SpanKind kind,
      String name, long startMs, long endMs, boolean error, Attributes attributes) {
    return StoredSpan.builder().traceId(trace).spanId(id).parentSpanId(parent).applicationName(app).agentId(agent)
        .kind(kind).name(name).startEpochNanos(startMs * 1_000_000L).endEpochNanos(Math.max(startMs, endMs) * 1_000_000L)
        .status(error ? StatusCode.ERROR : StatusCode.UNSET, "").attributes(attributes).scope(SCOPE).build();
  }

  private QueryBenchmark() {}
}
