package io.pinscope.storage.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.StorageException;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStoreTest {
  static final List<FamilySpec> FAMILIES = List.of(new FamilySpec("b", CellKind.BYTES),
      new FamilySpec("c", CellKind.COUNTER), new FamilySpec("m", CellKind.MAX));
  static final TableSpec KEEP = new TableSpec("keep", FAMILIES, Duration.ZERO);
  static final TableSpec SHORT = new TableSpec("short", FAMILIES, Duration.ofSeconds(1));
  static final TableSpec LONG = new TableSpec("long", FAMILIES, Duration.ofHours(1));
  static final List<TableSpec> SCHEMA = List.of(KEEP, SHORT, LONG);

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
  void put_roundTripsThroughGetAndGetRow() {
    WideColumnStore store = open();
    store.write(new WriteBatch()
        .put("keep", "b", b("row"), b("q2"), b("two"))
        .put("keep", "b", b("row"), b("q1"), b("one"))
        .put("keep", "b", b("row"), new byte[0], b("empty qualifier"))
        .put("keep", "b", b("rowX"), b("q1"), b("other row")));
    store.write(new WriteBatch().put("keep", "b", b("row"), b("q2"), b("two, replaced")));

    assertThat(store.get("keep", "b", b("row"), b("q1"))).isEqualTo(b("one"));
    assertThat(store.get("keep", "b", b("row"), b("q3"))).isNull();
    assertThat(store.get("short", "b", b("row"), b("q1"))).isNull();
    assertThat(render(store.getRow("keep", "b", b("row"))))
        .containsExactly("row//empty qualifier", "row/q1/one", "row/q2/two, replaced");
    assertThat(store.getRow("keep", "b", b("nothing"))).isEmpty();
    assertThat(store.engineName()).isEqualTo("rocksdb");
    assertThat(store.saltBuckets()).isEqualTo(1);
  }

  @Test
  void getRow_neverMixesInRowsThatExtendIt() {
    WideColumnStore store = open();
    byte[][] rows = {{'a'}, {'a', 0x00}, {'a', 0x00, 0x00}, {'a', 0x01}, {'a', (byte) 0xFF}, {'a', 'b'}};
    WriteBatch batch = new WriteBatch();
    for (byte[] row : rows) {
      batch.put("keep", "b", row, new byte[] {0x00}, row);
      batch.put("keep", "b", row, new byte[] {(byte) 0xFF}, row);
    }
    store.write(batch);
    for (byte[] row : rows) {
      List<Cell> cells = store.getRow("keep", "b", row);
      assertThat(cells).hasSize(2).allSatisfy(c -> {
        assertThat(c.row()).isEqualTo(row);
        assertThat(c.value()).isEqualTo(row);
      });
      assertThat(cells.get(0).qualifier()).containsExactly(0x00);
      assertThat(cells.get(1).qualifier()).containsExactly(0xFF);
    }
  }

  @Test
  void scan_forwardAndReverse_withBoundsAndLimit() {
    WideColumnStore store = open();
    WriteBatch batch = new WriteBatch();
    for (String row : List.of("a", "b", "c", "d")) {
      batch.put("keep", "b", b(row), b("1"), b(row + "1")).put("keep", "b", b(row), b("2"), b(row + "2"));
    }
    store.write(batch);

    assertThat(render(store.scan(new Scan("keep", "b", b("b"), b("d"), false, 100))))
        .containsExactly("b/1/b1", "b/2/b2", "c/1/c1", "c/2/c2");
    assertThat(render(store.scan(new Scan("keep", "b", b("b"), b("d"), true, 100))))
        .containsExactly("c/2/c2", "c/1/c1", "b/2/b2", "b/1/b1");
    assertThat(render(store.scan(new Scan("keep", "b", b("b"), b("d"), true, 3))))
        .containsExactly("c/2/c2", "c/1/c1", "b/2/b2");
    assertThat(render(store.scan(new Scan("keep", "b", b("b"), new byte[0], false, 3))))
        .containsExactly("b/1/b1", "b/2/b2", "c/1/c1");
    assertThat(render(store.scan(new Scan("keep", "b", new byte[0], new byte[0], true, 3))))
        .containsExactly("d/2/d2", "d/1/d1", "c/2/c2");
    assertThat(render(store.scan(new Scan("keep", "b", b("bb"), b("c0"), false, 10))))
        .containsExactly("c/1/c1", "c/2/c2");
    assertThat(store.scan(new Scan("keep", "b", b("c"), b("c"), false, 10))).isEmpty();
    assertThat(store.scan(new Scan("keep", "b", b("d"), b("a"), true, 10))).isEmpty();
    assertThat(render(store.scan(Scan.prefix("keep", "b", b("c"), 10))))
        .containsExactly("c/1/c1", "c/2/c2");
  }

  /** Random rows over {0x00, 0x01, 0xFF, 'a'}, checked against a sorted model of every cell. */
  @Test
  void scan_matchesSortedModel_forRowsWithZeroAndFfBytesAndPrefixes() {
    WideColumnStore store = open();
    Random random = new Random(42);
    byte[] alphabet = {0x00, 0x01, (byte) 0xFF, 'a'};
    List<Cell> model = new ArrayList<>();
    WriteBatch batch = new WriteBatch();
    List<String> seen = new ArrayList<>();
    while (model.size() < 300) {
      byte[] row = random(random, alphabet, 1, 4);
      byte[] qualifier = random(random, alphabet, 0, 2);
      String id = hex(row) + "/" + hex(qualifier);
      if (seen.contains(id)) {
        continue;
      }
      seen.add(id);
      model.add(new Cell(row, qualifier, b(id)));
      batch.put("keep", "b", row, qualifier, b(id));
    }
    store.write(batch);
    model.sort(Comparator.comparing(Cell::row, RowKeys::compare)
        .thenComparing(Cell::qualifier, RowKeys::compare));

    for (int i = 0; i < 300; i++) {
      byte[] start = random.nextInt(5) == 0 ? new byte[0] : random(random, alphabet, 1, 3);
      byte[] stop = random.nextInt(5) == 0 ? new byte[0] : random(random, alphabet, 1, 3);
      boolean reverse = random.nextBoolean();
      int limit = 1 + random.nextInt(400);
      List<String> expected = new ArrayList<>();
      for (Cell c : model) {
        if (RowKeys.compare(c.row(), start) >= 0
            && (stop.length == 0 || RowKeys.compare(c.row(), stop) < 0)) {
          expected.add(hex(c.row()) + "/" + hex(c.qualifier()));
        }
      }
      if (reverse) {
        java.util.Collections.reverse(expected);
      }
      List<String> actual = store.scan(new Scan("keep", "b", start, stop, reverse, limit)).stream()
          .map(c -> hex(c.row()) + "/" + hex(c.qualifier()) + "=" + new String(c.value(), UTF_8))
          .toList();
      assertThat(actual)
          .as("scan [%s, %s) reverse=%s limit=%s", hex(start), hex(stop), reverse, limit)
          .containsExactlyElementsOf(expected.subList(0, Math.min(limit, expected.size())).stream()
              .map(id -> id + "=" + id).toList());
    }
  }

  @Test
  void counters_addPositiveAndNegativeDeltas() {
    WideColumnStore store = open();
    store.write(new WriteBatch()
        .increment("keep", "c", b("r"), b("q"), 5)
        .increment("keep", "c", b("r"), b("q"), -12));
    store.write(new WriteBatch().increment("keep", "c", b("r"), b("q"), 3));
    store.write(new WriteBatch().increment("keep", "c", b("r"), b("other"), Long.MAX_VALUE));

    assertThat(Longs.fromBytes(store.get("keep", "c", b("r"), b("q")))).isEqualTo(-4);
    assertThat(store.getRow("keep", "c", b("r"))).extracting(Cell::longValue)
        .containsExactly(Long.MAX_VALUE, -4L);
    assertThat(store.get("keep", "c", b("r"), b("absent"))).isNull();
  }

  @Test
  void max_keepsTheLargestSignedValue() {
    WideColumnStore store = open();
    store.write(new WriteBatch()
        .max("keep", "m", b("r"), b("neg"), -50)
        .max("keep", "m", b("r"), b("neg"), -7)
        .max("keep", "m", b("r"), b("neg"), -300)
        .max("keep", "m", b("r"), b("pos"), -1)
        .max("keep", "m", b("r"), b("pos"), 256)
        .max("keep", "m", b("r"), b("pos"), 255)
        .max("keep", "m", b("r"), b("min"), Long.MIN_VALUE));

    assertThat(Longs.fromBytes(store.get("keep", "m", b("r"), b("neg")))).isEqualTo(-7);
    assertThat(Longs.fromBytes(store.get("keep", "m", b("r"), b("pos")))).isEqualTo(256);
    assertThat(Longs.fromBytes(store.get("keep", "m", b("r"), b("min")))).isEqualTo(Long.MIN_VALUE);
    store.write(new WriteBatch().max("keep", "m", b("r"), b("min"), Long.MAX_VALUE));
    assertThat(store.scan(Scan.prefix("keep", "m", b("r"), 10))).extracting(Cell::longValue)
        .containsExactly(Long.MAX_VALUE, -7L, 256L);
  }

  @Test
  void ttl_purgeExpiredDropsExpiredCells_andKeepsTablesWithoutTtl() throws Exception {
    WideColumnStore store = open();
    for (String table : List.of("keep", "short")) {
      store.write(new WriteBatch()
          .put(table, "b", b("r"), b("q"), b("v"))
          .increment(table, "c", b("r"), b("q"), 2)
          .max(table, "m", b("r"), b("q"), 9));
    }
    assertThat(store.get("short", "b", b("r"), b("q"))).isEqualTo(b("v"));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!store.getRow("short", "b", b("r")).isEmpty()
        || !store.getRow("short", "c", b("r")).isEmpty()
        || !store.getRow("short", "m", b("r")).isEmpty()) {
      assertThat(System.nanoTime()).as("cells of the 1s-TTL table still there after 30s")
          .isLessThan(deadline);
      Thread.sleep(100);
      store.purgeExpired();
    }

    assertThat(store.get("keep", "b", b("r"), b("q"))).isEqualTo(b("v"));
    assertThat(Longs.fromBytes(store.get("keep", "c", b("r"), b("q")))).isEqualTo(2);
    assertThat(Longs.fromBytes(store.get("keep", "m", b("r"), b("q")))).isEqualTo(9);
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
  void reopen_keepsEveryCell() {
    WideColumnStore first = open();
    first.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .increment("keep", "c", b("r"), b("q"), -5)
        .max("long", "m", b("r"), b("q"), 77));
    first.close();
    WideColumnStore second = open();
    second.write(new WriteBatch().increment("keep", "c", b("r"), b("q"), 8));
    second.close();

    // A schema without two of the tables still opens the directory and keeps their data ...
    WideColumnStore narrower = open(List.of(KEEP), Map.of());
    assertThat(narrower.get("keep", "b", b("r"), b("q"))).isEqualTo(b("v"));
    assertThatThrownBy(() -> narrower.getRow("long", "m", b("r")))
        .isInstanceOf(IllegalArgumentException.class);
    narrower.close();

    // ... for when they come back.
    WideColumnStore again = open();
    assertThat(again.get("keep", "b", b("r"), b("q"))).isEqualTo(b("v"));
    assertThat(Longs.fromBytes(again.get("keep", "c", b("r"), b("q")))).isEqualTo(3);
    assertThat(Longs.fromBytes(again.get("long", "m", b("r"), b("q")))).isEqualTo(77);
  }

  @Test
  void concurrentIncrements_loseNoCount() throws Exception {
    WideColumnStore store = open();
    int threads = 8;
    int batches = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < batches; i++) {
            WriteBatch batch = new WriteBatch();
            for (int cell = 0; cell < 4; cell++) {
              batch.increment("keep", "c", b("hot"), new byte[] {(byte) cell}, cell + 1);
              batch.max("keep", "m", b("hot"), new byte[] {(byte) cell}, i);
            }
            store.write(batch);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.getRow("keep", "c", b("hot"))).extracting(Cell::longValue)
        .containsExactly(1L * threads * batches, 2L * threads * batches, 3L * threads * batches,
            4L * threads * batches);
    assertThat(store.getRow("keep", "m", b("hot"))).extracting(Cell::longValue)
        .containsOnly((long) batches - 1);
  }

  @Test
  void write_rejectsKindMismatchAndUnknownNames_writingNothing() {
    WideColumnStore store = open();
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .increment("keep", "b", b("r"), b("q2"), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind of family keep.b for ADD: BYTES (expected: COUNTER)");
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .increment("keep", "c", b("r"), b("q"), 1)
        .put("keep", "m", b("r"), b("q"), b("v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind of family keep.m for PUT: MAX (expected: BYTES)");
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .put("keep", "nope", b("r"), b("q"), b("v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("family: nope (expected one of [b, c, m] in table keep)");
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .put("nope", "b", b("r"), b("q"), b("v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table: nope (expected one of [keep, short, long])");
    assertThatThrownBy(() -> store.get("keep", "x", b("r"), b("q")))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.getRow("keep", "b", b("r"))).isEmpty();
    assertThat(store.getRow("keep", "c", b("r"))).isEmpty();
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
  void close_isIdempotent_andLaterCallsFailWithIllegalState() {
    WideColumnStore store = open();
    store.write(new WriteBatch().put("keep", "b", b("r"), b("q"), b("v")));
    assertThat(store.diskBytes()).isPositive();
    store.close();
    store.close();

    for (Runnable call : List.<Runnable>of(
        () -> store.write(new WriteBatch().put("keep", "b", b("r"), b("q"), b("v"))),
        () -> store.get("keep", "b", b("r"), b("q")),
        () -> store.getRow("keep", "b", b("r")),
        () -> store.scan(Scan.prefix("keep", "b", b("r"), 1)),
        store::purgeExpired,
        store::diskBytes)) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageEndingWith("is closed");
    }
    // The directory is free again.
    assertThat(open().get("keep", "b", b("r"), b("q"))).isEqualTo(b("v"));
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

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static List<String> render(List<Cell> cells) {
    return cells.stream().map(c -> new String(c.row(), UTF_8) + "/" + new String(c.qualifier(), UTF_8)
        + "/" + new String(c.value(), UTF_8)).toList();
  }

  private static byte[] random(Random random, byte[] alphabet, int min, int max) {
    byte[] b = new byte[min + random.nextInt(max - min + 1)];
    for (int i = 0; i < b.length; i++) {
      b[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return b;
  }
}
