package io.pinscope.storage.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.compliance.WideColumnStoreCompliance;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.StorageException;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the {@code rocksdb} engine does: compaction, native options, files and locks on disk, column
 * families left by another schema. The {@link WideColumnStore} contract itself is
 * {@link WideColumnStoreCompliance}, run by {@link RocksDbStorageComplianceTest}.
 */
class RocksDbStoreTest {
  static final List<FamilySpec> FAMILIES = List.of(new FamilySpec("b", CellKind.BYTES),
      new FamilySpec("c", CellKind.COUNTER), new FamilySpec("m", CellKind.MAX));
  static final TableSpec KEEP = new TableSpec("keep", FAMILIES, Duration.ZERO);
  static final TableSpec LONG = new TableSpec("long", FAMILIES, Duration.ofHours(1));
  static final List<TableSpec> SCHEMA = List.of(KEEP, LONG);
  static final TableSpec LARGE =
      new TableSpec("large", List.of(new FamilySpec("b", CellKind.BYTES, true)), Duration.ofHours(1));

  @TempDir Path dir;
  final List<WideColumnStore> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(WideColumnStore::close);
  }

  WideColumnStore open() {
    return open(SCHEMA, Map.of());
  }

  WideColumnStore open(List<TableSpec> tables, Map<String, String> options) {
    WideColumnStore store = new RocksDbEngineProvider()
        .open(new EngineConfig(dir, options, Clock.systemUTC()), tables);
    opened.add(store);
    return store;
  }

  @Test
  void ttl_countersAndMaximaStillAddUpThroughCompaction() {
    WideColumnStore store = open();
    for (int round = 0; round < 3; round++) {
      store.write(new WriteBatch()
          .increment("long", "c", b("r"), b("q"), 10)
          .increment("long", "c", b("r"), b("q"), -3)
          .max("long", "m", b("r"), b("q"), round * 100 - 150));
      store.purgeExpired(); // flushes and compacts the TTL families, running the TTL merge wrapper
    }
    assertThat(Longs.fromBytes(store.get("long", "c", b("r"), b("q")))).isEqualTo(21);
    assertThat(Longs.fromBytes(store.get("long", "m", b("r"), b("q")))).isEqualTo(50);
  }

  @Test
  void compact_keepsEveryCell_andShrinksOverwrittenData() {
    WideColumnStore store = open();
    byte[] value = new byte[4096];
    for (int round = 0; round < 8; round++) {
      // Every round overwrites the same 64 cells with new bytes and adds to counters in a family without TTL,
      // so only compact() (not purgeExpired) reclaims the old versions.
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < 64; i++) {
        Arrays.fill(value, (byte) (round * 64 + i));
        value[i] = (byte) round;
        batch.put("keep", "b", b("r" + i), b("q"), value.clone()).increment("keep", "c", b("r"), b("q"), 1);
      }
      store.write(batch);
      store.purgeExpired(); // flushes nothing of "keep": it has no TTL
    }
    long before = store.diskBytes();

    store.compact();

    // The write-ahead log the flush made obsolete is deleted by a background job: poll with a deadline.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (store.diskBytes() >= before / 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(store.diskBytes()).as("after compaction, was %d", before).isLessThan(before / 2);
    byte[] latest = store.get("keep", "b", b("r5"), b("q"));
    assertThat(latest).hasSize(4096);
    assertThat(latest[5]).isEqualTo((byte) 7);
    assertThat(latest[0]).isEqualTo((byte) (7 * 64 + 5));
    assertThat(Longs.fromBytes(store.get("keep", "c", b("r"), b("q")))).isEqualTo(8 * 64);
  }

  @Test
  void deletes_survivePurgeAndCompaction() {
    WideColumnStore store = open();
    store.write(new WriteBatch()
        .put("long", "b", b("r"), b("q"), b("v"))
        .increment("long", "c", b("r"), b("q"), 4)
        .max("long", "m", b("r"), b("q"), 4));
    store.purgeExpired(); // the cells now live in files, below the tombstones to come
    store.write(new WriteBatch()
        .delete("long", "b", b("r"), b("q"))
        .delete("long", "c", b("r"), b("q"))
        .delete("long", "m", b("r"), b("q")));
    store.purgeExpired();
    store.write(new WriteBatch().increment("long", "c", b("r"), b("q"), 1));

    assertThat(store.get("long", "b", b("r"), b("q"))).isNull();
    assertThat(Longs.fromBytes(store.get("long", "c", b("r"), b("q")))).isEqualTo(1);
    assertThat(store.get("long", "m", b("r"), b("q"))).isNull();
  }

  @Test
  void reopen_withANarrowerSchema_keepsTheOtherTablesFamiliesOnDisk() {
    WideColumnStore first = open();
    first.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .max("long", "m", b("r"), b("q"), 77));
    first.close();

    // A schema without one of the tables still opens the directory and keeps its data ...
    WideColumnStore narrower = open(List.of(KEEP), Map.of());
    assertThat(narrower.get("keep", "b", b("r"), b("q"))).isEqualTo(b("v"));
    assertThatThrownBy(() -> narrower.getRow("long", "m", b("r")))
        .isInstanceOf(IllegalArgumentException.class);
    narrower.close();

    // ... for when it comes back.
    WideColumnStore again = open();
    assertThat(Longs.fromBytes(again.get("long", "m", b("r"), b("q")))).isEqualTo(77);
  }

  @Test
  void reopen_withAWiderSchema_addsTheNewFamiliesEmpty_keepsTheOldData() {
    TableSpec older = new TableSpec("long", FAMILIES.subList(1, 3), Duration.ofHours(1)); // no "b" family yet
    WideColumnStore first = open(List.of(KEEP, older), Map.of());
    first.write(new WriteBatch().increment("long", "c", b("r"), b("q"), 5));
    first.close();

    // A later version's schema adds a family to an existing table (as the statistics' example family):
    // the directory opens without a migration, the family starts empty next to the old data.
    WideColumnStore wider = open();
    assertThat(Longs.fromBytes(wider.get("long", "c", b("r"), b("q")))).isEqualTo(5);
    assertThat(wider.get("long", "b", b("r"), b("q"))).isNull();
    wider.write(new WriteBatch().put("long", "b", b("r"), b("q"), b("v")));
    assertThat(wider.get("long", "b", b("r"), b("q"))).isEqualTo(b("v"));
  }

  @Test
  void compactionStyle_switchesBothWaysOnExistingData() {
    // Directories written before the universal default (levelled everywhere) must open with it, and going
    // back to rocksdb.compaction=level must open what universal compaction wrote.
    byte[] value = new byte[1024];
    String[] styles = {"level", "universal", "level"};
    for (int round = 0; round < styles.length; round++) {
      WideColumnStore store = open(SCHEMA, Map.of("rocksdb.compaction", styles[round]));
      for (int i = 0; i < 64; i++) {
        value[0] = (byte) round;
        store.write(new WriteBatch().put("long", "b", b("r" + round + "-" + i), b("q"), value.clone()));
      }
      store.compact(); // files on every level this style uses
      store.write(new WriteBatch().put("long", "b", b("r" + round + "-last"), b("q"), b("v")));
      for (int earlier = 0; earlier <= round; earlier++) {
        assertThat(store.get("long", "b", b("r" + earlier + "-63"), b("q"))[0]).isEqualTo((byte) earlier);
        assertThat(store.get("long", "b", b("r" + earlier + "-last"), b("q"))).isEqualTo(b("v"));
      }
      store.close();
    }
  }

  @Test
  void counters_reportFlushesAndCompactionsSinceOpen() {
    WideColumnStore store = open();
    RocksDbCounters before = RocksDbCounters.of(store).orElseThrow();
    assertThat(before.flushedBytes()).isZero();
    assertThat(before.writeAmplification()).isZero();
    for (int i = 0; i < 100; i++) {
      store.write(new WriteBatch().put("long", "b", b("r" + i), b("q"), new byte[512]));
    }
    store.compact(); // flushes, then rewrites the flushed files into the bottommost level
    RocksDbCounters after = RocksDbCounters.of(store).orElseThrow().minus(before);
    assertThat(after.flushedBytes()).isPositive();
    assertThat(after.compactionWrittenBytes()).isPositive();
    assertThat(after.compactionReadBytes()).isPositive();
    assertThat(after.writeAmplification()).isGreaterThan(1.0);
    store.close();
    assertThatThrownBy(() -> RocksDbCounters.of(store)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void write_rejections_nameTheFamilyAndKinds() {
    WideColumnStore store = open();
    assertThatThrownBy(() -> store.write(new WriteBatch().increment("keep", "b", b("r"), b("q"), 1)))
        .hasMessage("kind of family keep.b for ADD: BYTES (expected: COUNTER)");
    assertThatThrownBy(() -> store.write(new WriteBatch().put("keep", "nope", b("r"), b("q"), b("v"))))
        .hasMessage("family: nope (expected one of [b, c, m] in table keep)");
    assertThatThrownBy(() -> store.write(new WriteBatch().put("nope", "b", b("r"), b("q"), b("v"))))
        .hasMessage("table: nope (expected one of [keep, long])");
  }

  @Test
  void open_directoryInUse_failsWithClearMessage() {
    open();
    assertThatThrownBy(this::open)
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("is in use by another Pinscope process")
        .hasMessageContaining("another data directory");
  }

  @Test
  void open_rejectsUnknownOption_andAcceptsSync() {
    assertThatThrownBy(() -> open(SCHEMA, Map.of("rocksdb.nope", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("option: rocksdb.nope");
    WideColumnStore store = open(SCHEMA, Map.of("rocksdb.sync", "true", "rocksdb.compression", "zstd"));
    store.write(new WriteBatch().put("keep", "b", b("r"), b("q"), b("v")));
    assertThat(store.get("keep", "b", b("r"), b("q"))).isEqualTo(b("v"));
  }

  @Test
  void dataLivesInFiles_andCloseFreesTheDirectory() throws Exception {
    WideColumnStore store = open();
    store.write(new WriteBatch().put("keep", "b", b("r"), b("q"), b("v")));
    assertThat(store.diskBytes()).isPositive();
    store.close();

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).contains("LOCK", "CURRENT");
    }
    assertThat(open().get("keep", "b", b("r"), b("q"))).isEqualTo(b("v"));
  }

  @Test
  void largeValues_liveInValueLogSegments_andSurviveReopenAndCheckpoint(@TempDir Path backups) throws Exception {
    List<TableSpec> schema = List.of(KEEP, LARGE);
    WideColumnStore store = open(schema, Map.of());
    byte[] big = new byte[100_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ("span value " + (i / 1000)).charAt(i % 11);
    }
    store.write(new WriteBatch().put("large", "b", b("r"), b("q1"), big).put("large", "b", b("r"), b("q2"), b("small"))
        .put("keep", "b", b("r"), b("q"), b("v")));

    List<Path> segments = segments(dir);
    assertThat(segments).extracting(p -> p.getFileName().toString()).containsExactly("large.b.bytes-0000000001.vlog");
    assertThat(Files.size(segments.get(0))).as("compressed").isLessThan(big.length / 4);
    assertThat(store.diskBytes()).isGreaterThanOrEqualTo(Files.size(segments.get(0)));
    Path checkpoint = backups.resolve("checkpoint");
    store.checkpoint(checkpoint);
    store.write(new WriteBatch().put("large", "b", b("r"), b("q3"), b("after the checkpoint")));
    store.close();

    WideColumnStore reopened = open(schema, Map.of());
    assertThat(reopened.get("large", "b", b("r"), b("q1"))).isEqualTo(big);
    assertThat(reopened.getRow("large", "b", b("r"))).extracting(c -> new String(c.qualifier(), UTF_8))
        .containsExactly("q1", "q2", "q3");
    reopened.close();
    WideColumnStore restored = new RocksDbEngineProvider()
        .open(new EngineConfig(checkpoint, Map.of(), Clock.systemUTC()), schema);
    opened.add(restored);
    assertThat(segments(checkpoint)).hasSize(1);
    assertThat(restored.get("large", "b", b("r"), b("q1"))).isEqualTo(big);
    assertThat(restored.get("large", "b", b("r"), b("q2"))).isEqualTo(b("small"));
    assertThat(restored.get("large", "b", b("r"), b("q3"))).isNull();
  }

  @Test
  void valueLogSwitchedOff_keepsNewValuesInRocksDb_andNamesTheOptionForValuesInTheLog() {
    List<TableSpec> schema = List.of(KEEP, LARGE);
    WideColumnStore store = open(schema, Map.of());
    store.write(new WriteBatch().put("large", "b", b("r"), b("q1"), b("in the log")));
    store.close();

    WideColumnStore off = open(schema, Map.of(RocksDbSettings.VALUE_LOG, "false"));
    off.write(new WriteBatch().put("large", "b", b("r"), b("q2"), new byte[] {(byte) 0xFE, 1}));
    assertThat(off.get("large", "b", b("r"), b("q2"))).isEqualTo(new byte[] {(byte) 0xFE, 1});
    assertThatThrownBy(() -> off.get("large", "b", b("r"), b("q1")))
        .isInstanceOf(StorageException.class).hasMessageContaining("rocksdb.value-log=false");
    off.close();

    WideColumnStore on = open(schema, Map.of());
    assertThat(on.get("large", "b", b("r"), b("q1"))).isEqualTo(b("in the log"));
    assertThat(on.get("large", "b", b("r"), b("q2"))).isEqualTo(new byte[] {(byte) 0xFE, 1});
  }

  private static List<Path> segments(Path directory) throws java.io.IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".vlog")).sorted().toList();
    }
  }

  @Test
  void open_withoutDataDirectory_failsWithHowToFix() {
    assertThatThrownBy(() -> new RocksDbEngineProvider()
        .open(new EngineConfig(null, Map.of(), Clock.systemUTC()), SCHEMA))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("needs a data directory");
  }

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }
}
