package io.pinscope.storage;

import static io.pinscope.storage.GoldenBytes.assertBytes;
import static io.pinscope.storage.GoldenBytes.assertValue;
import static io.pinscope.storage.GoldenBytes.bytes;
import static io.pinscope.storage.GoldenFixtures.SLOT_MILLIS;
import static io.pinscope.storage.GoldenFixtures.START_MILLIS;
import static io.pinscope.storage.GoldenFixtures.TRACE_ID;

import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.storage.GoldenCells.GoldenCell;
import io.pinscope.storage.ScatterIndex.ScatterQuery;
import io.pinscope.storage.memory.MemoryEngineProvider;
import io.pinscope.storage.spi.Cell;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.Longs;
import io.pinscope.storage.spi.RowKeys;
import io.pinscope.storage.spi.Scan;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import io.pinscope.storage.spi.WriteBatch;
import io.pinscope.storage.testing.ForwardingStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins each table's row, qualifier and value layout (drawn in {@link Storage}'s javadoc): the fixtures of
 * {@link GoldenCells} are written through the repositories into a {@code memory} store and every raw
 * cell is read back through the SPI and compared with the golden hex; and the golden cells, loaded as
 * they are, read back through the repositories as the fixtures (what an earlier version wrote stays
 * readable). With 16 salt buckets (as a distributed engine asks) only the salt byte changes.
 */
class TableLayoutGoldenTest {
  static Stream<Named<List<GoldenCell>>> tables() {
    return GoldenCells.ALL.stream().map(cells -> Named.of(cells.get(0).table(), cells));
  }

  @Test
  void tables_haveTheirNamesFamiliesAndKinds() {
    List<String> tables = Storage.tables(Retention.DEFAULTS).stream()
        .map(t -> t.name() + " " + t.families().stream().map(f -> f.name() + ":" + f.kind()).toList())
        .toList();

    assertValue("the tables and their families (Storage.tables)", tables, List.of(
        "traces [s:BYTES]",
        "trace_tx [t:BYTES]",
        "scatter [d:BYTES]",
        "stat_self [c:COUNTER, m:MAX]",
        "stat_out [c:COUNTER, m:MAX, x:BYTES]",
        "stat_in [c:COUNTER, m:MAX]",
        "host_map [h:BYTES]",
        "stat_uri [c:COUNTER, m:MAX, x:BYTES]",
        "stat_sql [c:COUNTER, m:MAX, x:BYTES]",
        "applications [a:BYTES]",
        "agents [a:BYTES]",
        "agent_ids [i:BYTES]",
        "metrics [p:BYTES]",
        "logs [l:BYTES]",
        "hosts [h:BYTES]",
        "stat_self_1h [c:COUNTER, m:MAX]",
        "stat_out_1h [c:COUNTER, m:MAX]",
        "stat_in_1h [c:COUNTER, m:MAX]",
        "stat_uri_1h [c:COUNTER, m:MAX]",
        "stat_sql_1h [c:COUNTER, m:MAX]",
        "metrics_1h [b:BYTES, w:BYTES]", "metrics_10m [b:BYTES, w:BYTES]",
        "app_1h [a:BYTES, w:BYTES]",
        "alarm_rules [r:BYTES, s:BYTES]",
        "alarm_silences [s:BYTES]",
        "alarm_events [e:BYTES]",
        "span_origins [o:BYTES]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void repositories_writeTheGoldenCells(List<GoldenCell> golden) {
    WideColumnStore store = memoryStore();
    GoldenCells.writeFixtures(new Storage(store));

    assertCells(store, golden, 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void repositories_writeTheGoldenCells_withSixteenSaltBuckets(List<GoldenCell> golden) {
    WideColumnStore store = memoryStore();
    GoldenCells.writeFixtures(new Storage(new SaltedStore(store, 16)));

    assertCells(store, golden, 16);
  }

  @ParameterizedTest(name = "{0} salt buckets")
  @ValueSource(ints = {1, 16})
  void repositories_readTheGoldenCells(int buckets) {
    WideColumnStore raw = memoryStore();
    load(raw, buckets, GoldenCells.ALL);
    load(raw, buckets, List.of(GoldenCells.SCATTER_ROW_PER_DOT)); // the same dots as before groups: read once
    Storage storage = new Storage(buckets == 1 ? raw : new SaltedStore(raw, buckets));
    long slotEnd = SLOT_MILLIS + SlotValue.SLOT_MILLIS;

    assertValue("traces read back", storage.traces().find(TRACE_ID).spans(), List.of(GoldenCells.SPAN));
    assertValue("a span read back by id", storage.traces().findSpan(TRACE_ID, GoldenCells.SPAN.spanId()),
        Optional.of(GoldenCells.SPAN));
    assertValue("trace_tx read back", storage.traces().findByTransactionId("shop-1^7"),
        Optional.of(TRACE_ID));
    assertValue("scatter read back",
        storage.scatter().scan(new ScatterQuery("shop", 0, Long.MAX_VALUE, 10, null)).dots(),
        List.of(GoldenCells.DOT, GoldenCells.DOT_WITHOUT_ROUTE));
    assertValue("stat_self read back", storage.statistics().readSelf("shop", SLOT_MILLIS, slotEnd),
        List.of(new SlotValue<>(SLOT_MILLIS, GoldenCells.SELF, GoldenCells.SELF_HISTOGRAM)));
    assertValue("stat_out read back", storage.statistics().readOutLinks("shop", SLOT_MILLIS, slotEnd),
        List.of(new SlotValue<>(SLOT_MILLIS, GoldenCells.LINK, GoldenCells.LINK_HISTOGRAM)));
    assertValue("stat_in read back", storage.statistics().readInLinks("redis", SLOT_MILLIS, slotEnd),
        List.of(new SlotValue<>(SLOT_MILLIS, GoldenCells.LINK, GoldenCells.LINK_HISTOGRAM)));
    assertValue("host_map read back", List.copyOf(storage.statistics().readHostMappings("shop", SLOT_MILLIS,
        slotEnd)), List.of(GoldenCells.HOST));
    assertValue("stat_uri read back", storage.statistics().readUris("shop", SLOT_MILLIS, slotEnd),
        List.of(new SlotValue<>(SLOT_MILLIS, GoldenCells.URI, GoldenCells.URI_HISTOGRAM)));
    assertValue("stat_sql read back", storage.statistics().readSqls("shop", SLOT_MILLIS, slotEnd),
        List.of(new SlotValue<>(SLOT_MILLIS, GoldenCells.SQL, GoldenCells.SQL_HISTOGRAM)));
    assertValue("stat_out examples read back", storage.statistics().readOutLinkExamples("shop", SLOT_MILLIS,
        slotEnd), List.of(new SlotExample<>(SLOT_MILLIS, GoldenCells.LINK, TRACE_ID)));
    assertValue("stat_uri examples read back", storage.statistics().readUriExamples("shop", SLOT_MILLIS, slotEnd),
        List.of(new SlotExample<>(SLOT_MILLIS, GoldenCells.URI, TRACE_ID)));
    assertValue("stat_sql examples read back", storage.statistics().readSqlExamples("shop", SLOT_MILLIS, slotEnd),
        List.of(new SlotExample<>(SLOT_MILLIS, GoldenCells.SQL, TRACE_ID)));
    long hour = StatisticsResolution.HOUR.slotOf(SLOT_MILLIS);
    long hourEnd = hour + StatisticsResolution.HOUR.millis();
    assertValue("stat_self_1h read back", storage.statistics().readSelf("shop", hour, hourEnd,
        StatisticsResolution.HOUR), List.of(new SlotValue<>(hour, GoldenCells.SELF, GoldenCells.SELF_HISTOGRAM)));
    assertValue("stat_out_1h read back", storage.statistics().readOutLinks("shop", hour, hourEnd,
        StatisticsResolution.HOUR), List.of(new SlotValue<>(hour, GoldenCells.LINK, GoldenCells.LINK_HISTOGRAM)));
    assertValue("stat_in_1h read back", storage.statistics().readInLinks("redis", hour, hourEnd,
        StatisticsResolution.HOUR), List.of(new SlotValue<>(hour, GoldenCells.LINK, GoldenCells.LINK_HISTOGRAM)));
    assertValue("stat_uri_1h read back", storage.statistics().readUris("shop", hour, hourEnd,
        StatisticsResolution.HOUR), List.of(new SlotValue<>(hour, GoldenCells.URI, GoldenCells.URI_HISTOGRAM)));
    assertValue("stat_sql_1h read back", storage.statistics().readSqls("shop", hour, hourEnd,
        StatisticsResolution.HOUR), List.of(new SlotValue<>(hour, GoldenCells.SQL, GoldenCells.SQL_HISTOGRAM)));
    assertValue("applications read back", storage.applications().applications(),
        List.of(new ApplicationRegistry.Application("shop", GoldenFixtures.agent().serviceType())));
    assertValue("agents read back", storage.applications().agents("shop"), List.of(GoldenFixtures.agent()));
    assertValue("agent_ids read back", storage.applications().agent("shop-1"),
        Optional.of(GoldenFixtures.agent()));
    assertValue("metrics read back", storage.metrics().read("shop-1", 0, Long.MAX_VALUE, 10),
        GoldenCells.METRICS);
    assertValue("metrics_1h progress read back", storage.metricRollups().rolledUpUntil("shop-1"),
        1_700_002_800_000L);
    assertValue("metrics_1h read back", storage.metrics().buckets("shop-1", 1_699_999_200_000L,
        1_700_002_800_000L, 3_600_000L).stream().map(b -> b.name() + " " + b.count() + " " + b.sum() + " "
        + b.histogramCount()).toList(), List.of("cpu 1 0.5 0", "exp 1 0.5 4", "lat 1 0.5 3"));
    assertValue("logs read back by trace", storage.logs().findByTrace(TRACE_ID, 10),
        List.of(GoldenCells.CORRELATED_LOG));
    assertValue("logs read back by agent", storage.logs().findUncorrelated("shop-1", START_MILLIS,
        START_MILLIS + 1, 10), List.of(GoldenCells.UNCORRELATED_LOG));
    assertValue("hosts read back", storage.hosts().hosts(), List.of(GoldenCells.HOST_INFO));
    assertValue("alarm_rules read back", storage.alarms().rules(), List.of(GoldenCells.ALARM_RULE));
    assertValue("alarm_rules state read back", storage.alarms().state("r1"), Optional.of(GoldenCells.ALARM_STATE));
    assertValue("alarm_silences read back", storage.alarms().silences(), List.of(GoldenCells.SILENCE));
    assertValue("alarm_events read back by application", storage.alarms().events(new AlarmStore.EventQuery(
        "shop", null, 0, Long.MAX_VALUE, 10)), List.of(GoldenCells.ALARM_EVENT.withDelivery(GoldenCells.DELIVERY)));
    assertValue("alarm_events read back by rule", storage.alarms().events(new AlarmStore.EventQuery(
        null, "r1", 0, Long.MAX_VALUE, 10)), List.of(GoldenCells.ALARM_EVENT.withDelivery(GoldenCells.DELIVERY)));
    assertValue("alarm_events read back by time", storage.alarms().events(AlarmStore.EventQuery.all(
        Long.MAX_VALUE, 10)), List.of(GoldenCells.ALARM_EVENT.withDelivery(GoldenCells.DELIVERY)));
  }

  /** Compares every cell of the golden cells' table with them, family by family, in scan order. */
  private static void assertCells(WideColumnStore store, List<GoldenCell> golden, int buckets) {
    String table = golden.get(0).table();
    List<GoldenCell> expected = new ArrayList<>(golden.stream().map(c -> withSalt(c, buckets)).toList());
    List<String> familyOrder = spec(table).families().stream().map(FamilySpec::name).toList();
    expected.sort(Comparator.comparingInt((GoldenCell c) -> familyOrder.indexOf(c.family()))
        .thenComparing(c -> bytes(c.row()), RowKeys::compare)
        .thenComparing(c -> bytes(c.qualifier()), RowKeys::compare));
    List<String> families = new ArrayList<>();
    List<Cell> actual = new ArrayList<>();
    for (FamilySpec family : spec(table).families()) {
      for (Cell c : store.scan(new Scan(table, family.name(), new byte[0], new byte[0], false, 1_000))) {
        families.add(family.name());
        actual.add(c);
      }
    }
    assertValue("the families of the cells in " + table + " (" + buckets + " salt buckets)", families,
        expected.stream().map(GoldenCell::family).toList());
    for (int i = 0; i < expected.size(); i++) {
      GoldenCell e = expected.get(i);
      String what = table + "/" + e.family() + " cell " + i + " (" + buckets + " salt buckets)";
      assertBytes("the row of " + what, actual.get(i).row(), e.row());
      assertBytes("the qualifier of " + what, actual.get(i).qualifier(), e.qualifier());
      assertBytes("the value of " + what, actual.get(i).value(), e.value());
    }
  }

  /** The golden cell as a store with {@code buckets} salt buckets keeps it. */
  private static GoldenCell withSalt(GoldenCell c, int buckets) {
    if (buckets == 1 || c.salt16() < 0) {
      return c;
    }
    if (buckets != 16) {
      throw new IllegalArgumentException("buckets: " + buckets + " (expected: 1 or 16)");
    }
    String salt = String.format("%02x    // salt, of 16 buckets%n", c.salt16());
    String row = GoldenBytes.digits(c.row()).substring(2);
    return new GoldenCell(c.table(), c.family(), salt + row, c.qualifier(), c.value(), c.salt16());
  }

  @ParameterizedTest(name = "{0} salt buckets")
  @ValueSource(ints = {1, 16})
  void scatterRowsOfOneDot_asWrittenBeforeGroups_readBack(int buckets) {
    WideColumnStore raw = memoryStore();
    load(raw, buckets, List.of(GoldenCells.SCATTER_ROW_PER_DOT));
    Storage storage = new Storage(buckets == 1 ? raw : new SaltedStore(raw, buckets));

    assertValue("scatter rows of one dot read back",
        storage.scatter().scan(new ScatterQuery("shop", 0, Long.MAX_VALUE, 10, null)).dots(),
        List.of(GoldenCells.DOT, GoldenCells.DOT_WITHOUT_ROUTE));
  }

  /** Writes the golden cells as they are, through the SPI. */
  private static void load(WideColumnStore store, int buckets, List<List<GoldenCell>> tables) {
    WriteBatch batch = new WriteBatch();
    for (List<GoldenCell> cells : tables) {
      for (GoldenCell golden : cells) {
        GoldenCell c = withSalt(golden, buckets);
        CellKind kind = spec(c.table()).family(c.family()).kind();
        byte[] row = bytes(c.row());
        byte[] qualifier = bytes(c.qualifier());
        byte[] value = bytes(c.value());
        switch (kind) {
          case BYTES -> batch.put(c.table(), c.family(), row, qualifier, value);
          case COUNTER -> batch.increment(c.table(), c.family(), row, qualifier, Longs.fromBytes(value));
          case MAX -> batch.max(c.table(), c.family(), row, qualifier, Longs.fromBytes(value));
        }
      }
    }
    store.write(batch);
  }

  private static TableSpec spec(String table) {
    return Storage.tables(Retention.DEFAULTS).stream().filter(t -> t.name().equals(table)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table: " + table));
  }

  private static WideColumnStore memoryStore() {
    return new MemoryEngineProvider().open(new EngineConfig(null, Map.of(), GoldenFixtures.CLOCK),
        Storage.tables(Retention.DEFAULTS));
  }

  /** A store that asks for {@code buckets} salt buckets, as a distributed engine does. */
  private static final class SaltedStore extends ForwardingStore {
    private final int buckets;

    SaltedStore(WideColumnStore delegate, int buckets) {
      super(delegate);
      this.buckets = buckets;
    }

    @Override
    public int saltBuckets() {
      return buckets;
    }
  }
}
