/**
 * The {@code rocksdb} storage engine, Pinscope's embedded default: the wide-column SPI
 * ({@link io.pinscope.storage.spi.WideColumnStore}) over one RocksDB database with a column family per
 * table family, the write-ahead log on, per-table TTL and RocksDB's merge operators for counters and
 * maxima.
 *
 * <p>Starting point: {@link io.pinscope.storage.rocksdb.RocksDbEngineProvider}, found by
 * {@link java.util.ServiceLoader} under the name {@code rocksdb}; its javadoc lists the options,
 * durability and TTL behaviour. Everything else here is package-private.
 */
@NullMarked
package io.pinscope.storage.rocksdb;

import org.jspecify.annotations.NullMarked;
