package io.pinscope.storage.rocksdb;

import io.pinscope.storage.spi.CellKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionOptionsUniversal;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.HistogramType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.Statistics;
import org.rocksdb.StatsLevel;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The native option objects one database is opened and used with. They must outlive the database, so
 * the store closes this only after the database itself.
 *
 * <p>Why these values (see also the module's RATIONALE.md):
 * <ul>
 *   <li>64 MiB memtables (4x RocksDB's default) with a shared cap on all of them together: fewer, larger
 *       flushes and less write amplification, with bounded memory however many families the schema has.
 *       The memtables are charged to the block cache (a {@code WriteBufferManager}), whose capacity is the
 *       block cache plus that cap: RocksDB's memory is one bounded pool.
 *   <li>{@code max_total_wal_size} at twice that cap, so a family that is rarely written does not keep
 *       old write-ahead log files alive forever.
 *   <li>Two background jobs (the target machine has two cores), pipelined writes and (RocksDB's default)
 *       concurrent memtable inserts, because many threads write at once.
 *   <li>Dynamic level sizes, so about 90% of the data sits in the bottommost level, which is compressed
 *       with ZSTD while the often rewritten upper levels use LZ4 (by default; {@code rocksdb.compression}).
 *   <li>64 KiB blocks and, on a ZSTD bottommost level, a 64 KiB ZSTD dictionary per table file: spans
 *       share most of their strings, which a dictionary gives every block (issue 14: 59 → 49 bytes/span).
 *       Point reads are rare and cached.
 *   <li>A 10 bits/key bloom filter for point lookups, except on the bottommost level
 *       ({@code optimize_filters_for_hits}): trace and scatter reads are range scans, which whole-key filters
 *       do not serve, and 1.25 bytes a key there was 2.5 % of the disk. Index and filter blocks live in the
 *       block cache (memory stays bounded) with those of level 0 pinned.
 *   <li>RocksDB's info {@code LOG} in the data directory rotates at 1 MiB with 3 old files kept (at most
 *       4 MiB), so that it cannot eat the space a full disk just got back.
 *   <li>No flush while the write-ahead log is replayed at open ({@code avoid_flush_during_recovery}): a
 *       restart on a nearly full disk needs no room for new table files.
 *   <li>Levelled compaction by default; universal compaction for byte families with a TTL on request
 *       ({@code rocksdb.compaction=universal}): traces, scatter dots, metrics and logs are written once and
 *       only expire, so merging whole sorted runs rewrites each byte fewer times (3.1 vs 3.7 in the storage
 *       benchmark), but each full merge of the trace family is one long job on the single compaction thread,
 *       behind which level-0 runs pile up until writes stall: in a 10-minute soak at 156k spans/s on two
 *       cores universal kept 124k spans/s with dips to 87k and 30 stalls, levelled 150k, flat but for the
 *       last minute (BENCHMARKS.md, issue 14). A full universal merge is triggered when the newer runs reach
 *       the size of the oldest (size amplification 100 %).
 *   <li>Under levelled compaction, a byte family with a TTL (written once: traces, scatter dots, metrics, logs)
 *       is compacted from level 0 once {@value #WRITE_ONCE_LEVEL0_TRIGGER} files are there, not RocksDB's 4:
 *       keys are random (trace ids), so every level-0 merge rewrites most of the base level, and merging four
 *       times as much at once rewrites it a quarter as often. Storage benchmark, 24M spans: write amplification
 *       5.86 → 2.82, CPU per span 15–19 % lower; trace reads look into up to that many more level-0 files, whose index
 *       and filter blocks are pinned (issue 14, BENCHMARKS.md round 8). Writes slow down at three times as
 *       many files and stop at four times.
 *   <li>RocksDB statistics (tickers only, no histograms or timers) so that {@link RocksDbCounters} can
 *       report write amplification.
 *   <li>{@link #writeNoStall}: writes try first without waiting out a stall, because on a full disk a
 *       stalled write would wait for a recovery that needs free space (see {@link DiskGuard}).
 * </ul>
 */
final class NativeOptions implements AutoCloseable {
  private static final long ONE_HOUR = 3600;
  private static final long THIRTY_DAYS = 30 * 24 * ONE_HOUR;
  /** Share of the block cache where index and filter blocks (high priority) outlive data blocks. */
  private static final double HIGH_PRIORITY_RATIO = 0.5;
  /** ZSTD's advice: about 100 bytes of samples per byte of dictionary. */
  private static final int TRAIN_BYTES_PER_DICT_BYTE = 100;
  /** Data buffered to sample a table file's dictionary from (uncompressed; per running compaction). */
  private static final long DICT_BUFFER_BYTES = 16L << 20;
  /**
   * Universal compaction merges everything once the newer sorted runs are this big against the oldest:
   * RocksDB's 200 % would let a burst take three times its size on disk before the first full merge.
   */
  private static final int UNIVERSAL_SIZE_AMPLIFICATION_PERCENT = 100;

  /** Level-0 files that start a compaction in a write-once family (RocksDB's default is 4). */
  static final int WRITE_ONCE_LEVEL0_TRIGGER = 16;

  private final RocksDbSettings settings;
  private final LRUCache blockCache;
  private final WriteBufferManager writeBufferManager;
  private final BloomFilter bloomFilter;
  private final BlockBasedTableConfig tableConfig;
  private final List<CompactionOptionsUniversal> universalOptions = new ArrayList<>();
  final Statistics statistics;
  private final List<ColumnFamilyOptions> familyOptions = new ArrayList<>();
  final DBOptions db;
  final WriteOptions write;
  /** Like {@link #write}, but fails with {@code Incomplete} instead of waiting out a write stall. */
  final WriteOptions writeNoStall;
  final ReadOptions read;

  NativeOptions(RocksDbSettings settings) {
    this.settings = settings;
    // Memtables are charged to the block cache (WriteBufferManager), so RocksDB's memory is one bounded
    // pool: blocks get at least blockCacheBytes, and what idle memtables leave.
    blockCache = new LRUCache(settings.blockCacheBytes() + settings.totalWriteBufferBytes(), -1, false,
        HIGH_PRIORITY_RATIO);
    writeBufferManager = new WriteBufferManager(settings.totalWriteBufferBytes(), blockCache);
    bloomFilter = new BloomFilter(10);
    tableConfig = new BlockBasedTableConfig()
        .setBlockSize(settings.blockSizeBytes())
        .setBlockCache(blockCache)
        .setFilterPolicy(bloomFilter)
        .setWholeKeyFiltering(true)
        .setCacheIndexAndFilterBlocks(true)
        .setCacheIndexAndFilterBlocksWithHighPriority(true)
        .setPinL0FilterAndIndexBlocksInCache(true);
    // Tickers only: with every histogram ignored RocksDB does not time operations for them either.
    statistics = new Statistics(EnumSet.allOf(HistogramType.class));
    statistics.setStatsLevel(StatsLevel.EXCEPT_DETAILED_TIMERS);
    db = new DBOptions()
        .setStatistics(statistics)
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2)
        .setEnablePipelinedWrite(true)
        .setWriteBufferManager(writeBufferManager)
        .setMaxTotalWalSize(2 * settings.totalWriteBufferBytes())
        .setBytesPerSync(1 << 20)
        .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
        .setMaxLogFileSize(1 << 20)
        .setKeepLogFileNum(3)
        .setAvoidFlushDuringRecovery(true);
    write = new WriteOptions().setDisableWAL(false).setSync(settings.sync());
    writeNoStall = new WriteOptions().setDisableWAL(false).setSync(settings.sync()).setNoSlowdown(true);
    read = new ReadOptions();
  }

  /**
   * Options of a family holding {@code kind} cells with a TTL of {@code ttlSeconds} (0 = forever).
   * Owned by this object.
   */
  ColumnFamilyOptions family(CellKind kind, long ttlSeconds) {
    ColumnFamilyOptions o = baseFamilyOptions()
        .setOptimizeFiltersForHits(true)
        .setWriteBufferSize(settings.writeBufferBytes())
        .setMaxWriteBufferNumber(3)
        .setLevelCompactionDynamicLevelBytes(true)
        .setCompressionType(settings.compression().upper)
        .setBottommostCompressionType(settings.compression().bottommost)
        .setTableFormatConfig(tableConfig);
    familyOptions.add(o);
    switch (kind) {
      case BYTES -> { }
      case COUNTER -> o.setMergeOperatorName("uint64add");
      case MAX -> o.setMergeOperatorName("max");
    }
    boolean writeOnce = kind == CellKind.BYTES && ttlSeconds > 0;
    if (writeOnce && settings.compaction() == RocksDbSettings.Compaction.UNIVERSAL) {
      CompactionOptionsUniversal universal = new CompactionOptionsUniversal()
          .setMaxSizeAmplificationPercent(UNIVERSAL_SIZE_AMPLIFICATION_PERCENT);
      universalOptions.add(universal);
      o.setCompactionStyle(CompactionStyle.UNIVERSAL).setCompactionOptionsUniversal(universal);
    } else if (writeOnce) {
      o.setLevel0FileNumCompactionTrigger(WRITE_ONCE_LEVEL0_TRIGGER)
          .setLevel0SlowdownWritesTrigger(3 * WRITE_ONCE_LEVEL0_TRIGGER)
          .setLevel0StopWritesTrigger(4 * WRITE_ONCE_LEVEL0_TRIGGER);
    }
    // TtlDB drops expired cells only when compaction rewrites them. Files that nothing else compacts
    // are rewritten once they are about one TTL old (kept between 1 hour and RocksDB's 30-day default
    // so that tiny TTLs do not cause a compaction storm); families without TTL are never rewritten
    // just for age.
    long periodic = ttlSeconds == 0 ? 0 : Math.min(Math.max(ttlSeconds, ONE_HOUR), THIRTY_DAYS);
    o.setPeriodicCompactionSeconds(periodic);
    o.setTtl(0);
    return o;
  }

  /**
   * Options of a column family found on disk that no table names and whose kind the name does not
   * tell: no merge operator is known, so automatic compaction (which would need one for counter data)
   * stays off and the data is kept as it is.
   */
  ColumnFamilyOptions unknownFamily() {
    ColumnFamilyOptions o = family(CellKind.BYTES, 0);
    o.setDisableAutoCompactions(true);
    return o;
  }

  /**
   * Family options with the bottommost level's compression options: a ZSTD dictionary per table file
   * ({@code rocksdb.compression-dict-kib}) when the bottommost level is ZSTD. RocksJava has no setter for
   * {@code use_zstd_dict_trainer}, so these come from an options string.
   */
  private ColumnFamilyOptions baseFamilyOptions() {
    int dict = settings.compressionDictBytes();
    if (dict == 0 || settings.compression().bottommost != CompressionType.ZSTD_COMPRESSION) {
      return new ColumnFamilyOptions();
    }
    Properties p = new Properties();
    // ZSTD's finalizeDictionary over samples of the file's first blocks instead of its full trainer: files
    // as small, and about a third less time to write them (measured, see RATIONALE.md).
    p.setProperty("bottommost_compression_opts", "{enabled=true;max_dict_bytes=" + dict + ";zstd_max_train_bytes="
        + TRAIN_BYTES_PER_DICT_BYTE * dict + ";use_zstd_dict_trainer=false;max_dict_buffer_bytes="
        + DICT_BUFFER_BYTES + "}");
    try (ConfigOptions config = new ConfigOptions()) {
      ColumnFamilyOptions o = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(config, p);
      if (o == null) {
        throw new IllegalStateException("rocksdb rejected the family options " + p);
      }
      return o;
    }
  }

  /** The memtable memory of all families together, bytes. */
  long totalWriteBufferBytes() {
    return settings.totalWriteBufferBytes();
  }

  @Override
  public void close() {
    read.close();
    write.close();
    writeNoStall.close();
    familyOptions.forEach(ColumnFamilyOptions::close);
    universalOptions.forEach(CompactionOptionsUniversal::close);
    db.close();
    statistics.close();
    writeBufferManager.close();
    bloomFilter.close();
    blockCache.close();
  }
}
