package io.pinscope.storage.rocksdb;

import io.pinscope.storage.spi.WideColumnStore;
import java.util.Optional;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

/**
 * Cumulative work of a {@code rocksdb} store since it was opened, from RocksDB's statistics: bytes its
 * flushes wrote (memtables into level-0 table files), bytes its compactions read and wrote, and the time
 * writers were delayed or stopped by a write stall. For benchmarks: write amplification is
 * {@code (flushed + compactionWritten) / flushed}.
 *
 * @param flushedBytes table file bytes written by flushes
 * @param compactionReadBytes bytes read by compactions (manual ones included)
 * @param compactionWrittenBytes table file bytes written by compactions (manual ones included)
 * @param stallMicros microseconds writes waited in write stalls (slow-downs and stops)
 */
public record RocksDbCounters(long flushedBytes, long compactionReadBytes, long compactionWrittenBytes,
    long stallMicros) {

  /** The counters of {@code store} when it is an open {@code rocksdb} store, else empty. */
  public static Optional<RocksDbCounters> of(WideColumnStore store) {
    return store instanceof RocksDbStore rocks ? Optional.of(rocks.counters()) : Optional.empty();
  }

  static RocksDbCounters from(Statistics s) {
    return new RocksDbCounters(s.getTickerCount(TickerType.FLUSH_WRITE_BYTES),
        s.getTickerCount(TickerType.COMPACT_READ_BYTES), s.getTickerCount(TickerType.COMPACT_WRITE_BYTES),
        s.getTickerCount(TickerType.STALL_MICROS));
  }

  /** The work done between {@code earlier} and these counters. */
  public RocksDbCounters minus(RocksDbCounters earlier) {
    return new RocksDbCounters(flushedBytes - earlier.flushedBytes,
        compactionReadBytes - earlier.compactionReadBytes, compactionWrittenBytes - earlier.compactionWrittenBytes,
        stallMicros - earlier.stallMicros);
  }

  /** Bytes written to table files per byte flushed: 1 + compaction writes / flushes (0 before any flush). */
  public double writeAmplification() {
    return flushedBytes == 0 ? 0 : (double) (flushedBytes + compactionWrittenBytes) / flushedBytes;
  }
}
