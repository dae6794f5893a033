package io.pinscope.storage.compliance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.StorageEngineProvider;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link WideColumnStore} contract, below the repositories: puts, counter increments, maxima and
 * deletes; get, getRow and forward/reverse scans with bounds and limits in unsigned byte order; TTL;
 * errors for unknown or mistyped families; close; reopen; concurrent writers. Every engine runs it on
 * three tables of one bytes, one counter and one max family each: {@code keep} (no TTL), {@code short}
 * (1 s) and {@code long} (1 h); and on {@code large} (1 h), one bytes family with
 * {@link FamilySpec#largeValues() large values}, which must read exactly like {@code keep}'s.
 */
public abstract class WideColumnStoreCompliance extends StorageCompliance {
  protected static final List<FamilySpec> FAMILIES = List.of(new FamilySpec("b", CellKind.BYTES),
      new FamilySpec("c", CellKind.COUNTER), new FamilySpec("m", CellKind.MAX));
  protected static final Duration SHORT_TTL = Duration.ofSeconds(1);
  protected static final List<TableSpec> SCHEMA = List.of(
      new TableSpec("keep", FAMILIES, Duration.ZERO),
      new TableSpec("short", FAMILIES, SHORT_TTL),
      new TableSpec("long", FAMILIES, Duration.ofHours(1)),
      new TableSpec("large", List.of(new FamilySpec("b", CellKind.BYTES, true)), Duration.ofHours(1)));

  private final List<WideColumnStore> stores = new ArrayList<>();

  /** Opens the engine on this test's data directory, options and clock, with {@link #SCHEMA}. */
  protected WideColumnStore openStore() {
    for (StorageEngineProvider provider : ServiceLoader.load(StorageEngineProvider.class)) {
      if (provider.name().equals(engine())) {
        WideColumnStore store =
            provider.open(new EngineConfig(dataDirectory, engineOptions(), clock), SCHEMA);
        stores.add(store);
        return store;
      }
    }
    throw new IllegalStateException("no storage engine named " + engine() + " on the class path");
  }

  @AfterEach
  void closeStores() {
    stores.forEach(WideColumnStore::close);
  }

  @Test
  protected void engine_namesItself_andAsksForSaltBuckets() {
    WideColumnStore store = openStore();

    assertThat(store.engineName()).isEqualTo(engine());
    assertThat(store.saltBuckets()).isBetween(1, 256);
    assertThat(store.diskBytes()).isNotNegative();
  }

  @Test
  protected void put_roundTripsThroughGetAndGetRow_andReplaces() {
    WideColumnStore store = openStore();
    store.write(new WriteBatch()
        .put("keep", "b", b("row"), b("q2"), b("two"))
        .put("keep", "b", b("row"), b("q1"), b("one"))
        .put("keep", "b", b("row"), new byte[0], b("empty qualifier"))
        .put("keep", "b", b("row"), b("q3"), new byte[0])
        .put("keep", "b", b("rowX"), b("q1"), b("other row")));
    store.write(new WriteBatch().put("keep", "b", b("row"), b("q2"), b("two, replaced")));

    assertThat(store.get("keep", "b", b("row"), b("q1"))).isEqualTo(b("one"));
    assertThat(store.get("keep", "b", b("row"), b("q3"))).as("an empty value is a cell").isEmpty();
    assertThat(store.get("keep", "b", b("row"), b("q4"))).isNull();
    assertThat(store.get("short", "b", b("row"), b("q1"))).as("another table").isNull();
    assertThat(render(store.getRow("keep", "b", b("row"))))
        .containsExactly("row//empty qualifier", "row/q1/one", "row/q2/two, replaced", "row/q3/");
    assertThat(store.getRow("keep", "b", b("nothing"))).isEmpty();
  }

  @Test
  protected void emptyBatch_writesNothing_andIsFine() {
    WideColumnStore store = openStore();
    store.write(new WriteBatch());

    assertThat(store.scan(new Scan("keep", "b", new byte[0], new byte[0], false, 10))).isEmpty();
  }

  @Test
  protected void getRow_neverMixesInRowsThatExtendIt() {
    WideColumnStore store = openStore();
    byte[][] rows = {{'a'}, {'a', 0x00}, {'a', 0x00, 0x00}, {'a', 0x01}, {'a', (byte) 0xFF}, {'a', 'b'}};
    WriteBatch batch = new WriteBatch();
    for (byte[] row : rows) {
      batch.put("keep", "b", row, new byte[] {0x00}, row);
      batch.put("keep", "b", row, new byte[] {(byte) 0xFF}, row);
    }
    store.write(batch);

    for (byte[] row : rows) {
      List<Cell> cells = store.getRow("keep", "b", row);
      assertThat(cells).as("row %s", hex(row)).hasSize(2).allSatisfy(c -> {
        assertThat(c.row()).isEqualTo(row);
        assertThat(c.value()).isEqualTo(row);
      });
      assertThat(cells.get(0).qualifier()).containsExactly(0x00);
      assertThat(cells.get(1).qualifier()).containsExactly(0xFF);
    }
  }

  @Test
  protected void ordering_isUnsignedBytes_forRowsAndQualifiers() {
    WideColumnStore store = openStore();
    byte[] order = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};
    WriteBatch batch = new WriteBatch();
    for (int i = order.length - 1; i >= 0; i--) {
      batch.put("keep", "b", new byte[] {order[i]}, new byte[] {order[order.length - 1 - i]}, new byte[0]);
      batch.put("keep", "b", new byte[] {0x10}, new byte[] {order[i]}, new byte[0]);
    }
    store.write(batch);

    assertThat(store.getRow("keep", "b", new byte[] {0x10})).extracting(c -> hex(c.qualifier()))
        .containsExactly("00", "01", "7f", "80", "fe", "ff");
    assertThat(store.scan(new Scan("keep", "b", new byte[0], new byte[0], false, 100)).stream()
        .map(c -> hex(c.row())).distinct().toList())
        .containsExactly("00", "01", "10", "7f", "80", "fe", "ff");
    assertThat(store.scan(new Scan("keep", "b", new byte[] {0x7F}, new byte[] {(byte) 0xFF}, true, 100)))
        .extracting(c -> hex(c.row()) + "/" + hex(c.qualifier()))
        .containsExactly("fe/01", "80/7f", "7f/80");
  }

  @Test
  protected void scan_forwardAndReverse_withBoundsAndLimit() {
    WideColumnStore store = openStore();
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
        .as("the limit counts cells, not rows").containsExactly("c/2/c2", "c/1/c1", "b/2/b2");
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

  /** Seeded random rows over {0x00, 0x01, 0xFF, 'a'}, checked against a sorted model of every cell. */
  @Test
  protected void scan_matchesSortedModel_forRowsWithZeroAndFfBytesAndPrefixes() {
    WideColumnStore store = openStore();
    Random random = new Random(42);
    byte[] alphabet = {0x00, 0x01, (byte) 0xFF, 'a'};
    List<Cell> model = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    WriteBatch batch = new WriteBatch();
    while (model.size() < 300) {
      byte[] row = random(random, alphabet, 1, 4);
      byte[] qualifier = random(random, alphabet, 0, 2);
      String id = hex(row) + "/" + hex(qualifier);
      if (!seen.contains(id)) {
        seen.add(id);
        model.add(new Cell(row, qualifier, b(id)));
        batch.put("keep", "b", row, qualifier, b(id));
      }
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
        if (RowKeys.compare(c.row(), start) >= 0 && (stop.length == 0 || RowKeys.compare(c.row(), stop) < 0)) {
          expected.add(hex(c.row()) + "/" + hex(c.qualifier()));
        }
      }
      if (reverse) {
        Collections.reverse(expected);
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
  protected void counters_addPositiveAndNegativeDeltas() {
    WideColumnStore store = openStore();
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
  protected void max_keepsTheLargestSignedValue() {
    WideColumnStore store = openStore();
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
  protected void delete_removesBytesCounterAndMaxCells_andOnlyThem() {
    WideColumnStore store = openStore();
    store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v")).put("keep", "b", b("r"), b("q2"), b("v2"))
        .increment("keep", "c", b("r"), b("q"), 7).increment("keep", "c", b("r"), b("q2"), 8)
        .max("keep", "m", b("r"), b("q"), 9).max("keep", "m", b("r"), b("q2"), 10));

    store.write(new WriteBatch()
        .delete("keep", "b", b("r"), b("q"))
        .delete("keep", "c", b("r"), b("q"))
        .delete("keep", "m", b("r"), b("q")));

    for (String family : List.of("b", "c", "m")) {
      assertThat(store.get("keep", family, b("r"), b("q"))).as(family).isNull();
      assertThat(store.getRow("keep", family, b("r"))).as(family).extracting(c -> new String(c.qualifier(), UTF_8))
          .containsExactly("q2");
      assertThat(store.scan(new Scan("keep", family, new byte[0], new byte[0], true, 10))).as(family).hasSize(1);
    }
    assertThat(store.get("keep", "b", b("r"), b("q2"))).isEqualTo(b("v2"));
    assertThat(Longs.fromBytes(store.get("keep", "c", b("r"), b("q2")))).isEqualTo(8);
    assertThat(Longs.fromBytes(store.get("keep", "m", b("r"), b("q2")))).isEqualTo(10);
  }

  @Test
  protected void delete_thenIncrementOrMax_startsFromAbsent() {
    WideColumnStore store = openStore();
    store.write(new WriteBatch()
        .increment("keep", "c", b("r"), b("q"), 100)
        .max("keep", "m", b("r"), b("q"), 100)
        .put("keep", "b", b("r"), b("q"), b("old")));
    store.write(new WriteBatch()
        .delete("keep", "c", b("r"), b("q"))
        .delete("keep", "m", b("r"), b("q"))
        .delete("keep", "b", b("r"), b("q")));

    store.write(new WriteBatch()
        .increment("keep", "c", b("r"), b("q"), 5)
        .max("keep", "m", b("r"), b("q"), -10)
        .put("keep", "b", b("r"), b("q"), b("new")));

    assertThat(Longs.fromBytes(store.get("keep", "c", b("r"), b("q")))).as("counter after delete").isEqualTo(5);
    assertThat(Longs.fromBytes(store.get("keep", "m", b("r"), b("q")))).as("max after delete").isEqualTo(-10);
    assertThat(store.get("keep", "b", b("r"), b("q"))).isEqualTo(b("new"));
  }

  @Test
  protected void delete_ofAbsentCells_isFine() {
    WideColumnStore store = openStore();
    store.write(new WriteBatch().put("keep", "b", b("r"), b("q"), b("v")));

    store.write(new WriteBatch()
        .delete("keep", "b", b("r"), b("absent"))
        .delete("keep", "b", b("no such row"), b("q"))
        .delete("keep", "c", b("r"), b("q"))
        .delete("short", "m", b("r"), b("q")));
    store.write(new WriteBatch().delete("keep", "b", b("r"), b("q")).delete("keep", "b", b("r"), b("q")));

    assertThat(store.scan(new Scan("keep", "b", new byte[0], new byte[0], false, 10))).isEmpty();
    store.write(new WriteBatch().increment("keep", "c", b("r"), b("q"), 1));
    assertThat(Longs.fromBytes(store.get("keep", "c", b("r"), b("q")))).isEqualTo(1);
  }

  /** Deletes share a batch with other writes (rebuilding statistics does); the batch applies in order. */
  @Test
  protected void delete_inABatchWithOtherWrites_appliesInBatchOrder() {
    WideColumnStore store = openStore();
    store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("old"), b("x"))
        .increment("keep", "c", b("r"), b("q"), 40)
        .max("keep", "m", b("r"), b("q"), 40));

    store.write(new WriteBatch()
        .delete("keep", "b", b("r"), b("old"))
        .put("keep", "b", b("r"), b("new"), b("y"))
        .put("keep", "b", b("r"), b("gone"), b("z"))
        .delete("keep", "b", b("r"), b("gone"))
        .delete("keep", "b", b("r"), b("back"))
        .put("keep", "b", b("r"), b("back"), b("w"))
        .delete("keep", "c", b("r"), b("q"))
        .increment("keep", "c", b("r"), b("q"), 2)
        .increment("keep", "c", b("r"), b("q"), 3)
        .delete("keep", "m", b("r"), b("q"))
        .max("keep", "m", b("r"), b("q"), 7));

    assertThat(render(store.getRow("keep", "b", b("r")))).containsExactly("r/back/w", "r/new/y");
    assertThat(Longs.fromBytes(store.get("keep", "c", b("r"), b("q")))).isEqualTo(5);
    assertThat(Longs.fromBytes(store.get("keep", "m", b("r"), b("q")))).isEqualTo(7);
  }

  @Test
  protected void ttl_purgeDropsExpiredCells_ofEveryKind_andKeepsTheOthers() {
    WideColumnStore store = openStore();
    for (String table : List.of("keep", "short", "long")) {
      store.write(new WriteBatch()
          .put(table, "b", b("r"), b("q"), b("v"))
          .increment(table, "c", b("r"), b("q"), 2)
          .max(table, "m", b("r"), b("q"), 9));
    }
    assertThat(store.get("short", "b", b("r"), b("q"))).isEqualTo(b("v"));
    assertThat(Longs.fromBytes(store.get("short", "c", b("r"), b("q")))).isEqualTo(2);

    expireAndPurge(store, SHORT_TTL);

    for (String family : List.of("b", "c", "m")) {
      assertThat(store.getRow("short", family, b("r"))).as("short/%s after its TTL", family).isEmpty();
      assertThat(store.getRow("keep", family, b("r"))).as("keep/%s (no TTL)", family).hasSize(1);
      assertThat(store.getRow("long", family, b("r"))).as("long/%s (1 h TTL)", family).hasSize(1);
    }
    store.write(new WriteBatch().increment("short", "c", b("r"), b("q"), 5).max("short", "m", b("r"), b("q"), 1));
    assertThat(Longs.fromBytes(store.get("short", "c", b("r"), b("q")))).as("expired counter").isEqualTo(5);
    assertThat(Longs.fromBytes(store.get("short", "m", b("r"), b("q")))).as("expired max").isEqualTo(1);
  }

  @Test
  protected void ttl_expiredCellsAreHidden_beforeAnyPurge() {
    assumeTrue(engineUnderTest().hidesExpiredBeforePurge(),
        engine() + " returns expired cells until a purge or compaction removes them");
    assumeTrue(engineUnderTest().ttlOnInjectedClock(), engine() + " runs its TTL on the wall clock");
    WideColumnStore store = openStore();
    store.write(new WriteBatch()
        .put("short", "b", b("r"), b("q"), b("v"))
        .increment("short", "c", b("r"), b("q"), 2)
        .max("short", "m", b("r"), b("q"), 9)
        .put("long", "b", b("r"), b("q"), b("v")));

    clock.advance(SHORT_TTL.minusMillis(1));
    assertThat(store.get("short", "b", b("r"), b("q"))).as("just before the TTL").isEqualTo(b("v"));
    clock.advance(SHORT_TTL);

    for (String family : List.of("b", "c", "m")) {
      assertThat(store.get("short", family, b("r"), b("q"))).as(family).isNull();
      assertThat(store.getRow("short", family, b("r"))).as(family).isEmpty();
      assertThat(store.scan(new Scan("short", family, new byte[0], new byte[0], false, 10))).as(family).isEmpty();
    }
    assertThat(store.get("long", "b", b("r"), b("q"))).isEqualTo(b("v"));
    store.write(new WriteBatch().increment("short", "c", b("r"), b("q"), 5).max("short", "m", b("r"), b("q"), 1));
    assertThat(Longs.fromBytes(store.get("short", "c", b("r"), b("q")))).as("expired counter").isEqualTo(5);
    assertThat(Longs.fromBytes(store.get("short", "m", b("r"), b("q")))).as("expired max").isEqualTo(1);
  }

  /** Messages name the table, the family, its kind and the kind the write needs. */
  @Test
  protected void write_rejectsMistypedAndUnknownFamilies_writingNothing() {
    WideColumnStore store = openStore();
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .increment("keep", "b", b("r"), b("q2"), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("keep", "b", "BYTES", "COUNTER");
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .increment("keep", "c", b("r"), b("q"), 1)
        .put("keep", "m", b("r"), b("q"), b("v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("keep", "m", "MAX", "BYTES");
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .max("keep", "m", b("r"), b("q"), 1)
        .max("keep", "c", b("r"), b("q"), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("keep", "c", "COUNTER", "MAX");
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .delete("keep", "nope", b("r"), b("q"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("keep", "nope");
    assertThatThrownBy(() -> store.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .put("nope", "b", b("r"), b("q"), b("v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");

    for (String family : List.of("b", "c", "m")) {
      assertThat(store.getRow("keep", family, b("r"))).as("keep/%s after rejected batches", family).isEmpty();
    }
  }

  @Test
  protected void read_ofUnknownTableOrFamily_fails() {
    WideColumnStore store = openStore();

    assertThatThrownBy(() -> store.get("keep", "x", b("r"), b("q"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.getRow("nope", "b", b("r"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.scan(Scan.prefix("keep", "x", b("r"), 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  protected void close_isIdempotent_andLaterCallsFailWithIllegalState() {
    WideColumnStore store = openStore();
    store.write(new WriteBatch().put("keep", "b", b("r"), b("q"), b("v")));
    store.close();
    store.close();

    Map<String, Runnable> calls = new LinkedHashMap<>();
    calls.put("write", () -> store.write(new WriteBatch().put("keep", "b", b("r"), b("q"), b("v"))));
    calls.put("get", () -> store.get("keep", "b", b("r"), b("q")));
    calls.put("getRow", () -> store.getRow("keep", "b", b("r")));
    calls.put("scan", () -> store.scan(Scan.prefix("keep", "b", b("r"), 1)));
    calls.put("purgeExpired", store::purgeExpired);
    calls.put("diskBytes", store::diskBytes);
    calls.forEach((name, call) -> assertThat(catchThrowable(call::run)).as("%s after close", name)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
  }

  @Test
  protected void closeAndReopen_keepsEveryCell_andEveryDelete() {
    assumeTrue(engineUnderTest().persistent(), engine() + " keeps data in memory only");
    WideColumnStore first = openStore();
    first.write(new WriteBatch()
        .put("keep", "b", b("r"), b("q"), b("v"))
        .put("keep", "b", b("r"), b("deleted"), b("v"))
        .increment("keep", "c", b("r"), b("q"), -5)
        .max("long", "m", b("r"), b("q"), 77));
    first.write(new WriteBatch().delete("keep", "b", b("r"), b("deleted")));
    first.close();
    WideColumnStore second = openStore();
    second.write(new WriteBatch().increment("keep", "c", b("r"), b("q"), 8));
    second.close();

    WideColumnStore again = openStore();
    assertThat(render(again.getRow("keep", "b", b("r")))).containsExactly("r/q/v");
    assertThat(Longs.fromBytes(again.get("keep", "c", b("r"), b("q")))).isEqualTo(3);
    assertThat(Longs.fromBytes(again.get("long", "m", b("r"), b("q")))).isEqualTo(77);
  }

  @Test
  protected void concurrentWriters_loseNoIncrementAndNoMaximum() throws Exception {
    WideColumnStore store = openStore();
    int threads = 8;
    int batches = 500;
    ConcurrencyCompliance.runConcurrently(threads, thread -> {
      for (int i = 0; i < batches; i++) {
        WriteBatch batch = new WriteBatch();
        for (int cell = 0; cell < 4; cell++) {
          batch.increment("keep", "c", b("hot"), new byte[] {(byte) cell}, cell + 1);
          batch.max("keep", "m", b("hot"), new byte[] {(byte) cell}, thread * batches + i);
        }
        batch.put("keep", "b", b("t" + thread), Longs.toBytes(i), new byte[0]);
        store.write(batch);
      }
    });

    assertThat(store.getRow("keep", "c", b("hot"))).extracting(Cell::longValue)
        .containsExactly(1L * threads * batches, 2L * threads * batches, 3L * threads * batches,
            4L * threads * batches);
    assertThat(store.getRow("keep", "m", b("hot"))).extracting(Cell::longValue)
        .containsOnly((long) threads * batches - 1);
    for (int t = 0; t < threads; t++) {
      assertThat(store.getRow("keep", "b", b("t" + t))).hasSize(batches);
    }
  }

  @Test
  protected void largeValueFamily_readsLikeAnyBytesFamily_acrossReplacesDeletesAndReopen() {
    WideColumnStore store = openStore();
    Random random = new Random(7);
    byte[] alphabet = new byte[256];
    for (int i = 0; i < 256; i++) {
      alphabet[i] = (byte) i;
    }
    for (int round = 0; round < 30; round++) {
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < 12; i++) {
        byte[] row = b("r" + random.nextInt(6));
        byte[] qualifier = b("q" + random.nextInt(20));
        // Any bytes, empty and large values included, first bytes 0xFE and 0xFF among them.
        byte[] value = i >= 2 && random.nextInt(10) == 0 ? new byte[0] : random(random, alphabet, 1, 5000);
        if (i < 2) {
          value[0] = (byte) (0xFE + i);
        }
        batch.put("keep", "b", row, qualifier, value).put("large", "b", row, qualifier, value);
      }
      if (round % 4 == 3) {
        byte[] row = b("r" + random.nextInt(6));
        byte[] qualifier = b("q" + random.nextInt(20));
        batch.delete("keep", "b", row, qualifier).delete("large", "b", row, qualifier);
      }
      store.write(batch);
    }
    store.write(new WriteBatch().increment("keep", "c", b("r0"), b("q"), 1)); // a batch without large values

    assertReadsAlike(store);
    if (engineUnderTest().persistent()) {
      store.close();
      assertReadsAlike(openStore());
    }
  }

  private static void assertReadsAlike(WideColumnStore store) {
    List<String> all = cellsHex(store.scan(new Scan("keep", "b", new byte[0], new byte[0], false, 1000)));
    assertThat(all).hasSizeGreaterThan(50);
    assertThat(cellsHex(store.scan(new Scan("large", "b", new byte[0], new byte[0], false, 1000))))
        .containsExactlyElementsOf(all);
    assertThat(cellsHex(store.scan(new Scan("large", "b", b("r2"), b("r4"), true, 7))))
        .containsExactlyElementsOf(cellsHex(store.scan(new Scan("keep", "b", b("r2"), b("r4"), true, 7))));
    for (int r = 0; r < 6; r++) {
      byte[] row = b("r" + r);
      assertThat(cellsHex(store.getRow("large", "b", row))).containsExactlyElementsOf(
          cellsHex(store.getRow("keep", "b", row)));
      for (int q = 0; q < 20; q++) {
        byte[] expected = store.get("keep", "b", row, b("q" + q));
        assertThat(store.get("large", "b", row, b("q" + q))).as("r%d/q%d", r, q).isEqualTo(expected);
      }
    }
  }

  private static List<String> cellsHex(List<Cell> cells) {
    return cells.stream().map(c -> hex(c.row()) + "/" + hex(c.qualifier()) + "/" + hex(c.value())).toList();
  }

  protected static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  protected static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Cells as {@code row/qualifier/value}, each as UTF-8. */
  protected static List<String> render(List<Cell> cells) {
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
