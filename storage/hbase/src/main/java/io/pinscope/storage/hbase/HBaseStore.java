package io.pinscope.storage.hbase;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.hadoop.hbase.ClusterMetrics;
import org.apache.hadoop.hbase.RegionMetrics;
import org.apache.hadoop.hbase.ServerMetrics;
import org.apache.hadoop.hbase.Size;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AdvancedScanResultConsumer;
import org.apache.hadoop.hbase.client.AsyncAdmin;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.AsyncTable;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.RegionInfo;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WideColumnStore} of the {@code hbase} engine over one {@link AsyncConnection}; see
 * {@link HBaseEngineProvider} for the behaviour users see and {@link BatchWriter} for how writes map to
 * HBase operations. Thread-safe. A read-write lock keeps {@link #close()} from closing the connection under
 * a running call, so calls after close fail with {@link IllegalStateException}.
 */
final class HBaseStore implements WideColumnStore {
  private static final Logger logger = LoggerFactory.getLogger(HBaseStore.class);

  /** One family of the schema and the HBase table it lives in. */
  record Family(String table, String name, CellKind kind, TableName tableName, byte[] nameBytes) {}

  private final HBaseSettings settings;
  private final AsyncConnection connection;
  private final Compression.Algorithm compression;
  /** The schema's families by table, then family name; read-only after construction. */
  private final Map<String, Map<String, Family>> tables;
  private final List<TableName> ttlTables;
  private final BatchWriter writer;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private HBaseStore(HBaseSettings settings, AsyncConnection connection, Compression.Algorithm compression,
      Map<String, Map<String, Family>> tables, List<TableName> ttlTables) {
    this.settings = settings;
    this.connection = connection;
    this.compression = compression;
    this.tables = tables;
    this.ttlTables = ttlTables;
    this.writer = new BatchWriter(this);
  }

  /** Connects, checks (or creates) the schema and returns the open store. */
  static HBaseStore open(EngineConfig config, List<TableSpec> specs) {
    requireNonNull(config, "config");
    requireNonNull(specs, "tables");
    HBaseSettings settings = HBaseSettings.from(config.options());
    HBaseSchema.checkUnique(specs);
    long started = System.nanoTime();
    AsyncConnection connection = connect(settings);
    try {
      Compression.Algorithm compression = SchemaSetup.ensure(connection.getAdmin(), settings, specs,
          new SchemaSetup.Waiter() {
            @Override
            public <T> T await(CompletableFuture<T> future, String what) {
              return HBaseStore.await(settings, future, what, 4);
            }
          });
      Map<String, Map<String, Family>> byTable = new LinkedHashMap<>();
      List<TableName> ttlTables = new ArrayList<>();
      for (TableSpec spec : specs) {
        TableName name = HBaseSchema.tableName(settings.namespace(), spec.name());
        Map<String, Family> families = new LinkedHashMap<>();
        for (FamilySpec f : spec.families()) {
          families.put(f.name(), new Family(spec.name(), f.name(), f.kind(), name, HBaseSchema.bytes(f.name())));
        }
        byTable.put(spec.name(), Collections.unmodifiableMap(families));
        if (!spec.ttl().isZero()) {
          ttlTables.add(name);
        }
      }
      logger.info("Opened {} with {} tables in {} ms", settings.where(), specs.size(),
          (System.nanoTime() - started) / 1_000_000);
      return new HBaseStore(settings, connection, compression, Collections.unmodifiableMap(byTable),
          List.copyOf(ttlTables));
    } catch (RuntimeException | Error e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static AsyncConnection connect(HBaseSettings settings) {
    CompletableFuture<AsyncConnection> connecting =
        ConnectionFactory.createAsyncConnection(settings.configuration());
    try {
      return connecting.get(settings.operationTimeoutMillis() * 2L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted connecting to " + settings.where(), e);
    } catch (ExecutionException | TimeoutException e) {
      connecting.thenAccept(HBaseStore::closeQuietly); // if it connects after all, let it go
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new StorageException("cannot connect to " + settings.where() + ": " + cause
          + " (check the ZooKeeper quorum, port and znode parent, and that HBase is running)", cause);
    }
  }

  @Override
  public String engineName() {
    return HBaseEngineProvider.NAME;
  }

  @Override
  public int saltBuckets() {
    return settings.saltBuckets();
  }

  /** The compression new tables were created with (the chosen codec or its fallback). */
  Compression.Algorithm compression() {
    return compression;
  }

  HBaseSettings settings() {
    return settings;
  }

  @Override
  public void write(WriteBatch batch) {
    requireNonNull(batch, "batch");
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      List<Mutation> mutations = batch.mutations();
      // Validate everything first: a batch with one bad mutation writes nothing.
      Family[] targets = new Family[mutations.size()];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = target(mutations.get(i));
      }
      writer.write(mutations, targets);
    } finally {
      read.unlock();
    }
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
      if (row.length == 0) {
        return null; // HBase has no empty row, and writes never make one
      }
      Result result = await(table(f).get(new Get(row).addColumn(f.nameBytes(), qualifier)), "get from " + f.tableName());
      org.apache.hadoop.hbase.Cell cell = result.getColumnLatestCell(f.nameBytes(), qualifier);
      return cell == null ? null : CellValues.decode(f.kind(), cell);
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
      if (row.length == 0) {
        return List.of();
      }
      Result result = await(table(f).get(new Get(row).addFamily(f.nameBytes())), "get from " + f.tableName());
      List<Cell> cells = new ArrayList<>();
      CellValues.addCells(f.kind(), result, false, cells, Integer.MAX_VALUE);
      return cells;
    } finally {
      read.unlock();
    }
  }

  /**
   * A forward or reversed HBase scan of the family, {@link org.apache.hadoop.hbase.client.Scan#setLimit
   * limited} to {@code limit} rows (each row has at least one cell) with caching to match. HBase returns the
   * cells of a row in ascending qualifier order even when scanning backwards, so reversed rows are turned
   * around to give the SPI's descending (row, qualifier) order.
   */
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
      org.apache.hadoop.hbase.client.Scan s = new org.apache.hadoop.hbase.client.Scan()
          .addFamily(f.nameBytes())
          .setLimit(scan.limit())
          .setCaching(Math.min(scan.limit(), 1_000))
          .setReversed(scan.reverse());
      if (scan.reverse()) {
        // A reversed scan starts at its (inclusive) start row and goes down to its stop row.
        if (stop.length > 0) {
          s.withStartRow(stop, false);
        }
        if (start.length > 0) {
          s.withStopRow(start, true);
        }
      } else {
        s.withStartRow(start, true);
        if (stop.length > 0) {
          s.withStopRow(stop, false);
        }
      }
      List<Cell> cells = new ArrayList<>(Math.min(scan.limit(), 64));
      try (ResultScanner scanner = table(f).getScanner(s)) {
        for (Result r = scanner.next(); r != null && cells.size() < scan.limit(); r = scanner.next()) {
          CellValues.addCells(f.kind(), r, scan.reverse(), cells, scan.limit());
        }
      } catch (IOException e) {
        throw failure("scan of " + f.tableName(), e);
      }
      return cells;
    } finally {
      read.unlock();
    }
  }

  /**
   * HBase hides cells past their TTL at read time already; this asks for a major compaction of every table
   * with a TTL, which removes them from disk. The compaction runs in the background on the region servers
   * and rewrites every store file of those tables, so this is for maintenance, not for a schedule.
   */
  @Override
  public void purgeExpired() {
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      AsyncAdmin admin = connection.getAdmin();
      List<CompletableFuture<Void>> requests = new ArrayList<>();
      for (TableName t : ttlTables) {
        requests.add(admin.majorCompact(t));
      }
      await(CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)), "major compaction request");
    } finally {
      read.unlock();
    }
  }

  /** The store file bytes of this namespace's tables, as the region servers last reported them. */
  @Override
  public long diskBytes() {
    Lock read = lock.readLock();
    read.lock();
    try {
      checkOpen();
      ClusterMetrics metrics = await(connection.getAdmin().getClusterMetrics(
          EnumSet.of(ClusterMetrics.Option.LIVE_SERVERS)), "cluster metrics");
      long total = 0;
      for (ServerMetrics server : metrics.getLiveServerMetrics().values()) {
        for (RegionMetrics region : server.getRegionMetrics().values()) {
          TableName t = RegionInfo.getTable(region.getRegionName());
          if (t.getNamespaceAsString().equals(settings.namespace())
              && tables.containsKey(t.getQualifierAsString())) {
            total += (long) region.getStoreFileSize().get(Size.Unit.BYTE);
          }
        }
      }
      return total;
    } finally {
      read.unlock();
    }
  }

  /** Closes the connection (every write has been acknowledged already). Idempotent. */
  @Override
  public void close() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        connection.close();
      } catch (IOException e) {
        throw new StorageException("closing the connection to " + settings.where() + " failed: " + e, e);
      }
      logger.info("Closed the connection to {}", settings.where());
    } finally {
      write.unlock();
    }
  }

  @Override
  public String toString() {
    return "HBaseStore{" + settings.where() + (closed ? ", closed}" : "}");
  }

  AsyncTable<AdvancedScanResultConsumer> table(Family f) {
    return connection.getTable(f.tableName());
  }

  /** Waits for an operation bounded by the client's own timeouts, with a safety margin against hangs. */
  <T> T await(CompletableFuture<T> future, String what) {
    return await(settings, future, what, 2);
  }

  private static <T> T await(HBaseSettings settings, CompletableFuture<T> future, String what, int margin) {
    try {
      return future.get((long) settings.operationTimeoutMillis() * margin + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted waiting for " + what + " at " + settings.where(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw failure(settings, what, cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw failure(settings, what, e);
    }
  }

  StorageException failure(String what, Throwable cause) {
    return failure(settings, what, cause);
  }

  private static StorageException failure(HBaseSettings settings, String what, Throwable cause) {
    return new StorageException(what + " at " + settings.where() + " failed: " + cause
        + " (HBase unreachable or overloaded; the caller may retry)", cause);
  }

  private Family family(String table, String family) {
    Map<String, Family> families = tables.get(table);
    if (families == null) {
      throw new IllegalArgumentException("table: " + table + " (expected one of " + tables.keySet() + ")");
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

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("hbase store at " + settings.where() + " is closed");
    }
  }

  private static void closeQuietly(AsyncConnection connection) {
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      logger.debug("closing an HBase connection failed", e);
    }
  }
}
