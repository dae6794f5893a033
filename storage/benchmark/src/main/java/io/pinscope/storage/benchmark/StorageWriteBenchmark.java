package io.pinscope.storage.benchmark;

import io.pinscope.model.ScatterDot;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.StoredSpan;
import io.pinscope.servermap.StatisticsAccumulator;
import io.pinscope.servermap.TraceMap;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import io.pinscope.storage.rocksdb.RocksDbCounters;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * rocksdb, the table files of each column family and its write amplification (RocksDB's statistics). With
 * {@code --rounds N} it writes N workloads of {@code --spans} spans with other traces each, one after the other
 * into the same store, a sustained load that compaction must keep up with (each round is generated between
 * the writes; the generating thread's CPU is left out of the figures).
 *
 * <p>Usage: {@code java -jar pinscope-storage-benchmark.jar [--engine rocksdb] [--spans 2000000]
 * [--threads 2] [--batch 1000] [--flush-batches 50] [--rounds 1] [--dir PATH] [--options rocksdb.key=value,...]}
 */
public final class StorageWriteBenchmark {
  private static final Integer JAVA = ServiceTypeRegistry.JAVA.code();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    String engine = opts.getOrDefault("engine", "rocksdb");
    int spans = Integer.parseInt(opts.getOrDefault("spans", "2000000"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
    int batchSize = Integer.parseInt(opts.getOrDefault("batch", "1000"));
    int flushBatches = Integer.parseInt(opts.getOrDefault("flush-batches", "50"));
    Path dir = opts.containsKey("dir") ? Path.of(opts.get("dir")) : Files.createTempDirectory("pinscope-bench");

    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "1"));
    StorageConfig.Builder config = StorageConfig.builder().engine(engine).dataDirectory(dir);
    engineOptions(opts.getOrDefault("options", "")).forEach(config::engineOption);
    long written = 0;
    long elapsedNanos = 0;
    long writeCpuNanos;
    long settledCpuNanos;
    long compactCpuNanos;
    long uncompactedBytes;
    long compactedBytes;
    String memoryAfterWrite;
    Optional<RocksDbCounters> counters;
    try (Storage storage = Storage.open(config.build())) {
      long cpu0 = ProcessStats.cpuNanos();
      long generationCpuNanos = 0;
      for (int round = 0; round < rounds; round++) {
        // Later rounds are generated while RocksDB works in the background: their generation (this thread's
        // CPU) is left out of the figures, RocksDB's background work in the meantime is not.
        long gen0 = THREADS.getCurrentThreadCpuTime();
        System.out.printf(Locale.ROOT, "round %d of %d: generating %,d spans (%,d traces) ...%n", round + 1, rounds,
            spans, spans / SyntheticTraces.SPANS_PER_TRACE);
        Workload workload = Workload.generate(spans, threads, batchSize, flushBatches, round);
        if (round == 0) {
          cpu0 = ProcessStats.cpuNanos();
        } else {
          generationCpuNanos += THREADS.getCurrentThreadCpuTime() - gen0;
        }
        long nanos = workload.writeTo(storage);
        elapsedNanos += nanos;
        written += workload.spans();
        long cpuSoFar = ProcessStats.cpuNanos() - cpu0 - generationCpuNanos;
        System.out.printf(Locale.ROOT, "round %d: %,.0f spans/s, %.2f CPU s per 100k spans so far, %s, %s, load %s%n",
            round + 1, workload.spans() / (nanos / 1e9), cpuSoFar / 1e9 * 100_000 / written,
            RocksDbCounters.of(storage.store()).map(StorageWriteBenchmark::describe).orElse("-"),
            ProcessStats.memory(), ProcessStats.loadAverage());
      }
      writeCpuNanos = ProcessStats.cpuNanos() - cpu0 - generationCpuNanos;
      memoryAfterWrite = ProcessStats.memory();
      settledCpuNanos = writeCpuNanos + ProcessStats.awaitIdle();
      counters = RocksDbCounters.of(storage.store());
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
    counters.ifPresent(c -> System.out.printf(Locale.ROOT, "rocksdb after writing, settled (before the full "
        + "compaction): %s%n", describe(c)));
    System.out.printf(Locale.ROOT, "on disk after writing (live SST + WAL): %,d bytes = %.1f bytes/span%n",
        uncompactedBytes, (double) uncompactedBytes / written);
    System.out.printf(Locale.ROOT, "on disk after full compaction: %,d bytes = %.1f bytes/span (SST + WAL); "
        + "after close %,d bytes in SST files = %.1f bytes/span (%,d bytes in the directory, metadata included)%n",
        compactedBytes, (double) compactedBytes / written, sstBytes, (double) sstBytes / written, allBytes);
    if (engine.equals("rocksdb")) {
      FamilySizes.print(dir, written);
    }
  }

  /** Write amplification and the bytes behind it. */
  private static String describe(RocksDbCounters c) {
    return String.format(Locale.ROOT, "write amplification %.2f (flushed %,d MiB, compactions read %,d MiB and "
        + "wrote %,d MiB, writes stalled %.1f s)", c.writeAmplification(), c.flushedBytes() >> 20,
        c.compactionReadBytes() >> 20, c.compactionWrittenBytes() >> 20, c.stallMicros() / 1e6);
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
      return generate(spans, threads, batchSize, flushBatches, 0);
    }

    /** Like {@link #generate(int, int, int, int)}, with other traces for each {@code round} (0 gives the same). */
    static Workload generate(int spans, int threads, int batchSize, int flushBatches, int round) {
      int traces = spans / SyntheticTraces.SPANS_PER_TRACE;
      int tracesPerBatch = Math.max(1, batchSize / SyntheticTraces.SPANS_PER_TRACE);
      return new Workload(StorageWriteBenchmark.generate(threads, traces, tracesPerBatch, flushBatches,
          (long) round * threads));
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

  private static List<List<Step>> generate(int threads, int traces, int tracesPerBatch, int flushBatches,
      long seedOffset) {
    List<List<Step>> perThread = new ArrayList<>();
    long now = System.currentTimeMillis() * 1_000_000L;
    long hour = 3_600_000_000_000L;
    for (int t = 0; t < threads; t++) {
      SyntheticTraces gen = new SyntheticTraces(42 + seedOffset + t, 8);
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
            + " (expected: --engine|--spans|--threads|--batch|--flush-batches|--rounds|--dir|--options followed by a value)");
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  private StorageWriteBenchmark() {}
}
