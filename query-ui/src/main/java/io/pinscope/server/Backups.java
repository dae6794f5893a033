package io.pinscope.server;

import io.pinscope.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Backups of the embedded ({@code rocksdb}) store: {@link #take} writes an online, consistent checkpoint of the
 * open store into a new directory ({@link io.pinscope.storage.spi.WideColumnStore#checkpoint}) plus the
 * statistics state ({@link StatisticsRecovery#FILE}) that makes a server started on the restored copy rebuild
 * the statistics not flushed at checkpoint time; {@link #restore} copies a backup into a data directory.
 * A backup is a plain directory: copy it anywhere (same file system: the table files are hard links, which
 * keep the backup's data when the source compacts its files away).
 */
final class Backups {
  /** A backup written: where, how many files and bytes. */
  record Taken(Path path, int files, long bytes) {}

  /** A backup restored: into where, how many files and bytes. */
  record Restored(Path dataDirectory, int files, long bytes) {}

  /** The file every RocksDB data directory, and so every backup, has. */
  private static final String CURRENT = "CURRENT";

  private Backups() {}

  /**
   * Checkpoints {@code storage} into {@code target} (a new or empty directory; its parents are created) while
   * writes go on, then writes {@code statisticsState} (a {@link StatisticsRecovery#FILE} line) beside it.
   *
   * @throws IllegalArgumentException when {@code target} is not empty, or the engine takes no checkpoints
   */
  static Taken take(Storage storage, Path target, String statisticsState) {
    Path to = target.toAbsolutePath().normalize();
    try {
      if (Files.isDirectory(to) && isEmpty(to)) {
        Files.delete(to); // RocksDB creates the checkpoint directory itself
      } else if (Files.exists(to)) {
        throw new IllegalArgumentException("to: " + to + " is not empty (expected: a new or empty directory)");
      }
      Files.createDirectories(to.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the backup directory " + to, e);
    }
    try {
      storage.store().checkpoint(to);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    try {
      Files.writeString(to.resolve(StatisticsRecovery.FILE), statisticsState + "\n", StandardCharsets.UTF_8);
      List<Path> files = files(to);
      return new Taken(to, files.size(), size(files));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot complete the backup in " + to, e);
    }
  }

  /**
   * Copies the backup {@code from} into {@code dataDirectory}, which must be missing or empty unless
   * {@code force} (its contents are then deleted first).
   *
   * @throws IllegalArgumentException when {@code from} is no backup, the target is not empty without
   *     {@code force}, or a running process holds the target's store
   */
  static Restored restore(Path from, Path dataDirectory, boolean force) throws IOException {
    Path source = from.toAbsolutePath().normalize();
    Path target = dataDirectory.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source.resolve(CURRENT))) {
      throw new IllegalArgumentException("from: " + source + " is not a backup (expected: a directory written by "
          + "pinscope backup, with a " + CURRENT + " file)");
    }
    if (source.equals(target)) {
      throw new IllegalArgumentException("data-dir: " + target + " (expected: another directory than --from)");
    }
    if (Files.isDirectory(target) && !isEmpty(target)) {
      if (!force) {
        throw new IllegalArgumentException("data-dir: " + target + " is not empty (expected: a new or empty "
            + "directory, or --force to replace its contents)");
      }
      refuseWhenLocked(target);
      clear(target);
    }
    Files.createDirectories(target);
    List<Path> files = files(source);
    for (Path f : files) {
      Files.copy(f, target.resolve(f.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
    }
    return new Restored(target, files.size(), size(files));
  }

  /** Refuses a data directory whose RocksDB lock another process holds (a server running on it). */
  private static void refuseWhenLocked(Path dataDirectory) throws IOException {
    Path lockFile = dataDirectory.resolve("LOCK");
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalArgumentException("data-dir: " + dataDirectory + " is in use by a running process "
            + "(expected: stop the Pinscope server that uses it first)");
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw new IllegalArgumentException("data-dir: " + dataDirectory + " is in use by this process", e);
    }
  }

  private static void clear(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(directory)) {
          Files.delete(p);
        }
      }
    }
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.findAny().isEmpty();
    }
  }

  /** The regular files directly in {@code directory} (a checkpoint is flat). */
  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static long size(List<Path> files) throws IOException {
    long total = 0;
    for (Path f : files) {
      total += Files.size(f);
    }
    return total;
  }

  /** The statistics state to store with a backup of a data directory nobody ingests into now. */
  static String offlineState(Path dataDirectory, long nowMillis) throws IOException {
    Path state = dataDirectory.resolve(StatisticsRecovery.FILE);
    return Files.exists(state) ? Files.readString(state, StandardCharsets.UTF_8).trim()
        : StatisticsRecovery.stoppedLine(nowMillis);
  }
}
