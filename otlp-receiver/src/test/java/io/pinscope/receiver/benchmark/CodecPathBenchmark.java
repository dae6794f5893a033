package io.pinscope.receiver.benchmark;

import io.pinscope.model.StoredSpan;
import io.pinscope.receiver.mapping.SpanMapper;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The span mapping and the storage span encoding alone, on one thread, without the engine or the statistics:
 * the same 400 exports of 500 spans as {@link IngestPathBenchmark}, decoded by {@link SpanMapper} and every span
 * encoded by the storage codec ({@code SpanCodec.encode}, package-private, reached by reflection) as referring
 * to its origin by id (the origin look-up is per scope of an export, not per span). Reports this
 * thread's CPU seconds per 100k spans and bytes allocated per span; the CPU figure a loaded machine disturbs far less than the whole process's CPU.
 * Arguments: seconds (default 20), warm-up seconds (default 10).
 */
public final class CodecPathBenchmark {
  private static final long ORIGIN_ID = 0x5EED_0F_0A1L;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    BenchmarkRequests generator = new BenchmarkRequests(14, System.currentTimeMillis() * 1_000_000L);
    List<byte[]> exports = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      exports.add(generator.export(500));
    }
    Method encode = Class.forName("io.pinscope.storage.SpanCodec").getDeclaredMethod("encode", StoredSpan.class,
        long.class);
    encode.setAccessible(true);
    run(exports, encode, warmup, "warm-up");
    run(exports, encode, seconds, "measured");
  }

  private static void run(List<byte[]> exports, Method encode, int seconds, String label) throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long allocated0 = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    long deadline = start + seconds * 1_000_000_000L;
    long spans = 0;
    long bytes = 0;
    for (int i = 0; System.nanoTime() < deadline; i++) {
      SpanMapper.MappedSpans mapped = SpanMapper.map(exports.get(i % exports.size()), 0);
      for (SpanMapper.ResourceBatch batch : mapped.batches()) {
        for (StoredSpan span : batch.spans()) {
          bytes += ((byte[]) encode.invoke(null, span, ORIGIN_ID)).length;
          spans++;
        }
      }
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    double allocated = (double) (threads.getCurrentThreadAllocatedBytes() - allocated0) / spans;
    System.out.printf("%s: %d spans, %.0f stored bytes/span; thread CPU %.2f s = %.3f CPU s per 100k spans;"
        + " %.0f bytes allocated per span; load average %.2f%n", label, spans, (double) bytes / spans, cpu,
        cpu * 100_000 / spans, allocated,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private CodecPathBenchmark() {}
}
