package io.pinscope.storage.hbase;

import io.pinscope.storage.Storage;
import io.pinscope.storage.StorageConfig;
import io.pinscope.storage.benchmark.StorageWriteBenchmark.Workload;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncAdmin;
import org.apache.hadoop.hbase.client.CompactionState;
import org.apache.hadoop.hbase.util.CommonFSUtils;

/**
 * The storage write benchmark's workload ({@link Workload}: trace rows, scatter dots and aggregated
 * statistics, the same spans as {@code StorageWriteBenchmark} writes to rocksdb) on the {@code hbase} engine
 * against a one-machine mini-cluster ({@link MiniHBase.Cluster}: ZooKeeper, one master and one region server
 * in this JVM, on the local file system). Prints spans/s with the clock around the writes alone, then
 * flushes and major-compacts every table of the namespace and prints bytes/span from the engine's
 * {@code diskBytes()} (store files, as the region server reports them) and from the store files' exact
 * sizes on the file system. A program, not a test.
 *
 * <p>Usage: {@code HBaseWriteBenchmark [spans (300000)] [writer threads (2)]}; the command with its JVM
 * flags is in BENCHMARKS.md.
 */
public final class HBaseWriteBenchmark {
  private static final String NAMESPACE = "bench";

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Workload workload = Workload.generate(spans, threads, 1_000, 50);
    try (MiniHBase.Cluster cluster = new MiniHBase.Cluster()) {
      StorageConfig.Builder config = StorageConfig.builder().engine("hbase");
      MiniHBase.options(cluster, NAMESPACE).forEach(config::engineOption);
      try (Storage storage = Storage.open(config.build())) {
        long cpuBefore = processCpuNanos();
        double seconds = workload.writeTo(storage) / 1e9;
        double cpuMicrosPerSpan = (processCpuNanos() - cpuBefore) / 1e3 / workload.spans();
        System.out.printf(Locale.ROOT, "engine=hbase (mini-cluster) threads=%d spans=%,d time=%.2fs%n",
            threads, workload.spans(), seconds);
        System.out.printf(Locale.ROOT, "throughput: %,.0f spans/s; CPU (writers, client and cluster in this JVM)"
            + " %.1f us/span%n", workload.spans() / seconds, cpuMicrosPerSpan);
        flushAndCompact(cluster.connection.getAdmin());
        long reported = settledDiskBytes(storage);
        long files = storeFileBytes(cluster);
        System.out.printf(Locale.ROOT, "after flush and major compaction: diskBytes() %,d bytes = %.1f bytes/span;"
            + " store files on the file system %,d bytes = %.1f bytes/span%n",
            reported, (double) reported / workload.spans(), files, (double) files / workload.spans());
        long wal = walBytes(cluster);
        System.out.printf(Locale.ROOT, "write-ahead log written: %,d bytes = %.1f bytes/span%n",
            wal, (double) wal / workload.spans());
      }
    }
    // Hadoop and HBase threads (metrics, cleaners) may outlive the shut-down cluster and keep the JVM up.
    System.exit(0);
  }

  /** Flushes every table of the namespace, asks for major compactions and waits until none is running. */
  private static void flushAndCompact(AsyncAdmin admin) throws Exception {
    List<TableName> tables = admin.listTableNamesByNamespace(NAMESPACE).get();
    List<CompletableFuture<Void>> requests = new ArrayList<>();
    for (TableName t : tables) {
      requests.add(admin.flush(t).thenCompose(v -> admin.majorCompact(t)));
    }
    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    for (TableName t : tables) {
      while (admin.getCompactionState(t).get() != CompactionState.NONE) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("compaction of " + t + " still running after 10 minutes");
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * {@code diskBytes()} once it stops changing: the region server reports store file sizes every few
   * seconds ({@code hbase.regionserver.msginterval}, 3 s), so a figure counts when four reports 2 s apart
   * agree.
   */
  private static long settledDiskBytes(Storage storage) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long last = -1;
    int same = 0;
    while (same < 4) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("store file sizes still changing after 5 minutes: " + last);
      }
      Thread.sleep(2_000);
      long now = storage.store().diskBytes();
      same = now == last ? same + 1 : 0;
      last = now;
    }
    return last;
  }

  /**
   * The exact size of the namespace's store files ({@code <root>/data/<namespace>/<table>/<region>/<family>/*}),
   * as {@code diskBytes()} comes from the region server's report in whole megabytes per region, which is
   * coarse for a small data set split into many regions.
   */
  private static long storeFileBytes(MiniHBase.Cluster cluster) throws IOException {
    Configuration conf = cluster.util.getConfiguration();
    Path namespaceDir = CommonFSUtils.getNamespaceDir(CommonFSUtils.getRootDir(conf), NAMESPACE);
    FileSystem fs = namespaceDir.getFileSystem(conf);
    long total = 0;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(namespaceDir, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String relative = namespaceDir.toUri().relativize(f.getPath().toUri()).getPath();
      String[] parts = relative.split("/");
      // table/region/family/file; not .regioninfo, .tmp, .tabledesc or recovered.edits.
      if (parts.length == 4 && !relative.contains("/.") && !relative.startsWith(".")
          && !parts[2].equals("recovered.edits")) {
        total += f.getLen();
      }
    }
    return total;
  }

  /**
   * The bytes of the region server's write-ahead logs, live and rolled ({@code WALs}, {@code oldWALs}; the
   * cleaner keeps rolled logs for 10 minutes): what a cluster writes to HDFS, times its replication, before
   * any flush. hbase:meta's few edits are included.
   */
  private static long walBytes(MiniHBase.Cluster cluster) throws IOException {
    Configuration conf = cluster.util.getConfiguration();
    Path root = CommonFSUtils.getWALRootDir(conf);
    FileSystem fs = root.getFileSystem(conf);
    long total = 0;
    for (String dir : List.of(HConstants.HREGION_LOGDIR_NAME, HConstants.HREGION_OLDLOGDIR_NAME)) {
      Path logs = new Path(root, dir);
      if (fs.exists(logs)) {
        total += fs.getContentSummary(logs).getLength();
      }
    }
    return total;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private HBaseWriteBenchmark() {}
}
