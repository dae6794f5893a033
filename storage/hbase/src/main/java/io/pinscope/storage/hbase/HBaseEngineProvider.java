package io.pinscope.storage.hbase;

import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.StorageEngineProvider;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import java.util.List;

/**
 * The {@code hbase} engine: the wide-column SPI over an Apache HBase 2.x cluster (client 2.6), for
 * deployments that outgrow one machine. Needs no data directory; any number of Pinscope processes
 * (collectors, query servers) may open the same namespace at once.
 *
 * <p><b>Layout.</b> Each table is {@code namespace:table}, each family a column family with one version, the
 * table's TTL, {@code FAST_DIFF} encoding and the chosen compression, pre-split into one region per salt
 * bucket (see {@link HBaseSchema}, whose {@link HBaseSchema#ddl} prints the shell statements).
 *
 * <p><b>Schema check.</b> {@link #open} checks that the namespace, tables and families exist with the
 * expected kinds and TTLs and fails with a {@link io.pinscope.storage.spi.StorageException} listing every
 * difference, unless {@code hbase.create-tables=true}, which creates what is missing and corrects TTLs.
 * Nothing is ever dropped.
 *
 * <p><b>Writes</b> are acknowledged by the region servers (their write-ahead logs) before
 * {@link WideColumnStore#write} returns, so they survive the Pinscope process; they are atomic per row,
 * not per batch. Counters are HBase increments, maxima a compare-and-set loop (see {@link BatchWriter}),
 * so several processes writing the same statistics add up. A cluster that does not answer fails a call
 * within about the operation timeout (a few seconds) with a {@link io.pinscope.storage.spi.StorageException},
 * which the receiver answers with 503 / UNAVAILABLE so that exporters retry.
 *
 * <p><b>TTL</b> follows the region servers' wall clock (not {@link EngineConfig#clock()}), in seconds.
 * Expired cells are hidden at read time at once and removed from disk by compactions;
 * {@link WideColumnStore#purgeExpired()} requests a major compaction of every table with a TTL. A counter
 * expires one TTL after its last increment, a max cell one TTL after it was last raised.
 *
 * <p><b>Options</b> ({@link EngineConfig#options()}; unknown {@code hbase.*} keys are rejected):
 * <ul>
 *   <li>{@code hbase.zookeeper-quorum} ({@code localhost}): the ZooKeeper hosts, comma-separated.
 *   <li>{@code hbase.zookeeper-port} ({@code 2181}): their client port.
 *   <li>{@code hbase.znode-parent} ({@code /hbase}): HBase's root znode.
 *   <li>{@code hbase.namespace} ({@code pinscope}): the namespace holding the tables.
 *   <li>{@code hbase.create-tables} ({@code false}): create missing namespace, tables and families, and
 *       correct TTLs, at open.
 *   <li>{@code hbase.salt-buckets} ({@code 16}, 1..256): how many salt buckets (and pre-split regions per
 *       table) row keys are spread over. Fixed for the life of the tables: keys written with another
 *       count are not found.
 *   <li>{@code hbase.compression} ({@code snappy}): {@code none}, {@code gz}, {@code snappy}, {@code lz4} or
 *       {@code zstd} for new tables; when the servers lack the codec, {@code gz}, then none, with a warning.
 *   <li>{@code hbase.operation-timeout-ms} ({@code 5000}): the longest one operation may take, retries
 *       included.
 *   <li>{@code hbase.rpc-timeout-ms} ({@code 3000}): the longest one RPC may take.
 *   <li>{@code hbase.retries} ({@code 3}): retries of a failed RPC (and ZooKeeper lookup).
 *   <li>{@code hbase.conf.<property>}: any HBase client property, set as is (for example
 *       {@code hbase.conf.hbase.client.ipc.pool.size=2}); applied last, so it wins.
 * </ul>
 */
public final class HBaseEngineProvider implements StorageEngineProvider {
  /** The engine's name in configuration. */
  public static final String NAME = "hbase";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public HBaseEngineProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WideColumnStore open(EngineConfig config, List<TableSpec> tables) {
    return HBaseStore.open(config, tables);
  }
}
