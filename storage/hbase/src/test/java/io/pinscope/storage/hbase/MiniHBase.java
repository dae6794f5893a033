package io.pinscope.storage.hbase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncAdmin;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One HBase mini-cluster per test JVM (ZooKeeper, one master, one region server, on the local file system:
 * no HDFS, no web UIs, small memory settings), started by the first test class that uses this extension and
 * stopped when the JVM's test run ends. A test gets a namespace of its own: a new one
 * ({@link #newNamespace()}, dropped after the test) or a reused one ({@link #reusedNamespace()}: the tables
 * another test made there, emptied after it, which saves creating and dropping them for every test).
 */
public final class MiniHBase implements BeforeAllCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(MiniHBase.class);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static volatile Cluster cluster;

  /** The running cluster: started once per JVM. */
  static final class Cluster implements AutoCloseable {
    final HBaseTestingUtility util;
    final AsyncConnection connection;
    final List<String> namespaces = new ArrayList<>();
    /** Reused namespaces: emptied after each test that took one, free again after that. */
    final List<String> reused = new ArrayList<>();
    final List<String> free = new ArrayList<>();

    Cluster() throws Exception {
      util = new HBaseTestingUtility();
      Configuration c = util.getConfiguration();
      c.setInt("hbase.master.info.port", -1);
      c.setInt("hbase.regionserver.info.port", -1);
      // Local file system: the WAL writer that needs no HDFS, and no hflush capability check.
      c.set("hbase.wal.provider", "filesystem");
      c.setBoolean("hbase.unsafe.stream.capability.enforce", false);
      // Memory: no 2 MB memstore chunk per region, small caches, few handlers.
      c.setBoolean("hbase.hregion.memstore.mslab.enabled", false);
      c.setFloat("hfile.block.cache.size", 0.1f);
      c.setInt("hbase.regionserver.handler.count", 8);
      c.setInt("hbase.regionserver.metahandler.count", 4);
      c.setInt("hbase.master.handler.count", 8);
      c.setInt("hbase.hstore.flusher.count", 1);
      c.setInt("hbase.regionserver.executor.openregion.threads", 4);
      c.setInt("hbase.regionserver.executor.closeregion.threads", 4);
      // ZooKeeper and the master's table-state mirror: no fsync per znode write (a test cluster's znodes
      // need not survive a power cut, and fsyncs on a busy build machine take seconds).
      System.setProperty("zookeeper.forceSync", "no");
      c.setBoolean("hbase.mirror.table.state.to.zookeeper", false);
      long started = System.nanoTime();
      util.startMiniZKCluster();
      util.startMiniHBaseCluster(StartMiniClusterOption.builder().numMasters(1).numRegionServers(1)
          .numDataNodes(0).createRootDir(true).build());
      connection = ConnectionFactory.createAsyncConnection(c).get(60, TimeUnit.SECONDS);
      System.out.printf("HBase mini-cluster up in %d ms (ZooKeeper port %d)%n",
          (System.nanoTime() - started) / 1_000_000, zookeeperPort());
    }

    int zookeeperPort() {
      return util.getZkCluster().getClientPort();
    }

    @Override
    public void close() throws IOException {
      connection.close();
      util.shutdownMiniCluster();
    }
  }

  /** The cluster, started on first use. */
  static Cluster cluster() {
    Cluster c = cluster;
    if (c == null) {
      throw new IllegalStateException("no mini-cluster: extend the test with @ExtendWith(MiniHBase.class)");
    }
    return c;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = context.getRoot().getStore(STORE).getOrComputeIfAbsent(Cluster.class, k -> {
      try {
        return new Cluster();
      } catch (Exception e) {
        throw new IllegalStateException("the HBase mini-cluster did not start", e);
      }
    }, Cluster.class);
  }

  /** Drops the tables of the new namespaces the test made, then the namespaces; empties the reused ones. */
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Cluster c = cluster();
    List<String> made;
    List<String> used;
    synchronized (c.namespaces) {
      made = List.copyOf(c.namespaces);
      c.namespaces.clear();
      used = List.copyOf(c.reused);
      c.reused.clear();
    }
    AsyncAdmin admin = c.connection.getAdmin();
    for (String ns : used) {
      empty(c, ns);
      synchronized (c.namespaces) {
        c.free.add(ns);
      }
    }
    for (String ns : made) {
      if (!admin.listNamespaces().get().contains(ns)) {
        continue;
      }
      List<CompletableFuture<Void>> drops = new ArrayList<>();
      for (TableName t : admin.listTableNamesByNamespace(ns).get()) {
        drops.add(admin.disableTable(t).thenCompose(v -> admin.deleteTable(t)));
      }
      CompletableFuture.allOf(drops.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      admin.deleteNamespace(ns).get(60, TimeUnit.SECONDS);
    }
  }

  /** Deletes every row of every table of {@code namespace}, all tables at once. */
  private static void empty(Cluster c, String namespace) throws Exception {
    AsyncAdmin admin = c.connection.getAdmin();
    if (!admin.listNamespaces().get().contains(namespace)) {
      return;
    }
    List<CompletableFuture<?>> deleting = new ArrayList<>();
    for (TableName t : admin.listTableNamesByNamespace(namespace).get()) {
      var table = c.connection.getTable(t);
      // Row delete markers at the region server's time: the next test's writes come tens of milliseconds
      // later at least (opening a store), so they are not masked.
      deleting.add(table.scanAll(new Scan().setFilter(new FirstKeyOnlyFilter())).thenCompose(rows -> {
        List<Row> deletes = new ArrayList<>();
        for (Result r : rows) {
          deletes.add(new Delete(r.getRow()));
        }
        return table.batchAll(deletes);
      }));
    }
    CompletableFuture.allOf(deleting.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
  }

  /**
   * A namespace for this test alone that another test may have used before: its tables (if any) are
   * present but empty. The engine, opened with {@code hbase.create-tables=true}, creates what is missing and
   * corrects TTLs. Emptied after the current test.
   */
  static String reusedNamespace() {
    Cluster c = cluster();
    synchronized (c.namespaces) {
      String ns = c.free.isEmpty() ? "r" + NAMESPACES.incrementAndGet() : c.free.remove(c.free.size() - 1);
      c.reused.add(ns);
      return ns;
    }
  }

  /** A namespace no test used before; its tables are dropped after the current test. */
  static String newNamespace() {
    String ns = "t" + NAMESPACES.incrementAndGet();
    Cluster c = cluster();
    synchronized (c.namespaces) {
      c.namespaces.add(ns);
    }
    return ns;
  }

  /** Engine options for the mini-cluster: the namespace, tables created, 4 salt buckets, gz compression. */
  static Map<String, String> options(String namespace) {
    return options(cluster(), namespace);
  }

  /** {@link #options(String)} for a cluster started outside JUnit (the write benchmark's own). */
  static Map<String, String> options(Cluster cluster, String namespace) {
    return Map.of(
        HBaseSettings.ZOOKEEPER_QUORUM, "localhost",
        HBaseSettings.ZOOKEEPER_PORT, Integer.toString(cluster.zookeeperPort()),
        HBaseSettings.NAMESPACE, namespace,
        HBaseSettings.CREATE_TABLES, "true",
        HBaseSettings.SALT_BUCKETS, "4",
        HBaseSettings.COMPRESSION, "gz");
  }
}
