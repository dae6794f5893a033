package io.pinscope.receiver.benchmark;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pinscope.receiver.mapping.SpanMapper;
import io.pinscope.receiver.mapping.SpanMapper.MappedSpans;
import io.pinscope.receiver.mapping.SpanMapper.ResourceBatch;
import io.pinscope.receiver.statistics.StatisticsAggregator;
import io.pinscope.receiver.statistics.StatisticsConfig;
import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The statistics aggregation of the ingest path alone ({@link StatisticsAggregator#accept}), on the spans of
 * {@link IngestPathBenchmark}'s exports, each mapped afresh (not timed) before its statistics are taken,
 * as on the ingest path: new spans, attribute values and strings every time. One thread; a flush (to the memory
 * engine) every 20 exports, as the once-a-second flush would, not timed. Prints the thread's CPU seconds per
 * 100k spans, which on a shared machine moves much less than a whole process's.
 *
 * <p>Run: {@code java -cp <test classpath> io.pinscope.receiver.benchmark.StatisticsAcceptBenchmark
 * [rounds=10] [warmupRounds=5] [threads=1]}; a round is one pass over the 400 exports by each thread (the
 * threads share one aggregator, as the ingest threads do; their CPU is summed).
 */
public final class StatisticsAcceptBenchmark {
  private static final int SPANS_PER_EXPORT = 500;
  private static final int DISTINCT_EXPORTS = 400;
  private static final int EXPORTS_PER_FLUSH = 20;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    BenchmarkRequests generator = new BenchmarkRequests(14, System.currentTimeMillis() * 1_000_000L);
    List<byte[]> exports = new ArrayList<>(DISTINCT_EXPORTS);
    for (int i = 0; i < DISTINCT_EXPORTS; i++) {
      exports.add(generator.export(SPANS_PER_EXPORT));
    }
    try (Storage storage = Storage.open(StorageConfig.builder().engine("memory").build());
        StatisticsAggregator aggregator = new StatisticsAggregator(storage.statistics(), storage.traces(),
            StatisticsConfig.defaults(), Clock.systemUTC())) {
      run(aggregator, exports, warmup, threads, "warm-up");
      run(aggregator, exports, rounds, threads, "measured");
    }
  }

  private static void run(StatisticsAggregator aggregator, List<byte[]> exports, int rounds, int threads,
      String label) throws InterruptedException {
    AtomicLong cpuNanos = new AtomicLong();
    AtomicLong spans = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * exports.size() / threads;
      Thread worker = new Thread(() -> {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
          for (int n = 0; n < exports.size(); n++) {
            int i = (n + offset) % exports.size();
            MappedSpans mapped = map(exports.get(i));
            long start = bean.getCurrentThreadCpuTime();
            for (ResourceBatch batch : mapped.batches()) {
              aggregator.accept(batch.identity().serviceType(), batch.spans());
              spans.addAndGet(batch.spans().size());
            }
            cpuNanos.addAndGet(bean.getCurrentThreadCpuTime() - start);
            if (n % EXPORTS_PER_FLUSH == EXPORTS_PER_FLUSH - 1) {
              aggregator.flush();
            }
          }
        }
      }, "bench-stats-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    System.out.printf("%s: %d spans, accept thread CPU %.2f s = %.3f CPU s per 100k spans; load average %.2f%n",
        label, spans.get(), cpuNanos.get() / 1e9, cpuNanos.get() / 1e9 / spans.get() * 100_000,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static MappedSpans map(byte[] export) {
    try {
      return SpanMapper.map(export, System.currentTimeMillis());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private StatisticsAcceptBenchmark() {}
}
