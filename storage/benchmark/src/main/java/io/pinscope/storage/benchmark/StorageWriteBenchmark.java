package io.pinscope.storage.benchmark;

import io.pinscope.model.Histogram;
import io.pinscope.model.LinkKey;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredSpan;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The storage write path under load: each writer thread stores batches of spans (trace rows), the scatter
 * dots of their entry spans, and statistics increments (self histograms of entry spans, link histograms of
 * USER, database and application calls) aggregated per 1-minute slot and flushed every
 * {@code --flush-batches} batches, as the receiver's aggregator flushes. Spans, dots and aggregated
 * statistics are prepared before the clock starts, so the figure is storage alone (encoding included).
 * At the end the store is compacted and the SST files measured for bytes per span.
 *
 * <p>Usage: {@code java -jar pinscope-storage-benchmark.jar [--engine rocksdb] [--spans 2000000]
 * [--threads 2] [--batch 1000] [--flush-batches 50] [--dir PATH]}
 */
public final class StorageWriteBenchmark {
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    String engine = opts.getOrDefault("engine", "rocksdb");
    int spans = Integer.parseInt(opts.getOrDefault("spans", "2000000"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
    int batchSize = Integer.parseInt(opts.getOrDefault("batch", "1000"));
    int flushBatches = Integer.parseInt(opts.getOrDefault("flush-batches", "50"));
    Path dir = opts.containsKey("dir") ? Path.of(opts.get("dir")) : Files.createTempDirectory("pinscope-bench");

    int traces = spans / SyntheticTraces.SPANS_PER_TRACE;
    int tracesPerBatch = Math.max(1, batchSize / SyntheticTraces.SPANS_PER_TRACE);
    System.out.printf(Locale.ROOT, "generating %,d spans (%,d traces) ...%n", spans, traces);
    List<List<Step>> perThread = generate(threads, traces, tracesPerBatch, flushBatches);

    StorageConfig config = StorageConfig.builder().engine(engine).dataDirectory(dir).build();
    long written;
    long elapsedNanos;
    try (Storage storage = Storage.open(config)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      List<Future<Long>> results = new ArrayList<>();
      for (List<Step> steps : perThread) {
        results.add(pool.submit(() -> writeAll(storage, steps)));
      }
      written = 0;
      for (Future<Long> f : results) {
        written += f.get();
      }
      elapsedNanos = System.nanoTime() - start;
      pool.shutdown();
      System.out.printf(Locale.ROOT, "compacting ...%n");
      storage.store().purgeExpired();
    }
    long sstBytes = sizeOf(dir, ".sst");
    long allBytes = sizeOf(dir, "");
    double seconds = elapsedNanos / 1e9;
    System.out.printf(Locale.ROOT, "engine=%s threads=%d batch=%d spans=%,d time=%.2fs%n",
        engine, threads, batchSize, written, seconds);
    System.out.printf(Locale.ROOT, "throughput: %,.0f spans/s%n", written / seconds);
    System.out.printf(Locale.ROOT, "on disk after compaction: %,d bytes in SST files = %.1f bytes/span"
        + " (%,d bytes in the directory, WAL and metadata included)%n", sstBytes, (double) sstBytes / written,
        allBytes);
  }

  /** One write of a worker: a batch of spans, their dots, and, every few batches, the statistics. */
  private record Step(List<StoredSpan> spans, List<ScatterDot> dots, StatisticsBatch statistics) {}

  private static long writeAll(Storage storage, List<Step> steps) {
    long count = 0;
    for (Step step : steps) {
      storage.traces().write(step.spans());
      storage.scatter().write(step.dots());
      storage.statistics().write(step.statistics());
      count += step.spans().size();
    }
    return count;
  }

  /** What the receiver's aggregator will do, simplified: the link kinds the synthetic traces contain. */
  private static void aggregate(Map<SlotValueKey, Histogram> stats, StoredSpan s) {
    long slot = SlotValue.slotOf(s.startEpochMillis());
    long elapsed = s.durationNanos() / 1_000_000L;
    int java = ServiceTypeRegistry.JAVA.code();
    if (s.isEntry()) {
      add(stats, slot, new SelfKey(s.applicationName(), java, s.agentId()), elapsed, s.isError());
      if (s.isRoot()) {
        add(stats, slot, new LinkKey(s.applicationName(), ServiceTypeRegistry.USER.code(), s.applicationName(),
            java, ""), elapsed, s.isError());
      }
    } else if (s.kind() == SpanKind.CLIENT) {
      String db = s.attributes().text("db.system");
      ServiceType type = db != null ? ServiceTypeRegistry.forDbSystem(db) : ServiceTypeRegistry.OPENTELEMETRY_CLIENT;
      String callee = db != null ? s.attributes().firstText("db.name", "server.address") : "inventory";
      String host = s.attributes().text("server.address") + ":" + s.attributes().text("server.port");
      add(stats, slot, new LinkKey(s.applicationName(), java, callee == null ? host : callee, type.code(), host),
          elapsed, s.isError());
    }
  }

  private static void add(Map<SlotValueKey, Histogram> stats, long slot, Object key, long elapsed, boolean error) {
    SlotValueKey k = new SlotValueKey(slot, key);
    Histogram h = stats.get(k);
    if (h == null) {
      h = Histogram.empty(key instanceof LinkKey l
          ? ServiceTypeRegistry.ofCode(l.calleeTypeCode()).histogramSchema()
          : ServiceTypeRegistry.JAVA.histogramSchema());
    }
    stats.put(k, h.plus(elapsed, error));
  }

  private static StatisticsBatch drain(Map<SlotValueKey, Histogram> stats) {
    StatisticsBatch batch = new StatisticsBatch();
    for (Map.Entry<SlotValueKey, Histogram> e : stats.entrySet()) {
      if (e.getKey().key() instanceof SelfKey self) {
        batch.addSelf(new SlotValue<>(e.getKey().slot(), self, e.getValue()));
      } else {
        batch.addLink(new SlotValue<>(e.getKey().slot(), (LinkKey) e.getKey().key(), e.getValue()));
      }
    }
    stats.clear();
    return batch;
  }

  private record SlotValueKey(long slot, Object key) {}

  private static List<List<Step>> generate(int threads, int traces, int tracesPerBatch, int flushBatches) {
    List<List<Step>> perThread = new ArrayList<>();
    long now = System.currentTimeMillis() * 1_000_000L;
    long hour = 3_600_000_000_000L;
    for (int t = 0; t < threads; t++) {
      SyntheticTraces gen = new SyntheticTraces(42 + t, 8);
      Map<SlotValueKey, Histogram> stats = new HashMap<>();
      List<Step> steps = new ArrayList<>();
      List<StoredSpan> batch = new ArrayList<>();
      for (int i = t; i < traces; i += threads) {
        // Spread traces over the last hour, as a minute of traffic would be spread over its slot.
        batch.addAll(gen.next(now - hour + (long) i * hour / traces));
        boolean last = i + threads >= traces;
        if (batch.size() >= tracesPerBatch * SyntheticTraces.SPANS_PER_TRACE || last) {
          List<ScatterDot> dots = new ArrayList<>();
          for (StoredSpan s : batch) {
            if (s.isEntry()) {
              dots.add(ScatterDot.of(s));
            }
            aggregate(stats, s);
          }
          boolean flush = last || (steps.size() + 1) % flushBatches == 0;
          steps.add(new Step(batch, dots, flush ? drain(stats) : new StatisticsBatch()));
          batch = new ArrayList<>();
        }
      }
      perThread.add(steps);
    }
    return perThread;
  }

  private static long sizeOf(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix))
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).sum();
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("argument: " + args[i]
            + " (expected: --engine|--spans|--threads|--batch|--flush-batches|--dir followed by a value)");
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  private StorageWriteBenchmark() {}
}
