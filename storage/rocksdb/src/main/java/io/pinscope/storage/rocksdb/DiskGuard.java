package io.pinscope.storage.rocksdb;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.spi.StorageUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data disk's guard: the write-fault state of one store, its free space and its reserve file.
 *
 * <p><b>Fault.</b> Once a write failed because the disk is full (or with another I/O error), the store is
 * <i>faulted</i>: {@link #checkWritable()} throws {@link StorageUnavailableException} at once, without
 * touching RocksDB or the disk, until {@link #tryRecover} sees enough free space and a probe write that
 * RocksDB accepts. State changes are logged once each, with the number of writes refused meanwhile.
 *
 * <p><b>Reserve.</b> A pre-allocated file ({@value #RESERVE_FILE}, {@code rocksdb.disk-reserve-mib} MiB of
 * zeros, really written so that it occupies blocks even on tmpfs) kept in the data directory while space
 * allows. It is deleted when the disk fills (and before opening on a nearly full disk), which gives RocksDB
 * room to recover, flush, close and reopen; it is written again before writes resume. Writes resume only
 * once the disk has room for the reserve and {@link #MARGIN_BYTES} more, so the reserve is not eaten by
 * the next burst of ingest.
 *
 * <p>Thread-safe: the fault is a volatile field; reserve changes are synchronized.
 */
final class DiskGuard {
  private static final Logger logger = LoggerFactory.getLogger(DiskGuard.class);

  /** The reserve file's name in the data directory. */
  static final String RESERVE_FILE = "reserve.bin";
  /** Free space, beyond the reserve, needed before writes resume: 8 MiB. */
  static final long MARGIN_BYTES = 8L << 20;
  private static final int CHUNK = 1 << 20;

  /** Why writes are refused: the client-safe reason and the operator's detail. */
  record Fault(String reason, String detail) {
    Fault {
      requireNonNull(reason, "reason");
      requireNonNull(detail, "detail");
    }
  }

  private final Path directory;
  private final Path reserve;
  private final long reserveBytes;
  private volatile @Nullable Fault fault;
  private long refused;
  private long faultedAtNanos;
  private @Nullable String lastProbeFailure;
  private volatile @Nullable FileStore fileStore;

  DiskGuard(Path directory, long reserveBytes) {
    this.directory = requireNonNull(directory, "directory");
    if (reserveBytes < 0) {
      throw new IllegalArgumentException("reserveBytes: " + reserveBytes + " (expected: >= 0)");
    }
    this.reserve = directory.resolve(RESERVE_FILE);
    this.reserveBytes = reserveBytes;
  }

  /** Throws {@link StorageUnavailableException} while faulted; touches nothing. */
  void checkWritable() {
    Fault f = fault;
    if (f != null) {
      synchronized (this) {
        refused++;
      }
      throw new StorageUnavailableException(f.reason(), f.detail());
    }
  }

  /** The fault's client-safe reason, or null while writes are accepted. */
  @Nullable String faultReason() {
    Fault f = fault;
    return f == null ? null : f.reason();
  }

  boolean faulted() {
    return fault != null;
  }

  /**
   * Records a write failure: from now on writes are refused. Frees the reserve so that RocksDB has room to
   * recover and the process to stop cleanly. Returns the exception to throw to the caller.
   */
  StorageUnavailableException fail(String reason, String detail) {
    synchronized (this) {
      fault(reason, detail);
      refused++;
    }
    return new StorageUnavailableException(reason, detail);
  }

  /** Enters the fault state (a no-op when already in it). */
  private synchronized void fault(String reason, String detail) {
    if (fault == null) {
      fault = new Fault(reason, detail);
      refused = 0;
      faultedAtNanos = System.nanoTime();
      boolean freed = deleteReserve();
      logger.warn("rocksdb writes refused ({}) until the data disk {} has {} MiB free: {}{}", reason,
          directory, (reserveBytes + MARGIN_BYTES) >> 20, detail,
          freed ? "; freed the " + (reserveBytes >> 20) + " MiB reserve file for recovery" : "");
    }
  }

  /** Whether free space allows writes again: room for the (re-created) reserve and the margin. */
  boolean roomToResume() {
    long needed = MARGIN_BYTES + (Files.exists(reserve) ? 0 : reserveBytes);
    return freeBytes() >= needed;
  }

  /**
   * While faulted and free space allows, re-creates the reserve and asks {@code probe} whether RocksDB
   * accepts writes again; if so, clears the fault. Returns whether writes are accepted now.
   */
  boolean tryRecover(Probe probe) {
    if (fault == null) {
      return true;
    }
    if (!roomToResume()) {
      return false;
    }
    createReserveIfRoom();
    String failure = probe.write();
    if (failure != null) {
      synchronized (this) {
        // Once per distinct message: RocksDB's own recovery retries every few seconds.
        if (!failure.equals(lastProbeFailure)) {
          lastProbeFailure = failure;
          logger.info("rocksdb at {} has room again but has not recovered yet: {}", directory, failure);
        }
      }
      return false;
    }
    synchronized (this) {
      if (fault != null) {
        logger.info("rocksdb writes resumed after {} refused writes in {} s", refused,
            (System.nanoTime() - faultedAtNanos) / 1_000_000_000L);
        fault = null;
        refused = 0;
        lastProbeFailure = null;
      }
    }
    return true;
  }

  /** A write that tells whether RocksDB accepts writes: null when it did, else why not. */
  @FunctionalInterface
  interface Probe {
    @Nullable String write();
  }

  /** Before opening: deletes the reserve when the disk is too full for RocksDB to recover its log. */
  void beforeOpen() {
    if (Files.exists(reserve) && freeBytes() < reserveBytes + MARGIN_BYTES) {
      if (deleteReserve()) {
        logger.warn("data disk {} is nearly full ({} MiB free): deleted the {} MiB reserve file to open the "
            + "store; it is written again when space returns", directory, freeBytes() >> 20, reserveBytes >> 20);
      }
    }
  }

  /** Writes the reserve when it is missing and the disk has room for it and the margin besides. */
  synchronized void createReserveIfRoom() {
    if (reserveBytes == 0 || Files.exists(reserve) || freeBytes() < reserveBytes + MARGIN_BYTES) {
      return;
    }
    Path partial = directory.resolve(RESERVE_FILE + ".tmp");
    // Zeros really written (not a sparse file), so that the blocks are taken; synced once at the end.
    ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
    try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      for (long left = reserveBytes; left > 0; left -= CHUNK) {
        zeros.clear().limit((int) Math.min(CHUNK, left));
        while (zeros.hasRemaining()) {
          out.write(zeros);
        }
      }
      out.force(true);
    } catch (IOException e) {
      logger.warn("could not write the reserve file {} ({}); retrying when space allows", partial, e.toString());
      deleteQuietly(partial);
      return;
    }
    try {
      Files.move(partial, reserve, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      logger.warn("could not rename the reserve file {} ({})", partial, e.toString());
      deleteQuietly(partial);
    }
  }

  /** Deletes the reserve; whether there was one. */
  synchronized boolean deleteReserve() {
    deleteQuietly(directory.resolve(RESERVE_FILE + ".tmp"));
    try {
      return Files.deleteIfExists(reserve);
    } catch (IOException e) {
      logger.warn("could not delete the reserve file {}: {}", reserve, e.toString());
      return false;
    }
  }

  boolean reservePresent() {
    return Files.exists(reserve);
  }

  /** Bytes an unprivileged process may still write on the data disk; Long.MAX_VALUE when unknown. */
  long freeBytes() {
    try {
      FileStore s = fileStore;
      if (s == null) {
        s = Files.getFileStore(directory); // reads the mount table: once, as writes ask for every batch
        fileStore = s;
      }
      return s.getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Faults the store when the disk has less than {@link #MARGIN_BYTES} free, before a write reaches RocksDB: at
   * full ingest the write-ahead log outgrows the margin well within the background check's second, and a write
   * that RocksDB itself fails on a full disk leaves writes to RocksDB's own recovery, which may take minutes.
   */
  void faultIfFull() {
    if (fault == null) {
      long free = freeBytes();
      if (free < MARGIN_BYTES) {
        fault("disk full", "only " + (free >> 10) + " KiB free on " + directory);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // Nothing to do: the next attempt tries again.
    }
  }
}
