package io.pinscope.storage.rocksdb;

import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.StorageEngineProvider;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import java.util.List;

/**
 * The {@code rocksdb} engine: Pinscope's embedded default. {@link #open} opens (or creates) one RocksDB
 * database in the {@link EngineConfig#dataDirectory() data directory}, which it needs, with a column
 * family per table family.
 *
 * <p><b>Durability.</b> Each {@link WideColumnStore#write} is one RocksDB write batch, so it is atomic,
 * and the write-ahead log is always on. By default the log is not fsynced per write: once
 * {@code write} returns the data is in the operating system's page cache, so it survives the process
 * being killed ({@code kill -9}, out of memory) but not a machine or kernel crash. With
 * {@code rocksdb.sync=true} every write is fsynced before it returns, surviving power loss at a large
 * cost in throughput. Values of large-values families go to the value log first, as durably (fsynced too with
 * {@code rocksdb.sync=true}), then their pointers in the write batch.
 *
 * <p><b>TTL.</b> Tables with a TTL are kept with RocksDB's {@code TtlDB}: every value carries a 4-byte
 * write time, and compaction drops cells whose time plus the TTL is in the past. Counter and max cells
 * work too; merging them refreshes their time, so a counter expires one TTL after it was last merged.
 * TTL follows the wall clock, not {@link EngineConfig#clock()}, and has one-second resolution. Expired
 * cells can still be read until a compaction has passed over them, which happens in the background
 * (files about one TTL old are rewritten) or at once with {@link WideColumnStore#purgeExpired()}, which
 * rewrites every family with a TTL and so is meant for tests and maintenance. A TTL of zero keeps cells
 * forever.
 *
 * <p><b>Options</b> ({@link EngineConfig#options()}; unknown {@code rocksdb.*} keys are rejected):
 * <ul>
 *   <li>{@code rocksdb.sync} ({@code false}): fsync the write-ahead log on every write.
 *   <li>{@code rocksdb.compression} ({@code lz4}): block compression, LZ4 on every level (the least
 *       compaction CPU); or {@code lz4-zstd} (ZSTD on the bottommost level; span values in the value log stay
 *       LZ4), {@code zstd} (span values too: the smallest store, for about twice the CPU per span written),
 *       {@code none}.
 *   <li>{@code rocksdb.block-size-kib} ({@code 64}): uncompressed size of a data block.
 *   <li>{@code rocksdb.block-cache-mib} ({@code 64}): cache of data, index and filter blocks, shared
 *       by all families.
 *   <li>{@code rocksdb.write-buffer-mib} ({@code 64}): memtable size of one family.
 *   <li>{@code rocksdb.total-write-buffer-mib} ({@code 256}): memtable memory of all families together;
 *       reaching it flushes the largest. Memtables are charged to the block cache, so RocksDB's caches and
 *       memtables together stay within the sum of these two (plus a few MiB per running compaction).
 *   <li>{@code rocksdb.compression-dict-kib} ({@code 64}; 0: none): size of the ZSTD dictionary each table
 *       file of the bottommost level gets when that level is ZSTD-compressed (about 20 % smaller spans).
 *   <li>{@code rocksdb.compaction} ({@code level}): levelled compaction for every family; or
 *       {@code universal} for the byte families with a TTL (traces, scatter, metrics, logs: written once, then
 *       expired), which rewrites their data fewer times but stalls writes behind its long full merges on two
 *       cores. Either opens a directory the other wrote.
 *   <li>{@code rocksdb.value-log} ({@code true}): keep the values of large-values families (span values) in
 *       value-log segments ({@code <family>-<id>.vlog} beside RocksDB's files, LZ4, deleted whole at expiry)
 *       with only pointers in RocksDB; {@code false} keeps new values in RocksDB itself. Values written either
 *       the other way stay readable, but values already in the log need it on (see {@link ValueLog}).
 *   <li>{@code rocksdb.disk-reserve-mib} ({@code 0}: none): size of the reserve file ({@code reserve.bin} in
 *       the data directory) deleted when the disk fills and written again when space returns. The server asks
 *       for 64 MiB ({@code --disk-reserve-mib}); stores opened directly (tools, tests) keep none.
 * </ul>
 *
 * <p><b>Full disk.</b> When a write fails for lack of space the store refuses further writes at once with
 * {@link io.pinscope.storage.spi.StorageUnavailableException} ({@code "disk full"}; reads keep working),
 * deletes the reserve so that RocksDB can recover, flush, close and reopen, and resumes writes by itself
 * about a second after RocksDB has recovered and the disk has room for the reserve plus 8 MiB.
 * {@link WideColumnStore#writeFault()} tells whether writes are refused.
 *
 * <p>{@link WideColumnStore#saltBuckets()} is 1: a single node has no hot regions to spread.
 * Opening a directory that another process (or another open store) uses fails with a
 * {@link io.pinscope.storage.spi.StorageException} saying so.
 */
public final class RocksDbEngineProvider implements StorageEngineProvider {
  /** The engine's name in configuration. */
  public static final String NAME = "rocksdb";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RocksDbEngineProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WideColumnStore open(EngineConfig config, List<TableSpec> tables) {
    return RocksDbStore.open(config, tables);
  }
}
