package io.pinscope.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.StorageUnavailableException;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import io.pinscope.storage.testing.Tmpfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rocksdb engine on a real full disk: a 64 MiB tmpfs mounted by the test (skipped, saying why, only
 * when mounting is impossible). Fills it, sees writes refused with {@link StorageUnavailableException}
 * while reads work, stops and restarts on the full disk, then frees space and sees writes resume by
 * themselves; every acknowledged write is readable at the end. Each write also puts its value in a family of
 * large values, whose value log fills the disk as RocksDB's files do.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RocksDbDiskFullTest {
  private static final long MIB = 1 << 20;
  private static final Map<String, String> OPTIONS = Map.of(
      RocksDbSettings.WRITE_BUFFER_MIB, "2",
      RocksDbSettings.TOTAL_WRITE_BUFFER_MIB, "8",
      RocksDbSettings.COMPRESSION, "none",
      RocksDbSettings.DISK_RESERVE_MIB, "4");

  private static Tmpfs tmpfs;
  private static Path mount;

  @BeforeAll
  static void mountTmpfs() throws Exception {
    tmpfs = Tmpfs.mount("pinscope-diskfull", 64);
    mount = tmpfs.path();
  }

  @AfterAll
  static void unmount() throws Exception {
    if (tmpfs != null) {
      tmpfs.close();
    }
  }

  @Test
  void fullDisk_refusesWritesAtOnce_keepsReads_survivesRestart_resumesWhenSpaceReturns() throws Exception {
    Path data = mount.resolve("data");
    Path filler = mount.resolve("filler.bin");
    List<byte[]> acked = new ArrayList<>();
    WideColumnStore store = open(data);
    try {
      assertThat(Files.size(data.resolve(DiskGuard.RESERVE_FILE))).isEqualTo(4 * MIB);
      write(store, key("first"), acked);

      Random random = new Random(13);
      StorageUnavailableException refused = fillUntilRefused(store, filler, acked, random, "a-");
      assertThat(refused.reason()).isEqualTo("disk full");
      assertThat(store.writeFault()).isEqualTo("disk full");
      assertThat(Files.exists(data.resolve(DiskGuard.RESERVE_FILE))).as("reserve freed").isFalse();
      // Refused at once, whatever the batch, without a path in what clients see.
      for (int i = 0; i < 50; i++) {
        assertThatThrownBy(() -> store.write(new WriteBatch().put("keep", "b", key("late"), key("q"), key("v"))))
            .isInstanceOfSatisfying(StorageUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo("disk full").doesNotContain("/"));
      }
      assertReadable(store, acked);

      // Space returns: the store resumes writes by itself, without a restart.
      Files.delete(filler);
      awaitWritable(store, acked, "resumed");
      assertThat(store.writeFault()).isNull();
      poll(() -> Files.exists(data.resolve(DiskGuard.RESERVE_FILE)), "the reserve file to be written again");

      fillUntilRefused(store, filler, acked, random, "b-");
    } finally {
      store.close(); // a clean stop on the full disk
    }

    WideColumnStore restarted = open(data); // a restart on the (still) full disk
    try {
      assertReadable(restarted, acked);
      Files.delete(filler);
      awaitWritable(restarted, acked, "after-restart");
      assertThat(restarted.writeFault()).isNull();
      poll(() -> Files.exists(data.resolve(DiskGuard.RESERVE_FILE)), "the reserve file to be written again");
    } finally {
      restarted.close();
    }

    WideColumnStore again = open(data);
    try {
      assertReadable(again, acked);
    } finally {
      again.close();
    }
  }

  @Test
  void faultClearsOnlyWhenRocksDbAcceptsWritesAndTheDiskHasRoom() throws Exception {
    Path data = mount.resolve("guard");
    Files.createDirectories(data);
    DiskGuard guard = new DiskGuard(data, 2 * MIB);
    guard.createReserveIfRoom();
    assertThat(guard.reservePresent()).isTrue();
    StorageUnavailableException e = guard.fail("disk full", "test detail " + data);
    assertThat(e.reason()).isEqualTo("disk full");
    assertThat(guard.reservePresent()).isFalse();
    assertThatThrownBy(guard::checkWritable).isInstanceOf(StorageUnavailableException.class);
    assertThat(guard.tryRecover(() -> "still in its error state")).isFalse();
    assertThat(guard.faultReason()).isEqualTo("disk full");
    assertThat(guard.tryRecover(() -> null)).isTrue();
    assertThat(guard.faultReason()).isNull();
    assertThat(guard.reservePresent()).as("reserve written before writes resume").isTrue();
    guard.checkWritable();
    guard.deleteReserve();
  }

  /** Leaves about 20 MiB free with a filler file, then writes until the store refuses. */
  private static StorageUnavailableException fillUntilRefused(WideColumnStore store, Path filler,
      List<byte[]> acked, Random random, String prefix) throws IOException {
    Tmpfs.fill(filler, Files.getFileStore(mount).getUsableSpace() - 20 * MIB);
    for (int i = 0; i < 400; i++) {
      try {
        write(store, key(prefix + i), acked, randomBytes(random, 256 << 10));
      } catch (StorageUnavailableException e) {
        return e;
      }
    }
    return fail("no write refused on a full disk");
  }

  /** Polls (60 s deadline) until a write is accepted; the background task resumes writes by itself. */
  private static void awaitWritable(WideColumnStore store, List<byte[]> acked, String row)
      throws InterruptedException {
    poll(() -> {
      try {
        write(store, key(row), acked);
        return true;
      } catch (StorageUnavailableException e) {
        return false;
      }
    }, "writes to resume after space was freed");
  }

  private static WideColumnStore open(Path data) {
    return new RocksDbEngineProvider().open(new EngineConfig(data, OPTIONS, Clock.systemUTC()),
        List.of(RocksDbStoreTest.KEEP, RocksDbStoreTest.LONG, RocksDbStoreTest.LARGE));
  }

  private static void write(WideColumnStore store, byte[] row, List<byte[]> acked) {
    write(store, row, acked, row);
  }

  private static void write(WideColumnStore store, byte[] row, List<byte[]> acked, byte[] value) {
    store.write(new WriteBatch().put("keep", "b", row, key("q"), value).put("large", "b", row, key("q"), value));
    acked.add(row);
  }

  private static void assertReadable(WideColumnStore store, List<byte[]> acked) {
    for (byte[] row : acked) {
      byte[] value = store.get("keep", "b", row, key("q"));
      assertThat(value).as("acknowledged row %s", new String(row, StandardCharsets.UTF_8)).isNotNull();
      assertThat(store.get("large", "b", row, key("q"))).as("its large value").isEqualTo(value);
    }
  }


  private static void poll(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

}
