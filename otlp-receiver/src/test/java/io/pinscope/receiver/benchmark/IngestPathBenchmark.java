package io.pinscope.receiver.benchmark;

import io.pinscope.receiver.IngestPipeline;
import io.pinscope.receiver.OtlpReceiver;
import io.pinscope.receiver.ReceiverConfig;
import io.pinscope.receiver.ReceiverMetrics;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The OTLP traces ingest path in process, without the network: serialized 500-span exports go through
 * what the HTTP and gRPC transports run once a body is read (decode, map, write, statistics) over a real
 * engine, from {@code threads} threads, for a warm-up and then a measured run. Prints spans/s and process
 * CPU seconds per 100k spans (every thread: ingest, GC, the engine's own threads, statistics flushes).
 *
 * <p>Run: {@code java -cp <test classpath> io.pinscope.receiver.benchmark.IngestPathBenchmark
 * [rocksdb|memory] [seconds=30] [threads=2] [warmupSeconds=10]}.
 */
public final class IngestPathBenchmark {
  private static final int SPANS_PER_EXPORT = 500;
  private static final int DISTINCT_EXPORTS = 400;

  public static void main(String[] args) throws Exception {
    String engine = args.length > 0 ? args[0] : "rocksdb";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;

    BenchmarkRequests generator = new BenchmarkRequests(14, System.currentTimeMillis() * 1_000_000L);
    List<byte[]> exports = new ArrayList<>(DISTINCT_EXPORTS);
    long bytes = 0;
    for (int i = 0; i < DISTINCT_EXPORTS; i++) {
      byte[] export = generator.export(SPANS_PER_EXPORT);
      exports.add(export);
      bytes += export.length;
    }
    System.out.printf("%d distinct exports of %d spans, %.0f bytes/span on the wire%n", DISTINCT_EXPORTS,
        SPANS_PER_EXPORT, (double) bytes / DISTINCT_EXPORTS / SPANS_PER_EXPORT);

    Path dir = Files.createTempDirectory("pinscope-ingest-bench");
    StorageConfig.Builder storageConfig = StorageConfig.builder().engine(engine);
    if (engine.equals("rocksdb")) {
      storageConfig.dataDirectory(dir);
    }
    try (Storage storage = Storage.open(storageConfig.build());
        OtlpReceiver receiver = OtlpReceiver.start(ReceiverConfig.builder().workerThreads(threads).build(), storage,
            new ReceiverMetrics(), Clock.systemUTC())) {
      IngestPipeline pipeline = receiver.pipeline();
      run(pipeline, exports, threads, warmup, "warm-up");
      run(pipeline, exports, threads, seconds, "measured");
    } finally {
      delete(dir);
    }
  }

  private static void run(IngestPipeline pipeline, List<byte[]> exports, int threads, int seconds, String label)
      throws InterruptedException {
    AtomicLong spans = new AtomicLong();
    AtomicLong next = new AtomicLong();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          byte[] export = exports.get((int) (next.getAndIncrement() % exports.size()));
          spans.addAndGet(IngestEntry.traces(pipeline, export));
        }
      }, "bench-ingest-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread w : workers) {
      w.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
    System.out.printf("%s: %d spans in %.1f s = %.0f spans/s; process CPU %.1f s = %.3f CPU s per 100k spans;"
        + " load average %.2f%n", label, spans.get(), elapsed, spans.get() / elapsed, cpu,
        cpu / spans.get() * 100_000, os.getSystemLoadAverage());
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private IngestPathBenchmark() {}
}
