package io.pinscope.storage.compliance;

import static io.pinscope.TestObjects.TODAY_MILLIS;
import static io.pinscope.TestObjects.randomTraceId;
import static io.pinscope.TestObjects.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotExample;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SqlKey;
import io.pinscope.model.TraceId;
import io.pinscope.model.DbStatements;
import io.pinscope.model.UriKey;
import io.pinscope.model.UriRoutes;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.StatisticsBatch;
import io.pinscope.storage.StatisticsResolution;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link MapStatistics}: increments summed per cell, slots kept apart, ranges, links, host map, routes, statements,
 * example transactions.
 */
public abstract class MapStatisticsCompliance extends StorageCompliance {
  private static final long SLOT = SlotValue.slotOf(TODAY_MILLIS + 8 * 3_600_000L);
  private static final long MINUTE = SlotValue.SLOT_MILLIS;
  private static final int JAVA = ServiceTypeRegistry.JAVA.code();
  private static final long HOUR = StatisticsResolution.HOUR.millis();
  /** An hour's start, 8 h into today. */
  private static final long HOUR_SLOT = StatisticsResolution.HOUR.slotOf(SLOT);

  private static Histogram normal(long... elapsedThenErrorFlag) {
    return histogram(HistogramSchema.NORMAL, elapsedThenErrorFlag);
  }

  private static Histogram histogram(HistogramSchema schema, long... elapsedThenErrorFlag) {
    Histogram h = Histogram.empty(schema);
    for (int i = 0; i < elapsedThenErrorFlag.length; i += 2) {
      h = h.plus(elapsedThenErrorFlag[i], elapsedThenErrorFlag[i + 1] != 0);
    }
    return h;
  }

  @Test
  protected void self_incrementsToTheSameCell_areSummed_slotsKeptApart() {
    Storage storage = open();
    String app = uniqueName("orders");
    SelfKey a1 = new SelfKey(app, JAVA, "a1");
    SelfKey a2 = new SelfKey(app, JAVA, "a2");
    storage.statistics().write(new StatisticsBatch()
        .addSelf(new SlotValue<>(SLOT, a1, normal(100, 0, 2_000, 1)))
        .addSelf(new SlotValue<>(SLOT, a2, normal(7_000, 0))));
    storage.statistics().write(new StatisticsBatch()
        .addSelf(new SlotValue<>(SLOT, a1, normal(900, 0, 4_000, 0)))
        .addSelf(new SlotValue<>(SLOT + MINUTE, a1, normal(10, 0))));

    List<SlotValue<SelfKey>> read = storage.statistics().readSelf(app, SLOT, SLOT + 2 * MINUTE);

    assertThat(read).containsExactly(
        new SlotValue<>(SLOT, a1, normal(100, 0, 2_000, 1, 900, 0, 4_000, 0)),
        new SlotValue<>(SLOT, a2, normal(7_000, 0)),
        new SlotValue<>(SLOT + MINUTE, a1, normal(10, 0)));
    Histogram first = read.get(0).histogram();
    assertThat(first.totalCount()).isEqualTo(4);
    assertThat(first.errorCount()).isEqualTo(1);
    assertThat(first.sumMillis()).isEqualTo(7_000);
    assertThat(first.maxMillis()).isEqualTo(4_000);
  }

  @Test
  protected void self_rangeCoversSlotsStartingInFromTo() {
    Storage storage = open();
    String app = uniqueName("orders");
    SelfKey key = new SelfKey(app, JAVA, "a1");
    StatisticsBatch batch = new StatisticsBatch();
    for (int i = 0; i < 5; i++) {
      batch.addSelf(new SlotValue<>(SLOT + i * MINUTE, key, normal(i, 0)));
    }
    storage.statistics().write(batch);

    assertThat(storage.statistics().readSelf(app, SLOT + MINUTE, SLOT + 3 * MINUTE))
        .extracting(SlotValue::slotMillis).containsExactly(SLOT + MINUTE, SLOT + 2 * MINUTE);
    assertThat(storage.statistics().readSelf(app, SLOT + 1, SLOT + MINUTE + 1))
        .extracting(SlotValue::slotMillis).containsExactly(SLOT + MINUTE);
    assertThat(storage.statistics().readSelf(app, SLOT + 1, SLOT + MINUTE)).isEmpty();
    assertThat(storage.statistics().readSelf(uniqueName("other"), SLOT, SLOT + 5 * MINUTE)).isEmpty();
  }

  @Test
  protected void links_readFromBothEnds_cacheCalleeUsesFastBands() {
    Storage storage = open();
    String web = uniqueName("web");
    String orders = uniqueName("orders");
    LinkKey toOrders = new LinkKey(web, JAVA, orders, JAVA, "orders:8080");
    LinkKey toRedis = new LinkKey(web, JAVA, "redis:6379", ServiceTypeRegistry.REDIS.code(), "redis:6379");
    Histogram redis = Histogram.empty(HistogramSchema.FAST).plus(50, false).plus(400, false).plus(900, true);
    storage.statistics().write(new StatisticsBatch()
        .addLink(new SlotValue<>(SLOT, toOrders, normal(1_500, 0)))
        .addLink(new SlotValue<>(SLOT, toRedis, redis)));
    storage.statistics().write(new StatisticsBatch()
        .addLink(new SlotValue<>(SLOT, toOrders, normal(20, 1))));

    assertThat(storage.statistics().readOutLinks(web, SLOT, SLOT + MINUTE)).containsExactlyInAnyOrder(
        new SlotValue<>(SLOT, toOrders, normal(1_500, 0, 20, 1)),
        new SlotValue<>(SLOT, toRedis, redis));
    assertThat(storage.statistics().readInLinks(orders, SLOT, SLOT + MINUTE))
        .containsExactly(new SlotValue<>(SLOT, toOrders, normal(1_500, 0, 20, 1)));
    assertThat(storage.statistics().readInLinks("redis:6379", SLOT, SLOT + MINUTE))
        .filteredOn(v -> v.key().callerName().equals(web))
        .singleElement().satisfies(v -> {
          assertThat(v.histogram().schema()).isEqualTo(HistogramSchema.FAST);
          assertThat(v.histogram().successCount(0)).isEqualTo(1);
          assertThat(v.histogram().successCount(2)).isEqualTo(1);
          assertThat(v.histogram().errorCount(3)).isEqualTo(1);
        });
  }

  @Test
  protected void hostMappings_deduplicatedOverTheRange() {
    Storage storage = open();
    String web = uniqueName("web");
    HostMapping m = new HostMapping(web, "orders:8080", "orders", JAVA);
    HostMapping other = new HostMapping(web, "10.0.0.7:8080", "orders", JAVA);
    storage.statistics().write(new StatisticsBatch().addHostMapping(SLOT, m).addHostMapping(SLOT + 5, m)
        .addHostMapping(SLOT + MINUTE, m).addHostMapping(SLOT + 2 * MINUTE, other));

    assertThat(storage.statistics().readHostMappings(web, SLOT, SLOT + 2 * MINUTE)).containsExactly(m);
    assertThat(storage.statistics().readHostMappings(web, SLOT, SLOT + 3 * MINUTE))
        .containsExactlyInAnyOrder(m, other);
    assertThat(storage.statistics().readHostMappings(web, SLOT + 3 * MINUTE, SLOT + 4 * MINUTE)).isEmpty();
  }

  @Test
  protected void remove_deletesExactlyTheGivenCells_onBothSides_andTheyStartAfreshAfter() {
    Storage storage = open();
    String web = uniqueName("web");
    String api = uniqueName("api");
    LinkKey webToApi = new LinkKey(web, JAVA, api, JAVA, "api:80");
    LinkKey userToWeb = new LinkKey(web, ServiceTypeRegistry.USER.code(), web, JAVA, "");
    SelfKey apiSelf = new SelfKey(api, JAVA, "api-1");
    HostMapping mapping = new HostMapping(web, "api:80", api, JAVA);
    storage.statistics().write(new StatisticsBatch()
        .addSelf(new SlotValue<>(SLOT, apiSelf, normal(100, 0, 7_000, 1)))
        .addSelf(new SlotValue<>(SLOT + MINUTE, apiSelf, normal(5, 0)))
        .addLink(new SlotValue<>(SLOT, webToApi, normal(120, 0, 3_500, 1)))
        .addLink(new SlotValue<>(SLOT, userToWeb, normal(130, 0)))
        .addHostMapping(SLOT, mapping).addHostMapping(SLOT + MINUTE, mapping));

    storage.statistics().remove(new StatisticsBatch()
        .addSelf(new SlotValue<>(SLOT, apiSelf, Histogram.empty(HistogramSchema.NORMAL)))
        .addLink(new SlotValue<>(SLOT, webToApi, Histogram.empty(HistogramSchema.NORMAL)))
        .addHostMapping(SLOT, mapping));

    assertThat(storage.statistics().readSelf(api, SLOT, SLOT + 2 * MINUTE))
        .containsExactly(new SlotValue<>(SLOT + MINUTE, apiSelf, normal(5, 0)));
    assertThat(storage.statistics().readOutLinks(web, SLOT, SLOT + MINUTE))
        .containsExactly(new SlotValue<>(SLOT, userToWeb, normal(130, 0)));
    assertThat(storage.statistics().readInLinks(api, SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(storage.statistics().readHostMappings(web, SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(storage.statistics().readHostMappings(web, SLOT, SLOT + 2 * MINUTE)).containsExactly(mapping);

    storage.statistics().write(new StatisticsBatch().addLink(new SlotValue<>(SLOT, webToApi, normal(40, 0))));
    assertThat(storage.statistics().readInLinks(api, SLOT, SLOT + MINUTE))
        .containsExactly(new SlotValue<>(SLOT, webToApi, normal(40, 0)));
  }

  @Test
  protected void uris_incrementsSummedPerRouteAndSlot_rangeAndApplicationKeptApart() {
    Storage storage = open();
    String app = uniqueName("orders");
    UriKey byId = new UriKey(app, "GET /orders/{id}");
    UriKey list = new UriKey(app, "GET /orders");
    UriKey other = new UriKey(app, UriRoutes.OTHER);
    storage.statistics().write(new StatisticsBatch()
        .addUri(new SlotValue<>(SLOT, byId, normal(100, 0, 2_000, 1)))
        .addUri(new SlotValue<>(SLOT, list, normal(7_000, 0)))
        .addUri(new SlotValue<>(SLOT + 2 * MINUTE, byId, normal(3, 0))));
    // A second collector adds to the same cells.
    storage.statistics().write(new StatisticsBatch()
        .addUri(new SlotValue<>(SLOT, byId, normal(900, 0)))
        .addUri(new SlotValue<>(SLOT, other, normal(5, 1))));

    List<SlotValue<UriKey>> read = storage.statistics().readUris(app, SLOT, SLOT + 3 * MINUTE);
    assertThat(read).containsExactlyInAnyOrder(
        new SlotValue<>(SLOT, list, normal(7_000, 0)),
        new SlotValue<>(SLOT, byId, normal(100, 0, 2_000, 1, 900, 0)),
        new SlotValue<>(SLOT, other, normal(5, 1)),
        new SlotValue<>(SLOT + 2 * MINUTE, byId, normal(3, 0)));
    assertThat(read).extracting(SlotValue::slotMillis).isSorted();
    assertThat(storage.statistics().readUris(app, SLOT + 1, SLOT + 3 * MINUTE))
        .containsExactly(new SlotValue<>(SLOT + 2 * MINUTE, byId, normal(3, 0)));
    assertThat(storage.statistics().readUris(uniqueName("orders"), SLOT, SLOT + 3 * MINUTE)).isEmpty();
    // Routes live beside the map: no self row, no link.
    assertThat(storage.statistics().readSelf(app, SLOT, SLOT + 3 * MINUTE)).isEmpty();

    storage.statistics().remove(new StatisticsBatch()
        .addUri(new SlotValue<>(SLOT, byId, Histogram.empty(HistogramSchema.NORMAL))));
    assertThat(storage.statistics().readUris(app, SLOT, SLOT + MINUTE)).extracting(v -> v.key().route())
        .containsExactlyInAnyOrder("GET /orders", UriRoutes.OTHER);
  }

  @Test
  protected void sqls_incrementsSummedPerStatementAndSlot_databasesAndApplicationsKeptApart() {
    Storage storage = open();
    String app = uniqueName("orders");
    SqlKey select = new SqlKey(app, "postgresql", "shop", "SELECT * FROM t WHERE id = ?");
    SqlKey sameInOtherDb = new SqlKey(app, "postgresql", "audit", select.statement());
    SqlKey other = new SqlKey(app, "mysql", "shop", DbStatements.OTHER);
    storage.statistics().write(new StatisticsBatch()
        .addSql(new SlotValue<>(SLOT, select, histogram(HistogramSchema.FAST, 20, 0, 400, 1)))
        .addSql(new SlotValue<>(SLOT, sameInOtherDb, histogram(HistogramSchema.FAST, 7, 0)))
        .addSql(new SlotValue<>(SLOT + 2 * MINUTE, select, histogram(HistogramSchema.FAST, 3, 0))));
    storage.statistics().write(new StatisticsBatch()
        .addSql(new SlotValue<>(SLOT, select, histogram(HistogramSchema.FAST, 900, 0)))
        .addSql(new SlotValue<>(SLOT, other, histogram(HistogramSchema.FAST, 5, 1))));

    List<SlotValue<SqlKey>> read = storage.statistics().readSqls(app, SLOT, SLOT + 3 * MINUTE);
    assertThat(read).containsExactlyInAnyOrder(
        new SlotValue<>(SLOT, select, histogram(HistogramSchema.FAST, 20, 0, 400, 1, 900, 0)),
        new SlotValue<>(SLOT, sameInOtherDb, histogram(HistogramSchema.FAST, 7, 0)),
        new SlotValue<>(SLOT, other, histogram(HistogramSchema.FAST, 5, 1)),
        new SlotValue<>(SLOT + 2 * MINUTE, select, histogram(HistogramSchema.FAST, 3, 0)));
    assertThat(read).extracting(SlotValue::slotMillis).isSorted();
    assertThat(storage.statistics().readSqls(app, SLOT + 1, SLOT + 3 * MINUTE))
        .containsExactly(new SlotValue<>(SLOT + 2 * MINUTE, select, histogram(HistogramSchema.FAST, 3, 0)));
    assertThat(storage.statistics().readSqls(uniqueName("orders"), SLOT, SLOT + 3 * MINUTE)).isEmpty();
    // Statements live beside routes and the map.
    assertThat(storage.statistics().readUris(app, SLOT, SLOT + 3 * MINUTE)).isEmpty();

    storage.statistics().remove(new StatisticsBatch()
        .addSql(new SlotValue<>(SLOT, select, Histogram.empty(HistogramSchema.FAST))));
    assertThat(storage.statistics().readSqls(app, SLOT, SLOT + MINUTE)).extracting(v -> v.key().database())
        .containsExactlyInAnyOrder("audit", "shop");
  }

  /** Sums the values of each (hour, key): what an hourly roll-up must hold. */
  private static <K> List<SlotValue<K>> perHour(List<SlotValue<K>> minutes) {
    Map<List<Object>, SlotValue<K>> out = new LinkedHashMap<>();
    for (SlotValue<K> v : minutes) {
      long hour = StatisticsResolution.HOUR.slotOf(v.slotMillis());
      out.merge(List.of(hour, v.key()), new SlotValue<>(hour, v.key(), v.histogram()),
          (a, b) -> new SlotValue<>(hour, a.key(), a.histogram().plus(b.histogram())));
    }
    return new ArrayList<>(out.values());
  }

  @Test
  protected void hourlyRollUps_holdTheSumOfTheirMinutes_forEveryHistogramTable() {
    Storage storage = open();
    String web = uniqueName("web");
    String api = uniqueName("api");
    SelfKey self = new SelfKey(web, JAVA, "w1");
    LinkKey link = new LinkKey(web, JAVA, api, JAVA, "api:80");
    UriKey uri = new UriKey(web, "GET /a");
    SqlKey sql = new SqlKey(web, "mysql", "shop", "SELECT ?");
    // Minutes across three hours, written in several batches (as several flushes and collectors would).
    long[] minutes = {HOUR_SLOT, HOUR_SLOT + 59 * MINUTE, HOUR_SLOT + HOUR, HOUR_SLOT + HOUR + 30 * MINUTE,
        HOUR_SLOT + 2 * HOUR + MINUTE};
    for (int i = 0; i < minutes.length; i++) {
      long t = minutes[i];
      Histogram h = normal(10 * i + 5, 0, 1_000 * i + 400, i % 2);
      storage.statistics().write(new StatisticsBatch()
          .addSelf(new SlotValue<>(t, self, h))
          .addLink(new SlotValue<>(t, link, h))
          .addUri(new SlotValue<>(t, uri, h))
          .addSql(new SlotValue<>(t, sql, histogram(HistogramSchema.FAST, 3 * i, i % 2))));
    }
    storage.statistics().write(new StatisticsBatch()
        .addUri(new SlotValue<>(HOUR_SLOT + 7 * MINUTE, uri, normal(8_000, 1))));
    long from = HOUR_SLOT;
    long to = HOUR_SLOT + 3 * HOUR;
    StatisticsResolution h = StatisticsResolution.HOUR;

    assertThat(storage.statistics().readSelf(web, from, to, h))
        .isEqualTo(perHour(storage.statistics().readSelf(web, from, to))).hasSize(3);
    assertThat(storage.statistics().readOutLinks(web, from, to, h))
        .isEqualTo(perHour(storage.statistics().readOutLinks(web, from, to))).hasSize(3);
    assertThat(storage.statistics().readInLinks(api, from, to, h))
        .isEqualTo(perHour(storage.statistics().readInLinks(api, from, to))).hasSize(3);
    assertThat(storage.statistics().readUris(web, from, to, h))
        .isEqualTo(perHour(storage.statistics().readUris(web, from, to))).hasSize(3);
    assertThat(storage.statistics().readSqls(web, from, to, h))
        .isEqualTo(perHour(storage.statistics().readSqls(web, from, to))).hasSize(3);
    assertThat(storage.statistics().readUris(web, from, from + HOUR, h)).singleElement().satisfies(v -> {
      assertThat(v.slotMillis()).isEqualTo(HOUR_SLOT);
      assertThat(v.histogram().totalCount()).isEqualTo(5); // two minutes of two calls, and the 8 s call
      assertThat(v.histogram().maxMillis()).isEqualTo(8_000);
    });
    // Hours whose start is in [from, to): a range starting inside an hour skips it.
    assertThat(storage.statistics().readUris(web, from + 1, from + 2 * HOUR, h))
        .extracting(SlotValue::slotMillis).containsExactly(HOUR_SLOT + HOUR);
    assertThat(storage.statistics().readUris(web, from + 1, from + HOUR, h)).isEmpty();
    // The minute reads are untouched by the roll-ups.
    assertThat(storage.statistics().readUris(web, from, to)).hasSize(minutes.length + 1);
  }

  @Test
  protected void replace_takesTheRemovedHistogramsOutOfTheirHours_countsExact_maxKept() {
    Storage storage = open();
    String app = uniqueName("orders");
    SelfKey self = new SelfKey(app, JAVA, "a1");
    UriKey uri = new UriKey(app, "GET /o");
    SqlKey sql = new SqlKey(app, "mysql", "shop", "SELECT ?");
    Histogram slow = normal(100, 0, 9_000, 1);
    Histogram fast = histogram(HistogramSchema.FAST, 20, 0, 700, 1);
    storage.statistics().write(new StatisticsBatch()
        .addSelf(new SlotValue<>(HOUR_SLOT, self, slow))
        .addSelf(new SlotValue<>(HOUR_SLOT + MINUTE, self, normal(50, 0)))
        .addUri(new SlotValue<>(HOUR_SLOT, uri, slow))
        .addUri(new SlotValue<>(HOUR_SLOT + MINUTE, uri, normal(50, 0)))
        .addSql(new SlotValue<>(HOUR_SLOT, sql, fast))
        .addSql(new SlotValue<>(HOUR_SLOT + MINUTE, sql, histogram(HistogramSchema.FAST, 5, 0))));
    StatisticsBatch stored = new StatisticsBatch();
    storage.statistics().readSelf(app, HOUR_SLOT, HOUR_SLOT + MINUTE).forEach(stored::addSelf);
    storage.statistics().readUris(app, HOUR_SLOT, HOUR_SLOT + MINUTE).forEach(stored::addUri);
    storage.statistics().readSqls(app, HOUR_SLOT, HOUR_SLOT + MINUTE).forEach(stored::addSql);

    // As the rebuild does: what is stored for the first minute out, what the traces give in.
    storage.statistics().replace(stored, new StatisticsBatch()
        .addSelf(new SlotValue<>(HOUR_SLOT, self, normal(200, 0)))
        .addUri(new SlotValue<>(HOUR_SLOT, uri, normal(200, 0)))
        .addSql(new SlotValue<>(HOUR_SLOT, sql, histogram(HistogramSchema.FAST, 30, 0))));

    long end = HOUR_SLOT + HOUR;
    StatisticsResolution h = StatisticsResolution.HOUR;
    Histogram hourSelf = storage.statistics().readSelf(app, HOUR_SLOT, end, h).get(0).histogram();
    Histogram hourUri = storage.statistics().readUris(app, HOUR_SLOT, end, h).get(0).histogram();
    Histogram hourSql = storage.statistics().readSqls(app, HOUR_SLOT, end, h).get(0).histogram();
    Histogram minutesUri = normal(200, 0, 50, 0);
    // Bands, errors and sum are exactly the minutes' again; the hour's max still remembers the 9 s call.
    for (Histogram hour : List.of(hourSelf, hourUri)) {
      assertThat(hour.successCounts()).isEqualTo(minutesUri.successCounts());
      assertThat(hour.errorCounts()).isEqualTo(minutesUri.errorCounts());
      assertThat(hour.sumMillis()).isEqualTo(250);
      assertThat(hour.maxMillis()).isEqualTo(9_000);
    }
    Histogram minutesSql = histogram(HistogramSchema.FAST, 30, 0, 5, 0);
    assertThat(hourSql.successCounts()).isEqualTo(minutesSql.successCounts());
    assertThat(hourSql.errorCount()).isZero();
    assertThat(hourSql.sumMillis()).isEqualTo(35);
    assertThat(hourSql.maxMillis()).isEqualTo(700);

    // Removing every minute of an hour leaves no value for the hour.
    StatisticsBatch all = new StatisticsBatch();
    storage.statistics().readUris(app, HOUR_SLOT, end).forEach(all::addUri);
    storage.statistics().remove(all);
    assertThat(storage.statistics().readUris(app, HOUR_SLOT, end, h)).isEmpty();
  }

  @Test
  protected void examples_latestWritePerSlotAndKey_slotsAndKeysKeptApart_removeLeavesThem() {
    Storage storage = open();
    String app = uniqueName("orders");
    UriKey route = new UriKey(app, "GET /a");
    UriKey other = new UriKey(app, "GET /b");
    SqlKey statement = new SqlKey(app, "postgresql", "shop", "SELECT ?");
    LinkKey link = new LinkKey(app, JAVA, "pay:443", ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code(), "pay:443");
    TraceId[] t = {randomTraceId(), randomTraceId(), randomTraceId(), randomTraceId()};
    storage.statistics().write(new StatisticsBatch()
        .addUri(new SlotValue<>(SLOT, route, normal(5, 0)))
        .addUriExample(new SlotExample<>(SLOT, route, t[0]))
        .addUriExample(new SlotExample<>(SLOT + MINUTE, route, t[1]))
        .addUriExample(new SlotExample<>(SLOT, other, t[2]))
        .addSqlExample(new SlotExample<>(SLOT, statement, t[0]))
        .addLinkExample(new SlotExample<>(SLOT, link, t[1])));
    storage.statistics().write(new StatisticsBatch().addUriExample(new SlotExample<>(SLOT, route, t[3])));
    storage.statistics().remove(new StatisticsBatch().addUri(new SlotValue<>(SLOT, route, normal(5, 0))));

    assertThat(storage.statistics().readUriExamples(app, SLOT, SLOT + 2 * MINUTE)).containsExactlyInAnyOrder(
        new SlotExample<>(SLOT, route, t[3]), new SlotExample<>(SLOT, other, t[2]),
        new SlotExample<>(SLOT + MINUTE, route, t[1]));
    assertThat(storage.statistics().readUriExamples(app, SLOT + MINUTE, SLOT + 2 * MINUTE))
        .containsExactly(new SlotExample<>(SLOT + MINUTE, route, t[1]));
    assertThat(storage.statistics().readUriExamples(app, SLOT, SLOT + 2 * MINUTE).get(2).slotMillis())
        .isEqualTo(SLOT + MINUTE); // slot ascending
    assertThat(storage.statistics().readSqlExamples(app, SLOT, SLOT + MINUTE))
        .containsExactly(new SlotExample<>(SLOT, statement, t[0]));
    assertThat(storage.statistics().readOutLinkExamples(app, SLOT, SLOT + MINUTE))
        .containsExactly(new SlotExample<>(SLOT, link, t[1]));
    assertThat(storage.statistics().readInLinks("pay:443", SLOT, SLOT + MINUTE)).isEmpty();
    assertThat(storage.statistics().readUriExamples(uniqueName("nobody"), SLOT, SLOT + MINUTE)).isEmpty();
  }

  @Test
  protected void examplesOfKeys_newestFirst_atMostPerKeyDistinctTraces_acrossPagesOfCells() {
    Storage storage = open();
    String app = uniqueName("orders");
    // 3 slots of 700 routes each: 2100 cells, more than a page, a page ending within a slot's row.
    StatisticsBatch batch = new StatisticsBatch();
    Map<String, TraceId> traces = new LinkedHashMap<>();
    for (int slot = 0; slot < 3; slot++) {
      for (int i = 0; i < 700; i++) {
        TraceId t = randomTraceId();
        traces.put(slot + "/" + i, t);
        batch.addUriExample(new SlotExample<>(SLOT + slot * MINUTE, new UriKey(app, "GET /" + i), t));
      }
    }
    UriKey sameTrace = new UriKey(app, "GET /same");
    TraceId once = randomTraceId();
    batch.addUriExample(new SlotExample<>(SLOT, sameTrace, once))
        .addUriExample(new SlotExample<>(SLOT + MINUTE, sameTrace, once));
    storage.statistics().write(batch);
    UriKey first = new UriKey(app, "GET /0");
    UriKey late = new UriKey(app, "GET /650");

    List<SlotExample<UriKey>> read = storage.statistics().readUriExamples(app, SLOT, SLOT + 3 * MINUTE,
        java.util.Set.of(first, late, sameTrace), 2);

    // Slot ascending; each key's 2 newest, a trace kept once per key.
    assertThat(read).containsExactlyInAnyOrder(
        new SlotExample<>(SLOT + MINUTE, first, traces.get("1/0")),
        new SlotExample<>(SLOT + 2 * MINUTE, first, traces.get("2/0")),
        new SlotExample<>(SLOT + MINUTE, late, traces.get("1/650")),
        new SlotExample<>(SLOT + 2 * MINUTE, late, traces.get("2/650")),
        new SlotExample<>(SLOT + MINUTE, sameTrace, once));
    assertThat(read).extracting(SlotExample::slotMillis).isSorted();
    assertThat(storage.statistics().readUriExamples(app, SLOT, SLOT + 3 * MINUTE)).hasSize(2102);
    assertThat(storage.statistics().readSqlExamples(app, SLOT, SLOT + 3 * MINUTE, java.util.Set.of(), 5)).isEmpty();
  }
}
