package io.pinscope.storage.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** This process's CPU time and memory, and the machine's load average, as the benchmarks report them (Linux). */
final class ProcessStats {
  /** CPU time of the whole process (every thread, native ones included), nanoseconds. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Waits until the process is idle (under 5 % of a core over the last second: RocksDB's flushes and
   * compactions after a burst of writes have finished), at most a minute; returns the CPU time used meanwhile,
   * nanoseconds.
   */
  static long awaitIdle() throws InterruptedException {
    long start = cpuNanos();
    long deadline = System.nanoTime() + 60_000_000_000L;
    long last = start;
    while (System.nanoTime() < deadline) {
      Thread.sleep(1_000); // sampling period, not synchronisation
      long now = cpuNanos();
      if (now - last < 50_000_000L) {
        return now - start;
      }
      last = now;
    }
    return cpuNanos() - start;
  }

  /** RSS, its peak, and the heap: {@code "RSS 812 MiB (peak 900 MiB), heap 400 MiB used of 2048 MiB"}. */
  static String memory() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return String.format(Locale.ROOT, "RSS %d MiB (peak %d MiB), heap %d MiB used of %d MiB committed",
        statusKib("VmRSS:") >> 10, statusKib("VmHWM:") >> 10, heap.getUsed() >> 20, heap.getCommitted() >> 20);
  }

  /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or {@code "?"}. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** A {@code /proc/self/status} field in KiB, or -1 where there is none. */
  private static long statusKib(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: reported as -1
    }
    return -1;
  }

  private ProcessStats() {}
}
