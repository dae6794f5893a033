package io.pinscope.storage.benchmark;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.StoredSpan;
import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.servermap.TraceMap;
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
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The storage write path under load: each writer thread stores batches of spans (trace rows), the scatter
 * dots of their entry spans, and statistics increments (made by the server-map rules, {@link TraceMap})
 * aggregated per 1-minute slot and flushed every {@code --flush-batches} batches, as the receiver's
 * aggregator flushes. Spans, dots and aggregated
 * statistics are prepared before the clock starts, so the figure is storage alone (encoding included).
 * It reports spans/s, the process's CPU seconds per 100,000 spans while writing (every thread, RocksDB's
 * background flushes and compactions included), RSS and heap, the bytes on disk right after writing (live
 * table files and write-ahead log) and after a full compaction ({@code WideColumnStore.compact()}), and, for
 * rocksdb, the table files of each column family.
 *
 * <p>Usage: {@code java -jar pinscope-storage-benchmark.jar [--engine rocksdb] [--spans 2000000]
 * [--threads 2] [--batch 1000] [--flush-batches 50] [--dir PATH] [--options rocksdb.key=value,...]}
 */
public final class StorageWriteBenchmark {
  private static final Integer JAVA = ServiceTypeRegistry.JAVA.code();

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    String engine = opts.getOrDefault("engine", "rocksdb");
    int spans = Integer.parseInt(opts.getOrDefault("spans", "2000000"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
    int batchSize = Integer.parseInt(opts.getOrDefault("batch", "1000"));
    int flushBatches = Integer.parseInt(opts.getOrDefault("flush-batches", "50"));
    Path dir = opts.containsKey("dir") ? Path.of(opts.get("dir")) : Files.createTempDirectory("pinscope-bench");

    System.out.printf(Locale.ROOT, "generating %,d spans (%,d traces) ...%n", spans,
        spans / SyntheticTraces.SPANS_PER_TRACE);
    Workload workload = Workload.generate(spans, threads, batchSize, flushBatches);

    StorageConfig.Builder config = StorageConfig.builder().engine(engine).dataDirectory(dir);
    engineOptions(opts.getOrDefault("options", "")).forEach(config::engineOption);
    long written = workload.spans();
    long elapsedNanos;
    long writeCpuNanos;
    long settledCpuNanos;
    long compactCpuNanos;
    long uncompactedBytes;
    long compactedBytes;
    String memoryAfterWrite;
    try (Storage storage = Storage.open(config.build())) {
      long cpu0 = ProcessStats.cpuNanos();
      elapsedNanos = workload.writeTo(storage);
      writeCpuNanos = ProcessStats.cpuNanos() - cpu0;
      memoryAfterWrite = ProcessStats.memory();
      settledCpuNanos = ProcessStats.cpuNanos() - cpu0 + ProcessStats.awaitIdle();
      uncompactedBytes = storage.store().diskBytes();
      System.out.printf(Locale.ROOT, "compacting ...%n");
      long cpu1 = ProcessStats.cpuNanos();
      storage.store().compact();
      compactCpuNanos = ProcessStats.cpuNanos() - cpu1;
      compactedBytes = storage.store().diskBytes();
    }
    long sstBytes = sizeOf(dir, ".sst");
    long allBytes = sizeOf(dir, "");
    double seconds = elapsedNanos / 1e9;
    System.out.printf(Locale.ROOT, "engine=%s options=%s threads=%d batch=%d spans=%,d time=%.2fs load=%s%n",
        engine, opts.getOrDefault("options", "-"), threads, batchSize, written, seconds, ProcessStats.loadAverage());
    System.out.printf(Locale.ROOT, "throughput: %,.0f spans/s%n", written / seconds);
    System.out.printf(Locale.ROOT, "cpu: %.2f s per 100k spans while writing (all threads, RocksDB's background "
        + "included), %.2f s with the background work that went on after it; %.2f s for the full compaction "
        + "afterwards%n", writeCpuNanos / 1e9 * 100_000 / written, settledCpuNanos / 1e9 * 100_000 / written,
        compactCpuNanos / 1e9);
    System.out.printf(Locale.ROOT, "memory after writing: %s%n", memoryAfterWrite);
    System.out.printf(Locale.ROOT, "on disk after writing (live SST + WAL): %,d bytes = %.1f bytes/span%n",
        uncompactedBytes, (double) uncompactedBytes / written);
    System.out.printf(Locale.ROOT, "on disk after full compaction: %,d bytes = %.1f bytes/span (SST + WAL); "
        + "after close %,d bytes in SST files = %.1f bytes/span (%,d bytes in the directory, metadata included)%n",
        compactedBytes, (double) compactedBytes / written, sstBytes, (double) sstBytes / written, allBytes);
    if (engine.equals("rocksdb")) {
      FamilySizes.print(dir, written);
    }
  }

  /** {@code k=v,k=v} into engine options. */
  private static Map<String, String> engineOptions(String list) {
    Map<String, String> options = new TreeMap<>();
    for (String pair : list.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--options: " + pair + " (expected: key=value[,key=value...])");
      }
      options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return options;
  }

  /**
   * The prepared write load: per writer thread, its batches of spans, their scatter dots and, every
   * {@code flushBatches} batches, the aggregated statistics. Built before the clock starts, so that
   * {@link #writeTo} times storage alone; other engines' benchmarks reuse it for comparable figures.
   */
  public static final class Workload {
    private final List<List<Step>> perThread;
    private final long spans;

    private Workload(List<List<Step>> perThread) {
      this.perThread = perThread;
      this.spans = perThread.stream().flatMap(List::stream).mapToLong(s -> s.spans().size()).sum();
    }

    /**
     * {@code spans} spans ({@link SyntheticTraces}: 10 per trace, spread over the last hour) for
     * {@code threads} writers, in batches of about {@code batchSize} spans, statistics flushed every
     * {@code flushBatches} batches and after the last.
     */
    public static Workload generate(int spans, int threads, int batchSize, int flushBatches) {
      int traces = spans / SyntheticTraces.SPANS_PER_TRACE;
      int tracesPerBatch = Math.max(1, batchSize / SyntheticTraces.SPANS_PER_TRACE);
      return new Workload(StorageWriteBenchmark.generate(threads, traces, tracesPerBatch, flushBatches));
    }

    /** How many spans the workload writes. */
    public long spans() {
      return spans;
    }

    /** Writes the whole workload, one thread per writer; returns the elapsed nanoseconds. */
    public long writeTo(Storage storage) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(perThread.size());
      try {
        long start = System.nanoTime();
        List<Future<Long>> results = new ArrayList<>();
        for (List<Step> steps : perThread) {
          results.add(pool.submit(() -> writeAll(storage, steps)));
        }
        for (Future<Long> f : results) {
          f.get();
        }
        return System.nanoTime() - start;
      } finally {
        pool.shutdown();
      }
    }
  }

  /** One write of a worker: a batch of spans, their dots, and, every few batches, the statistics. */
  private record Step(List<StoredSpan> spans, List<ScatterDot> dots, StatisticsBatch statistics) {}

  private static long writeAll(Storage storage, List<Step> steps) {
    long count = 0;
    for (Step step : steps) {
      storage.traces().write(step.spans(), step.dots()); // one write per export, as the receiver does
      storage.statistics().write(step.statistics());
      count += step.spans().size();
    }
    return count;
  }

  private static List<List<Step>> generate(int threads, int traces, int tracesPerBatch, int flushBatches) {
    List<List<Step>> perThread = new ArrayList<>();
    long now = System.currentTimeMillis() * 1_000_000L;
    long hour = 3_600_000_000_000L;
    for (int t = 0; t < threads; t++) {
      SyntheticTraces gen = new SyntheticTraces(42 + t, 8);
      StatisticsAccumulator stats = new StatisticsAccumulator();
      List<Step> steps = new ArrayList<>();
      List<StoredSpan> batch = new ArrayList<>();
      for (int i = t; i < traces; i += threads) {
        // Spread traces over the last hour, as a minute of traffic would be spread over its slot.
        List<StoredSpan> trace = gen.next(now - hour + (long) i * hour / traces);
        // The receiver's rules, as the statistics rebuild applies them to whole traces.
        TraceMap.contribute(trace, app -> JAVA, stats);
        batch.addAll(trace);
        boolean last = i + threads >= traces;
        if (batch.size() >= tracesPerBatch * SyntheticTraces.SPANS_PER_TRACE || last) {
          List<ScatterDot> dots = new ArrayList<>();
          for (StoredSpan s : batch) {
            if (s.isEntry()) {
              dots.add(ScatterDot.of(s));
            }
          }
          boolean flush = last || (steps.size() + 1) % flushBatches == 0;
          steps.add(new Step(batch, dots, flush ? stats.toBatch() : new StatisticsBatch()));
          if (flush) {
            stats = new StatisticsAccumulator();
          }
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
            + " (expected: --engine|--spans|--threads|--batch|--flush-batches|--dir|--options followed by a value)");
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  private StorageWriteBenchmark() {}
}
