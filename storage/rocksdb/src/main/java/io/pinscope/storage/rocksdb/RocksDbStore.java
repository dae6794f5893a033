package io.pinscope.storage.rocksdb;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.Mutation;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.StorageException;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.TtlDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WideColumnStore} of the {@code rocksdb} engine: one {@link TtlDB} with a column family per
 * (table, family), named {@code table.family.kind} (for example {@code traces.span.bytes}), so that a
 * family left on disk by an older schema can still be opened with the right merge operator.
 *
 * <p>Behaviour the SPI leaves to engines (documented for users on {@link RocksDbEngineProvider}):
 * <ul>
 *   <li>Each {@link #write} is one RocksDB write batch: atomic, and in the write-ahead log on return.
 *   <li>Families with {@link FamilySpec#largeValues() large values} keep their values in a {@link ValueLog}
 *       (appended before the batch, which holds pointers to them), unless {@code rocksdb.value-log=false}.
 *   <li>TTL follows the wall clock (RocksDB's, not {@link EngineConfig#clock()}); expired cells are
 *       dropped by compaction, which {@link #purgeExpired()} forces, and are not hidden at read time.
 *   <li>Thread-safe. A read-write lock keeps {@link #close()} from releasing native memory under a
 *       running call, so calls after close fail with {@link IllegalStateException} instead of crashing.
 *   <li>Disk full: a write failing for lack of space (RocksDB status {@code IOError}/{@code NoSpace}, or
 *       a write stall while the disk is nearly full) faults the store: writes then throw
 *       {@link io.pinscope.storage.spi.StorageUnavailableException} ({@code "disk full"}) at once without
 *       touching RocksDB, reads keep working, and a background task checks about every second whether
 *       the disk has room again and RocksDB accepts a probe write, then resumes writes by itself. RocksJava
 *       has no {@code DB::Resume}; RocksDB's own recovery (its SstFileManager retries every few seconds
 *       once the disk has room for the failed flush) clears its error state. See {@link DiskGuard} for
 *       the reserve file that makes room for that recovery, a clean stop and a restart.
 * </ul>
 */
final class RocksDbStore implements WideColumnStore {
  private static final Logger logger = LoggerFactory.getLogger(RocksDbStore.class);
  private static final byte[] PROBE_KEY = bytes("pinscope.disk-probe");

  /**
   * A table's family; {@code id} is its handle's, which serialized batches name it by ({@link BatchEncoder}).
   * A large-values family's values are in {@code log} (or inline, marked, when the log is switched off).
   */
  private record Family(String table, String name, String columnFamily, CellKind kind, ColumnFamilyHandle handle,
      int id, boolean largeValues, @Nullable ValueLog log, long ttlSeconds) {}

  private final Path directory;
  private final TtlDB db;
  private final NativeOptions options;
  /** Every handle the database was opened with, the default family's and leftovers' included. */
  private final List<ColumnFamilyHandle> handles;
  /** The schema's families by table, then family name; read-only after construction. */
  private final Map<String, Map<String, Family>> tables;
  private final List<Family> schemaFamilies;
  private final List<Family> ttlFamilies;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final DiskGuard guard;
  private final ScheduledExecutorService recovery;
  private final List<ValueLog> logs;
  /** When the value logs' expired segments were last looked for (nanoTime); by the disk watcher only. */
  private long logsSweptAt = System.nanoTime();
  private volatile boolean closed;

  private RocksDbStore(Path directory, TtlDB db, NativeOptions options,
      List<ColumnFamilyHandle> handles, Map<String, Map<String, Family>> tables,
      List<Family> ttlFamilies, DiskGuard guard) {
    this.directory = directory;
    this.guard = guard;
    this.db = db;
    this.options = options;
    this.handles = handles;
    this.tables = tables;
    this.ttlFamilies = ttlFamilies;
    List<Family> all = new ArrayList<>();
    tables.values().forEach(t -> all.addAll(t.values()));
    this.schemaFamilies = List.copyOf(all);
    this.logs = all.stream().map(Family::log).filter(l -> l != null).toList();
    this.recovery = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pinscope-rocksdb-disk");
      t.setDaemon(true);
      return t;
    });
    recovery.scheduleWithFixedDelay(this::watchDisk, 1, 1, TimeUnit.SECONDS);
  }

  /** Opens (creating when missing) the store in {@code config}'s data directory. */
  static RocksDbStore open(EngineConfig config, List<TableSpec> tables) {
    requireNonNull(config, "config");
    requireNonNull(tables, "tables");
    RocksDbSettings settings = RocksDbSettings.from(config.options());
    checkUniqueNames(tables);
    Path dir = config.requireDataDirectory(RocksDbEngineProvider.NAME).toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create the rocksdb data directory " + dir + ": " + e
          + " (check the path and its permissions)", e);
    }
    DiskGuard guard = new DiskGuard(dir, settings.diskReserveBytes());
    guard.beforeOpen();
    RocksDB.loadLibrary();
    long started = System.nanoTime();
    NativeOptions options = new NativeOptions(settings);
    try {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      List<Integer> ttls = new ArrayList<>();
      List<@Nullable FamilySpec> specs = new ArrayList<>();
      List<String> tableNames = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY,
          options.family(CellKind.BYTES, 0)));
      ttls.add(0);
      specs.add(null);
      tableNames.add("");
      List<String> names = new ArrayList<>();
      for (TableSpec table : tables) {
        int ttl = (int) Math.min(table.ttl().toSeconds(), Integer.MAX_VALUE);
        for (FamilySpec family : table.families()) {
          String name = familyName(table.name(), family);
          names.add(name);
          descriptors.add(new ColumnFamilyDescriptor(bytes(name), options.family(family.kind(), ttl)));
          ttls.add(ttl);
          specs.add(family);
          tableNames.add(table.name());
        }
      }
      List<String> leftovers = new ArrayList<>();
      for (byte[] existing : existingFamilies(dir)) {
        String name = new String(existing, StandardCharsets.UTF_8);
        if (names.contains(name) || name.equals("default")) {
          continue;
        }
        leftovers.add(name);
        CellKind kind = kindOf(name);
        descriptors.add(new ColumnFamilyDescriptor(existing,
            kind == null ? options.unknownFamily() : options.family(kind, 0)));
        ttls.add(0);
        specs.add(null);
        tableNames.add("");
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      TtlDB db = TtlDB.open(options.db, dir.toString(), descriptors, handles, ttls, false);

      Map<String, Map<String, Family>> byTable = new LinkedHashMap<>();
      List<Family> ttlFamilies = new ArrayList<>();
      for (int i = 0; i < handles.size(); i++) {
        FamilySpec spec = specs.get(i);
        if (spec == null) {
          continue;
        }
        String columnFamily = familyName(tableNames.get(i), spec);
        ValueLog log = spec.largeValues() && settings.valueLog() ? openLog(dir, columnFamily, settings) : null;
        Family f = new Family(tableNames.get(i), spec.name(), columnFamily, spec.kind(), handles.get(i),
            handles.get(i).getID(), spec.largeValues(), log, ttls.get(i));
        byTable.computeIfAbsent(f.table(), t -> new LinkedHashMap<>()).put(f.name(), f);
        if (ttls.get(i) > 0) {
          ttlFamilies.add(f);
        }
      }
      byTable.replaceAll((t, families) -> Collections.unmodifiableMap(families));
      if (!leftovers.isEmpty()) {
        logger.warn("rocksdb data directory {} has column families that no table uses: {}; they are "
            + "kept as they are, without TTL", dir, leftovers);
      }
      logger.info("Opened rocksdb at {} with {} column families in {} ms", dir, handles.size(),
          (System.nanoTime() - started) / 1_000_000);
      guard.createReserveIfRoom();
      return new RocksDbStore(dir, db, options, List.copyOf(handles),
          Collections.unmodifiableMap(byTable), List.copyOf(ttlFamilies), guard);
    } catch (RocksDBException e) {
      options.close();
      throw openFailure(dir, e);
    } catch (RuntimeException | Error e) {
      options.close();
      throw e;
    }
  }

  @Override
  public String engineName() {
    return RocksDbEngineProvider.NAME;
  }

  @Override
  public int saltBuckets() {
    return 1;
  }

  @Override
  public void write(WriteBatch batch) {
    requireNonNull(batch, "batch");
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      guard.faultIfFull();
      guard.checkWritable();
      List<Mutation> mutations = batch.mutations();
      int n = mutations.size();
      // Validate everything first: a batch with one bad mutation writes nothing.
      Family[] targets = new Family[n];
      for (int i = 0; i < n; i++) {
        targets[i] = target(mutations.get(i));
      }
      if (n == 0) {
        return;
      }
      int[] familyIds = new int[n];
      byte[][] values = new byte[n][];
      boolean logged = false;
      for (int i = 0; i < n; i++) {
        Mutation m = mutations.get(i);
        familyIds[i] = targets[i].id();
        values[i] = switch (m.op()) {
          case PUT -> m.value();
          case ADD -> LongCodec.counterOperand(m.amount());
          case MAX -> LongCodec.maxOperand(m.amount());
          case DELETE -> null;
        };
        if (m.op() == Mutation.Op.PUT && targets[i].largeValues()) {
          if (targets[i].log() == null) {
            values[i] = ValueLog.inline(values[i]);
          } else {
            logged = true;
          }
        }
      }
      if (logged) {
        appendToLogs(mutations, targets, values);
      }
      try (org.rocksdb.WriteBatch rocksBatch =
          new org.rocksdb.WriteBatch(BatchEncoder.encode(mutations, familyIds, values))) {
        writeOrFault(rocksBatch);
      }
    } finally {
      read.unlock();
    }
  }

  /**
   * Appends the values of the batch's puts into large-values families to their logs, one record per family, and
   * puts the pointers in their place. A failed append (a full disk among others) faults the store like a failed
   * RocksDB write; nothing refers to its bytes.
   */
  private void appendToLogs(List<Mutation> mutations, Family[] targets, byte[][] values) {
    for (ValueLog log : logs) {
      List<byte[]> batch = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        if (targets[i].log() == log && mutations.get(i).op() == Mutation.Op.PUT) {
          batch.add(values[i]);
        }
      }
      if (batch.isEmpty()) {
        continue;
      }
      byte[][] pointers;
      try {
        pointers = log.append(batch);
      } catch (IOException e) {
        String message = String.valueOf(e.getMessage());
        throw guard.fail(message.contains("No space left on device") ? "disk full" : "write error",
            "value log append at " + directory + ": " + e);
      }
      int next = 0;
      for (int i = 0; i < values.length; i++) {
        if (targets[i].log() == log && mutations.get(i).op() == Mutation.Op.PUT) {
          values[i] = pointers[next++];
        }
      }
    }
  }

  private static ValueLog openLog(Path dir, String family, RocksDbSettings settings) {
    try {
      return new ValueLog(dir, family, ValueLog.Codec.of(settings.compression()), settings.sync());
    } catch (IOException e) {
      throw new StorageException("cannot open the value log of " + family + " in " + dir + ": " + e, e);
    }
  }

  /**
   * Writes without waiting out a stall first; a stall on a nearly full disk, or a write failing with an
   * I/O error, faults the store (see {@link DiskGuard}). Any other stall is waited out as before, which
   * is the back-pressure ingest relies on.
   */
  private void writeOrFault(org.rocksdb.WriteBatch rocksBatch) {
    try {
      try {
        db.write(options.writeNoStall, rocksBatch);
        return;
      } catch (RocksDBException e) {
        if (!isStall(e)) {
          throw e;
        }
        if (guard.freeBytes() < DiskGuard.MARGIN_BYTES) {
          throw guard.fail("disk full", "writes stall with " + (guard.freeBytes() >> 10) + " KiB free on "
              + directory);
        }
      }
      db.write(options.write, rocksBatch);
    } catch (RocksDBException e) {
      throw failure(e);
    }
  }

  private RuntimeException failure(RocksDBException e) {
    Status status = e.getStatus();
    String message = String.valueOf(e.getMessage());
    if (status != null && status.getCode() == Status.Code.IOError) {
      boolean noSpace = status.getSubCode() == Status.SubCode.NoSpace
          || message.contains("No space left on device");
      return guard.fail(noSpace ? "disk full" : "write error", "rocksdb write at " + directory + ": " + message);
    }
    return new StorageException("rocksdb write at " + directory + " failed: " + message, e);
  }

  private static boolean isStall(RocksDBException e) {
    Status status = e.getStatus();
    return status != null && status.getCode() == Status.Code.Incomplete;
  }

  /**
   * The background task, about every second: while faulted, tries to resume writes (enough free space,
   * then a probe write RocksDB accepts); otherwise writes the reserve back when it is missing and fits.
   */
  private void watchDisk() {
    Lock read = lock.readLock();
    if (!read.tryLock()) {
      return; // closing
    }
    try {
      if (closed) {
        return;
      }
      // Also when no write comes: a write waiting out a stall would wait for a recovery that needs the
      // reserve's space.
      guard.faultIfFull();
      if (guard.faulted()) {
        guard.tryRecover(this::probeWrite);
      } else {
        guard.createReserveIfRoom();
      }
      if (System.nanoTime() - logsSweptAt > TimeUnit.MINUTES.toNanos(1)) {
        logsSweptAt = System.nanoTime();
        deleteExpiredSegments();
      }
    } catch (RuntimeException e) {
      logger.warn("rocksdb disk check at {} failed", directory, e);
    } finally {
      read.unlock();
    }
  }

  /** A tiny write to the default column family: null when RocksDB accepted it, else why not. */
  private @Nullable String probeWrite() {
    try {
      db.put(handles.get(0), options.writeNoStall, PROBE_KEY, Long.toString(System.currentTimeMillis())
          .getBytes(StandardCharsets.US_ASCII));
      return null;
    } catch (RocksDBException e) {
      return String.valueOf(e.getMessage());
    }
  }

  /** Why writes are refused now ({@code "disk full"}, {@code "write error"}), or null while accepted. */
  @Override
  public @Nullable String writeFault() {
    return closed ? "closed" : guard.faultReason();
  }

  /** Bytes free on the data directory's file system (for readiness checks). */
  long freeDiskBytes() {
    return guard.freeBytes();
  }

  @Override
  public byte @Nullable [] get(String table, String family, byte[] row, byte[] qualifier) {
    requireNonNull(table, "table");
    requireNonNull(family, "family");
    requireNonNull(row, "row");
    requireNonNull(qualifier, "qualifier");
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      Family f = family(table, family);
      byte[] stored = db.get(f.handle(), options.read, KeyCodec.key(row, qualifier));
      return stored == null ? null : value(f, stored, new ValueLog.RecordCache());
    } catch (RocksDBException e) {
      throw readFailure(e);
    } finally {
      read.unlock();
    }
  }

  @Override
  public List<Cell> getRow(String table, String family, byte[] row) {
    requireNonNull(table, "table");
    requireNonNull(family, "family");
    requireNonNull(row, "row");
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      Family f = family(table, family);
      return range(f, KeyCodec.rowStart(row), KeyCodec.rowEnd(row), false, Integer.MAX_VALUE);
    } finally {
      read.unlock();
    }
  }

  @Override
  public List<Cell> scan(Scan scan) {
    requireNonNull(scan, "scan");
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      Family f = family(scan.table(), scan.family());
      byte[] start = scan.startRow();
      byte[] stop = scan.stopRow();
      if (stop.length > 0 && RowKeys.compare(start, stop) >= 0) {
        return List.of();
      }
      // Rows in [start, stop) are exactly the keys in [rowStart(start), rowStart(stop)): see KeyCodec.
      byte[] lower = start.length == 0 ? null : KeyCodec.rowStart(start);
      byte[] upper = stop.length == 0 ? null : KeyCodec.rowStart(stop);
      return range(f, lower, upper, scan.reverse(), scan.limit());
    } finally {
      read.unlock();
    }
  }

  /**
   * Compacts every family with a TTL completely, which drops the expired cells. This rewrites all of
   * their data, so it is for tests and manual maintenance; in normal operation background compaction
   * (files about one TTL old are rewritten) removes expired cells.
   */
  @Override
  public void purgeExpired() {
    compactFully(ttlFamilies);
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      deleteExpiredSegments();
    } finally {
      read.unlock();
    }
  }

  /**
   * Deletes the value-log segments whose last write is older than their family's TTL plus a minute (so that
   * their cells, which RocksDB expires by the same TTL, are gone or about to be).
   */
  private void deleteExpiredSegments() {
    Instant now = Instant.now();
    for (Family f : schemaFamilies) {
      if (f.log() == null || f.ttlSeconds() <= 0) {
        continue;
      }
      try {
        int deleted = f.log().deleteWrittenBefore(now.minusSeconds(f.ttlSeconds() + 60));
        if (deleted > 0) {
          logger.info("deleted {} expired value-log segments of {} in {}", deleted, f.columnFamily(), directory);
        }
      } catch (IOException e) {
        logger.warn("cannot delete expired value-log segments of {} in {}: {}", f.columnFamily(), directory,
            e.toString());
      }
    }
  }

  /**
   * Flushes and compacts every family of the schema into its bottommost level (rewritten even when it is one
   * file already, so that it ends up with the bottommost compression), which also drops expired cells. Reads
   * and rewrites all the data: for benchmarks and maintenance.
   */
  @Override
  public void compact() {
    compactFully(schemaFamilies);
  }

  /** RocksDB's cumulative flush, compaction and stall counters since the store was opened. */
  RocksDbCounters counters() {
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      return RocksDbCounters.from(options.statistics);
    } finally {
      read.unlock();
    }
  }

  private void compactFully(List<Family> families) {
    Lock read = lock.readLock();
    read.lock();
    try (CompactRangeOptions full = new CompactRangeOptions()
        .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
      checkOpen();
      for (Family f : families) {
        db.compactRange(f.handle(), null, null, full);
      }
    } catch (RocksDBException e) {
      throw new StorageException(
          "rocksdb compaction at " + directory + " failed: " + e.getMessage(), e);
    } finally {
      read.unlock();
    }
  }

  /**
   * A RocksDB checkpoint: the live table files hard-linked (copied across file systems) and the write-ahead
   * log copied, all column families at one sequence number.
   */
  @Override
  public void checkpoint(Path target) {
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen(); // before touching the native handle
      try (Checkpoint checkpoint = Checkpoint.create(db)) {
        checkpoint.createCheckpoint(target.toString());
      }
      // After RocksDB's checkpoint: every pointer in it refers to bytes appended before it was taken.
      for (ValueLog log : logs) {
        log.linkInto(target);
      }
    } catch (IOException e) {
      throw new StorageException("copying the value logs of " + directory + " into " + target + " failed: " + e,
          e);
    } catch (RocksDBException e) {
      throw new StorageException("rocksdb checkpoint of " + directory + " into " + target + " failed: "
          + e.getMessage(), e);
    } finally {
      read.unlock();
    }
  }

  /** The size of the data directory's table files (SST and blob) and write-ahead log files. */
  @Override
  public long diskBytes() {
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      long total = 0;
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          String name = file.getFileName().toString();
          if (name.endsWith(".sst") || name.endsWith(".log") || name.endsWith(".blob")
              || ValueLog.isSegmentFile(name)) {
            total += sizeOf(file);
          }
        }
      } catch (IOException e) {
        throw new StorageException("cannot list the rocksdb data directory " + directory + ": " + e, e);
      }
      return total;
    } finally {
      read.unlock();
    }
  }

  /**
   * Flushes the memtables (so the next open need not replay the log), then closes the column family
   * handles, the database and finally the options it was opened with. Idempotent.
   */
  @Override
  public void close() {
    recovery.shutdownNow();
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (guard.faulted()) {
        // A flush would fail (or wait) on a full disk; the write-ahead log has every acknowledged write
        // and is replayed at the next open without a flush.
        logger.warn("rocksdb at {} closes without a flush: writes are refused ({}); the write-ahead log "
            + "keeps the data", directory, guard.faultReason());
      } else {
        makeRoomToFlush();
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
          db.flush(flush, schemaFamilies.stream().map(Family::handle).toList());
        } catch (RocksDBException e) {
          logger.warn("rocksdb flush on close at {} failed; the write-ahead log still has the data: {}",
              directory, e.getMessage());
        }
      }
      handles.forEach(ColumnFamilyHandle::close);
      try {
        db.closeE();
      } catch (RocksDBException e) {
        throw new StorageException("closing rocksdb at " + directory + " failed: " + e.getMessage(), e);
      } finally {
        options.close();
        closeLogs();
      }
      logger.info("Closed rocksdb at {}", directory);
    } finally {
      write.unlock();
    }
  }

  private void closeLogs() {
    for (ValueLog log : logs) {
      try {
        log.close();
      } catch (IOException e) {
        logger.warn("closing a value log at {} failed: {}", directory, e.toString());
      }
    }
  }

  /** Deletes the reserve when the disk has no room for the memtables' flush: the reserve is for this. */
  private void makeRoomToFlush() {
    long memtables;
    try {
      memtables = db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables");
    } catch (RocksDBException e) {
      memtables = options.totalWriteBufferBytes();
    }
    if (guard.freeBytes() < memtables + DiskGuard.MARGIN_BYTES && guard.deleteReserve()) {
      logger.info("deleted the reserve file at {} to flush {} MiB of memtables on close", directory,
          memtables >> 20);
    }
  }

  @Override
  public String toString() {
    return "RocksDbStore{" + directory + (closed ? ", closed}" : "}");
  }

  /** Reads up to {@code limit} cells with keys in [lower, upper) (null = unbounded). */
  private List<Cell> range(Family f, byte @Nullable [] lower, byte @Nullable [] upper,
      boolean reverse, int limit) {
    List<Cell> cells = new ArrayList<>(Math.min(limit, 64));
    ValueLog.RecordCache records = new ValueLog.RecordCache();
    try (Slice lowerSlice = lower == null ? null : new Slice(lower);
        Slice upperSlice = upper == null ? null : new Slice(upper);
        ReadOptions read = new ReadOptions()) {
      if (lowerSlice != null) {
        read.setIterateLowerBound(lowerSlice);
      }
      if (upperSlice != null) {
        read.setIterateUpperBound(upperSlice);
      }
      try (RocksIterator it = db.newIterator(f.handle(), read)) {
        // With bounds set, seekToFirst and seekToLast stay inside them.
        if (reverse) {
          it.seekToLast();
        } else {
          it.seekToFirst();
        }
        while (it.isValid() && cells.size() < limit) {
          byte[] value = value(f, it.value(), records);
          if (value != null) { // null: in a value-log segment deleted at expiry
            cells.add(KeyCodec.cell(it.key(), value));
          }
          if (reverse) {
            it.prev();
          } else {
            it.next();
          }
        }
        it.status();
      }
    } catch (RocksDBException e) {
      throw readFailure(e);
    }
    return cells;
  }

  private Family family(String table, String family) {
    Map<String, Family> families = tables.get(table);
    if (families == null) {
      throw new IllegalArgumentException(
          "table: " + table + " (expected one of " + tables.keySet() + ")");
    }
    Family f = families.get(family);
    if (f == null) {
      throw new IllegalArgumentException(
          "family: " + family + " (expected one of " + families.keySet() + " in table " + table + ")");
    }
    return f;
  }

  private Family target(Mutation m) {
    Family f = family(m.table(), m.family());
    if (m.requiredKind() != null && f.kind() != m.requiredKind()) {
      throw new IllegalArgumentException("kind of family " + m.table() + "." + m.family() + " for "
          + m.op() + ": " + f.kind() + " (expected: " + m.requiredKind() + ")");
    }
    return f;
  }

  /** The value a stored cell holds, or null when it was in a value-log segment that expired. */
  private static byte @Nullable [] value(Family f, byte[] stored, ValueLog.RecordCache records) {
    if (f.largeValues()) {
      if (!ValueLog.isPointer(stored)) {
        return ValueLog.unwrapInline(stored);
      }
      if (f.log() == null) {
        throw new StorageException("the value of a " + f.columnFamily() + " cell is in the value log, which is "
            + "switched off (" + RocksDbSettings.VALUE_LOG + "=false); switch it back on to read it");
      }
      return f.log().read(stored, records);
    }
    return value(f.kind(), stored);
  }

  private static byte[] value(CellKind kind, byte[] stored) {
    return switch (kind) {
      case BYTES -> stored;
      case COUNTER -> LongCodec.counterValue(stored);
      case MAX -> LongCodec.maxValue(stored);
    };
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("rocksdb store at " + directory + " is closed");
    }
  }

  private StorageException readFailure(RocksDBException e) {
    return new StorageException("rocksdb read at " + directory + " failed: " + e.getMessage(), e);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted by a compaction or log roll since the listing
    }
  }

  /** {@code table.family.kind}, for example {@code stats.calls.counter}. */
  static String familyName(String table, FamilySpec family) {
    return table + "." + family.name() + "." + family.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The kind a column family name ends with, or null when it is not one of ours. */
  private static @Nullable CellKind kindOf(String familyName) {
    int dot = familyName.lastIndexOf('.');
    String suffix = familyName.substring(dot + 1);
    for (CellKind kind : CellKind.values()) {
      if (dot > 0 && kind.name().toLowerCase(Locale.ROOT).equals(suffix)) {
        return kind;
      }
    }
    return null;
  }

  private static List<byte[]> existingFamilies(Path dir) throws RocksDBException {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return List.of();
    }
    try (Options o = new Options()) {
      return RocksDB.listColumnFamilies(o, dir.toString());
    }
  }

  private static void checkUniqueNames(List<TableSpec> tables) {
    List<String> seen = new ArrayList<>();
    for (TableSpec table : tables) {
      requireNonNull(table, "table");
      if (seen.contains(table.name())) {
        throw new IllegalArgumentException("table: " + table.name() + " (expected: each table once)");
      }
      seen.add(table.name());
      List<String> families = new ArrayList<>();
      for (FamilySpec family : table.families()) {
        if (families.contains(family.name())) {
          throw new IllegalArgumentException("family: " + family.name() + " of table " + table.name()
              + " (expected: each family once)");
        }
        families.add(family.name());
      }
    }
  }

  private static StorageException openFailure(Path dir, RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    if (message.toLowerCase(Locale.ROOT).contains("lock")) {
      return new StorageException("the data directory " + dir + " is in use by another Pinscope "
          + "process (RocksDB could not lock " + dir.resolve("LOCK") + "); stop that process, or "
          + "give this one another data directory (--data-dir or PINSCOPE_DATA_DIR)", e);
    }
    return new StorageException("cannot open rocksdb at " + dir + ": " + message
        + " (if the directory is damaged, move it aside to start with an empty store)", e);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
