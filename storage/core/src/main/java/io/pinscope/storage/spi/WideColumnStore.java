package io.pinscope.storage.spi;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A wide-column store: the one abstraction each storage engine implements. Opened by a
 * {@link StorageEngineProvider} with the full schema; thread-safe.
 *
 * <p><b>Writes</b> ({@link #write}) are atomic per batch where the engine can make them so (RocksDB: one
 * write batch; memory: under one lock) and <b>durable when the call returns</b>: the data is in the
 * engine's write-ahead log (or, for the memory engine, in memory). Puts are idempotent; counter and max
 * writes are not (retrying a batch adds again), which callers document as at-least-once.
 *
 * <p><b>TTL</b>: cells older than their table's TTL are never returned once {@link #purgeExpired()} (or
 * the engine's own background maintenance) has run; engines that can filter at read time hide them
 * immediately.
 */
public interface WideColumnStore extends AutoCloseable {
  /** The engine's name, as chosen in configuration ({@code memory}, {@code rocksdb}, ...). */
  String engineName();

  /**
   * How many salt buckets row keys of scaled tables should be spread over: 1 for single-node engines,
   * 16-256 for distributed ones. Constant for the life of a data directory.
   */
  int saltBuckets();

  /** Applies every mutation of the batch; durable on return. */
  void write(WriteBatch batch);

  /** One cell's value, or null when absent. */
  byte @Nullable [] get(String table, String family, byte[] row, byte[] qualifier);

  /** Every cell of one row in qualifier order. */
  List<Cell> getRow(String table, String family, byte[] row);

  /** The cells of a range scan; see {@link Scan} for ordering and limits. */
  List<Cell> scan(Scan scan);

  /** Removes expired cells now (normally done in the background). */
  void purgeExpired();

  /**
   * Rewrites the engine's files into their most compact form now (RocksDB: a full manual compaction of every
   * column family, which also drops expired cells). It reads and rewrites all the data, so it is for benchmarks
   * (bytes per span after compaction) and maintenance, not for regular use. Engines without such a step
   * ({@code memory}; {@code hbase}, whose region servers compact on their own) do nothing (the default).
   *
   * @throws StorageException when the engine fails to compact
   */
  default void compact() {
  }

  /**
   * Writes a consistent copy of everything written so far into {@code target}, a directory that must not exist
   * yet (its parent must), while writes go on: every write whose call returned before this call began is in it,
   * and each write is in it whole or not at all. The copy opens as a data directory of this engine. Engines
   * that cannot ({@code memory}, {@code hbase}: use the cluster's snapshots) throw
   * {@link UnsupportedOperationException} saying so.
   *
   * @throws StorageException when the engine fails to write the copy
   */
  default void checkpoint(Path target) {
    throw new UnsupportedOperationException("the " + engineName() + " engine cannot take checkpoints (expected: "
        + "rocksdb)");
  }

  /**
   * Why writes are refused right now, client-safe (e.g. {@code "disk full"}; no paths), or null while the
   * engine accepts writes. Cheap: no I/O. Engines without such a state return null (the default).
   */
  default @Nullable String writeFault() {
    return null;
  }

  /** Approximate bytes the engine uses on disk (0 for in-memory engines). */
  long diskBytes();

  /** Flushes and releases everything; further calls fail with {@link IllegalStateException}. */
  @Override
  void close();
}
