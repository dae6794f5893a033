package io.pinscope.query.benchmark;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.model.TraceId;
import io.pinscope.model.UriKey;
import io.pinscope.query.ApplicationRollup;
import io.pinscope.query.QueryApi;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Long-range query latency on a RocksDB store (issue 10): D days (default 7) of one application with A agents
 * (default 20) — every agent the stock Java agent's runtime metrics every 60 s (otel.md §5.3: 38 series with
 * their attributes, sums stored as deltas, {@code jvm.gc.duration} as a histogram: 40 series) plus
 * {@code pinpoint.active_requests} by band, 44 series in all; the application R routes (default 50) with
 * traffic (and an example transaction) every minute and every agent's self histogram, written as the receiver's statistics flush writes
 * them ({@code MapStatistics.write}, hour roll-ups included) — then the metric and application roll-ups made
 * (as the server's task does) and the store compacted (as the daily purge does: a week written in seconds would otherwise be read
 * with every counter's merge operands still apart), then times over HTTP on loopback (JSON included), after a
 * warm-up, N runs each (default 60; as {@link QueryBenchmark}): the agent inspector, the application inspector,
 * {@code uri-stats} and {@code uri-stats/series}, all over the D days.
 *
 * <p>Run: {@code mvn -q -o -pl query-ui -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test}, then {@code java -cp
 * query-ui/target/test-classes:query-ui/target/classes:$(cat /tmp/cp.txt)
 * io.pinscope.query.benchmark.InspectorBenchmark [days=7] [agents=20] [routes=50] [runs=60] [dataDir] [only]}.
 * A data directory that already holds a store this program built is timed again without loading; {@code only}
 * times just the requests whose label contains it.
 */
public final class InspectorBenchmark {
  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final String APP = "shop";
  private static final Attributes NONE = Attributes.empty();

  /** One metric series of the Java agent: name, unit, kind and attributes. */
  private record Series(String name, String unit, MetricPoint.Kind kind, Attributes attributes) {}

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int routes = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("pinscope-inspector-bench");
    String only = args.length > 5 ? args[5] : ""; // times only the requests whose label contains it (profiling)
    boolean reuse = Files.exists(dir.resolve("CURRENT"));
    List<Series> series = javaAgentSeries();
    System.out.printf(Locale.ROOT, "store: %d days, 1 application, %d agents × %d series every 60 s, %d routes, "
        + "rocksdb at %s%s%n", days, agents, series.size(), routes, dir, reuse ? " (reused)" : "");
    try (Storage storage = Storage.open(StorageConfig.builder().engine("rocksdb").dataDirectory(dir).build())) {
      long end;
      if (reuse) { // a store this program built before: its agents were last seen at its end
        end = storage.applications().agent(agentId(0)).orElseThrow().lastSeenMillis();
        // Roll-ups a newer version keeps (e.g. the ten-minute tier) are made now; nothing to do when done.
        long t0 = System.nanoTime();
        long tenMinuteHours = 0;
        for (int a = 0; a < agents; a++) {
          tenMinuteHours += storage.metricRollups().rollUp(agentId(a), end);
        }
        System.out.printf(Locale.ROOT, "roll-ups brought up to date in %.1f s (%,d agent-hours)%n",
            (System.nanoTime() - t0) / 1e9, tenMinuteHours);
      } else {
        end = System.currentTimeMillis() / MINUTE * MINUTE;
        load(storage, series, days, agents, routes, end);
      }
      long start = end - days * DAY;
      System.out.printf(Locale.ROOT, "data directory: %,d MB%n", storage.store().diskBytes() / 1_000_000);

      ServerBuilder sb = Server.builder().http(0);
      QueryApi.configure(sb, storage);
      Server server = sb.build();
      server.start().join();
      try {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.activeLocalPort() + "/api/v1";
        String range = "from=" + start + "&to=" + end;
        String label = days + " d";
        String app = base + "/applications/" + APP;
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("agent inspector " + label, base + "/agents/" + agentId(0) + "/inspector?" + range);
        requests.put("application inspector " + label, app + "/inspector?" + range);
        requests.put("uri-stats " + label, app + "/uri-stats?" + range);
        requests.put("uri-stats/series " + label, app + "/uri-stats/series?route="
            + URLEncoder.encode(route(0), StandardCharsets.UTF_8) + "&" + range);
        requests.put("uri-stats 2 d (1-minute slots)", app + "/uri-stats?from=" + (end - 2 * DAY) + "&to=" + end);
        for (Map.Entry<String, String> r : requests.entrySet()) {
          if (r.getKey().contains(only)) {
            // Process CPU per request (client included): comparable while other processes load the machine.
            long cpu = CPU.getProcessCpuTime();
            QueryBenchmark.time(client, r.getKey(), r.getValue(), runs);
            System.out.printf(Locale.ROOT, "%-42s process CPU %.1f ms per request (warm-up included)%n", "",
                (CPU.getProcessCpuTime() - cpu) / 1e6 / (runs + Math.max(3, runs / 10)));
          }
        }
      } finally {
        server.stop().join();
      }
    }
  }

  /**
   * Writes the metrics and statistics of {@code [end - days, end)} and makes the metric roll-ups, then the
   * application roll-ups.
   */
  private static void load(Storage storage, List<Series> series, int days, int agents, int routes, long end) {
    long start = end - days * DAY;
    long t0 = System.nanoTime();
    long points = writeMetrics(storage, series, agents, start, end);
    System.out.printf(Locale.ROOT, "metrics: %,d points in %.1f s%n", points, (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    long cells = writeStatistics(storage, agents, routes, start, end);
    System.out.printf(Locale.ROOT, "statistics: %,d slot values (self and routes) in %.1f s%n", cells,
        (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    long hours = 0;
    for (int a = 0; a < agents; a++) {
      hours += storage.metricRollups().rollUp(agentId(a), end);
    }
    System.out.printf(Locale.ROOT, "metric roll-ups: %,d agent-hours in %.1f s%n", hours,
        (System.nanoTime() - t0) / 1e9);
    // Then the application's hours, as the same background task does after its agents'.
    t0 = System.nanoTime();
    int appHours = new ApplicationRollup(storage, Clock.systemUTC()).rollUp(APP, end);
    System.out.printf(Locale.ROOT, "application roll-ups: %,d application-hours in %.1f s%n", appHours,
        (System.nanoTime() - t0) / 1e9);
    // Written in seconds, the week's counter cells still hold one merge operand per increment (an hour cell
    // 60); a week written over a week has been compacted long since. Compact, as the daily purge does.
    t0 = System.nanoTime();
    storage.store().purgeExpired();
    System.out.printf(Locale.ROOT, "compaction: %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static String agentId(int a) {
    return APP + "-" + a;
  }

  private static String route(int r) {
    return (r % 5 == 0 ? "POST" : "GET") + " /api/v1/resource" + r + "/{id}";
  }

  /** The stock Java agent's runtime series (otel.md §5.3) and the extension's active-request bands. */
  static List<Series> javaAgentSeries() {
    List<Series> out = new ArrayList<>();
    String[][] pools = {
        {"heap", "G1 Eden Space"}, {"heap", "G1 Old Gen"}, {"heap", "G1 Survivor Space"},
        {"non_heap", "Metaspace"}, {"non_heap", "Compressed Class Space"}, {"non_heap", "CodeHeap 'non-nmethods'"},
        {"non_heap", "CodeHeap 'profiled nmethods'"}, {"non_heap", "CodeHeap 'non-profiled nmethods'"}};
    for (String name : List.of("jvm.memory.used", "jvm.memory.committed", "jvm.memory.limit")) {
      for (String[] p : pools) {
        if (!name.equals("jvm.memory.limit") || !p[1].equals("G1 Survivor Space")) {
          out.add(new Series(name, "By", MetricPoint.Kind.SUM, pool(p)));
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      out.add(new Series("jvm.memory.used_after_last_gc", "By", MetricPoint.Kind.SUM, pool(pools[i])));
    }
    out.add(new Series("jvm.gc.duration", "s", MetricPoint.Kind.HISTOGRAM,
        Attributes.of("jvm.gc.action", "end of minor GC", "jvm.gc.name", "G1 Young Generation")));
    out.add(new Series("jvm.gc.duration", "s", MetricPoint.Kind.HISTOGRAM,
        Attributes.of("jvm.gc.action", "end of major GC", "jvm.gc.name", "G1 Concurrent GC")));
    for (String[] t : new String[][] {{"true", "runnable"}, {"true", "waiting"}, {"true", "timed_waiting"},
        {"false", "runnable"}, {"false", "waiting"}, {"false", "timed_waiting"}}) {
      out.add(new Series("jvm.thread.count", "{thread}", MetricPoint.Kind.SUM,
          Attributes.of("jvm.thread.daemon", Boolean.parseBoolean(t[0]), "jvm.thread.state", t[1])));
    }
    out.add(new Series("jvm.class.loaded", "{class}", MetricPoint.Kind.SUM, NONE));
    out.add(new Series("jvm.class.unloaded", "{class}", MetricPoint.Kind.SUM, NONE));
    out.add(new Series("jvm.class.count", "{class}", MetricPoint.Kind.SUM, NONE));
    out.add(new Series("jvm.cpu.time", "s", MetricPoint.Kind.SUM, NONE));
    out.add(new Series("jvm.cpu.count", "{cpu}", MetricPoint.Kind.SUM, NONE));
    out.add(new Series("jvm.cpu.recent_utilization", "1", MetricPoint.Kind.GAUGE, NONE));
    for (String band : List.of("fast", "normal", "slow", "very_slow")) {
      out.add(new Series("pinpoint.active_requests", "{request}", MetricPoint.Kind.GAUGE,
          Attributes.of("band", band)));
    }
    return out;
  }

  private static Attributes pool(String[] typeAndName) {
    return Attributes.of("jvm.memory.pool.name", typeAndName[1], "jvm.memory.type", typeAndName[0]);
  }

  /** Every agent's points every minute, registered as the receiver registers it; returns the points written. */
  private static long writeMetrics(Storage storage, List<Series> series, int agents, long start, long end) {
    SplittableRandom random = new SplittableRandom(42);
    Attributes resource = Attributes.of("service.name", APP, "telemetry.sdk.language", "java",
        "process.runtime.name", "OpenJDK Runtime Environment", "telemetry.distro.name",
        "opentelemetry-java-instrumentation");
    long written = 0;
    for (int a = 0; a < agents; a++) {
      String agent = agentId(a);
      storage.applications().register(new AgentInfo(APP, agent, ServiceTypeRegistry.JAVA.code(), "host-" + a, start,
          start, end, resource));
      List<MetricPoint> batch = new ArrayList<>();
      for (long t = start; t < end; t += MINUTE) {
        long nanos = (t + random.nextInt(1_000)) * 1_000_000L;
        for (Series s : series) {
          batch.add(new MetricPoint(agent, s.name(), s.unit(), s.kind(), s.attributes(), nanos, value(s, random)));
        }
        if (batch.size() >= 20_000) {
          storage.metrics().write(batch);
          written += batch.size();
          batch.clear();
        }
      }
      storage.metrics().write(batch);
      written += batch.size();
    }
    return written;
  }

  private static MetricValue value(Series s, SplittableRandom r) {
    if (s.kind() == MetricPoint.Kind.HISTOGRAM) {
      long n = r.nextInt(4);
      return new MetricValue.HistogramValue(n, n * 0.004 * (1 + r.nextDouble()), null, null,
          List.of(0.01, 0.1, 1.0, 10.0), List.of(n, 0L, 0L, 0L, 0L));
    }
    return switch (s.name()) {
      case "jvm.cpu.recent_utilization" -> new MetricValue.Scalar(r.nextDouble() * 0.4);
      case "pinpoint.active_requests" -> new MetricValue.Scalar(r.nextInt(6));
      case "jvm.class.loaded", "jvm.class.unloaded", "jvm.cpu.time" -> new MetricValue.Scalar(r.nextInt(3));
      case "jvm.cpu.count" -> new MetricValue.Scalar(2);
      case "jvm.thread.count", "jvm.class.count" -> new MetricValue.Scalar(10 + r.nextInt(30));
      default -> new MetricValue.Scalar(1e6 * (1 + r.nextInt(500)));
    };
  }

  /**
   * Every minute, every agent's self histogram and every route's histogram (a few calls each) with an example
   * transaction, written an hour
   * at a time as the receiver's statistics writer writes its flushes; returns the slot values written.
   */
  private static long writeStatistics(Storage storage, int agents, int routes, long start, long end) {
    SplittableRandom random = new SplittableRandom(7);
    long written = 0;
    StatisticsBatch batch = new StatisticsBatch();
    int values = 0;
    for (long t = start; t < end; t += MINUTE) {
      for (int a = 0; a < agents; a++) {
        batch.addSelf(new SlotValue<>(t, new SelfKey(APP, ServiceTypeRegistry.JAVA.code(), agentId(a)),
            calls(random, 20 + random.nextInt(40))));
        values++;
      }
      for (int r = 0; r < routes; r++) {
        UriKey uri = new UriKey(APP, route(r));
        batch.addUri(new SlotValue<>(t, uri, calls(random, 1 + random.nextInt(12))));
        batch.addUriExample(new SlotExample<>(t, uri, new TraceId(random.nextLong(), random.nextLong() | 1)));
        values++;
      }
      if (values >= 4_000) {
        storage.statistics().write(batch);
        written += values;
        batch = new StatisticsBatch();
        values = 0;
      }
    }
    storage.statistics().write(batch);
    return written + values;
  }

  private static Histogram calls(SplittableRandom r, int n) {
    Histogram h = Histogram.empty(HistogramSchema.NORMAL);
    for (int i = 0; i < n; i++) {
      h = h.plus(5 + r.nextInt(200) + (r.nextInt(100) == 0 ? 3_000 : 0), r.nextInt(50) == 0);
    }
    return h;
  }

  private InspectorBenchmark() {}
}
