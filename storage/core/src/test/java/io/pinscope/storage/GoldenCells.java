package io.pinscope.storage;

import static io.pinscope.storage.GoldenFixtures.SLOT_MILLIS;
import static io.pinscope.storage.GoldenFixtures.SPAN_ID;
import static io.pinscope.storage.GoldenFixtures.START_MILLIS;
import static io.pinscope.storage.GoldenFixtures.START_NANOS;
import static io.pinscope.storage.GoldenFixtures.TRACE_ID;

import io.pinscope.model.AttributeValue;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HistogramSchema;
import io.pinscope.model.HostInfo;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.MetricPoint;
import io.pinscope.model.MetricValue;
import io.pinscope.model.ScatterDot;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotExample;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanIds;
import io.pinscope.model.StoredLog;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.SqlKey;
import io.pinscope.model.UriKey;
import io.pinscope.model.alarm.Acknowledgement;
import io.pinscope.model.alarm.AlarmChannel;
import io.pinscope.model.alarm.AlarmEvent;
import io.pinscope.model.alarm.AlarmRule;
import io.pinscope.model.alarm.AlarmState;
import io.pinscope.model.alarm.DeliveryRecord;
import io.pinscope.model.alarm.Escalation;
import io.pinscope.model.alarm.RuleKind;
import io.pinscope.model.alarm.Silence;
import java.util.List;
import java.util.Map;

/**
 * What the repositories write for the {@link GoldenFixtures}, cell by cell, with one salt bucket (memory
 * and rocksdb): every table's row, qualifier and value as annotated hex (see {@link GoldenBytes}), in
 * scan order. {@code h(x)} is {@link Keys#hash(byte[])} of the UTF-8 of x; {@code inv(t)} is
 * {@code Long.MAX_VALUE - t}, 8 bytes big-endian.
 */
final class GoldenCells {
  /**
   * One stored cell. {@code salt16} is the salt byte the row starts with when the engine asks for 16
   * buckets, or -1 for tables without a salt.
   */
  record GoldenCell(String table, String family, String row, String qualifier, String value, int salt16) {}

  // ---- The fixtures written through the repositories.

  static final StoredSpan SPAN = GoldenFixtures.minimal().toBuilder().traceState("pp=tx:shop-1^7").build();
  static final ScatterDot DOT = ScatterDot.of(GoldenFixtures.everyField());
  /** A dot without a route, stored as every dot was before routes were: the next span id, 5 ms, no error. */
  static final ScatterDot DOT_WITHOUT_ROUTE = new ScatterDot("shop", "shop-1", DOT.epochMillis(), 5, false,
      TRACE_ID, SPAN_ID + 1);
  static final SelfKey SELF = new SelfKey("shop", 1001, "shop-1");
  /** One successful 150 ms call: band 0 of NORMAL. */
  static final Histogram SELF_HISTOGRAM = Histogram.of(HistogramSchema.NORMAL, 150, false);
  /** A link to a cache (REDIS, 8200), whose histograms use FAST bands. */
  static final LinkKey LINK = new LinkKey("shop", 1001, "redis", 8200, "cache:6379");
  /** One failed 150 ms call: band 1 of FAST. */
  static final Histogram LINK_HISTOGRAM = Histogram.of(HistogramSchema.FAST, 150, true);
  static final HostMapping HOST = new HostMapping("shop", "pay:8080", "pay", 1010);
  static final UriKey URI = new UriKey("shop", "GET /pay/{id}");
  /** One failed 4 s call: band 2 of NORMAL. */
  static final Histogram URI_HISTOGRAM = Histogram.of(HistogramSchema.NORMAL, 4_000, true);
  static final SqlKey SQL = new SqlKey("shop", "postgresql", "pay", "SELECT ?");
  /** One failed 150 ms statement: band 1 of FAST. */
  static final Histogram SQL_HISTOGRAM = Histogram.of(HistogramSchema.FAST, 150, true);
  static final List<MetricPoint> METRICS = List.of(
      new MetricPoint("shop-1", "cpu", "1", MetricPoint.Kind.GAUGE, Attributes.of("k", "v"), START_NANOS,
          new MetricValue.Scalar(0.5)),
      new MetricPoint("shop-1", "lat", "s", MetricPoint.Kind.HISTOGRAM, Attributes.empty(),
          START_NANOS + 1_000_000L,
          new MetricValue.HistogramValue(3, 1.5, 0.25, null, List.of(1.0), List.of(2L, 1L))),
      new MetricPoint("shop-1", "exp", "ms", MetricPoint.Kind.EXPONENTIAL_HISTOGRAM, Attributes.empty(),
          START_NANOS + 2_000_000L,
          new MetricValue.ExponentialHistogramValue(4, 2.0, 3, 1, -2, List.of(1L, 2L), 1, List.of(1L))));
  static final StoredLog CORRELATED_LOG = new StoredLog(START_NANOS, START_NANOS + 10, 9, "INFO",
      AttributeValue.of("paid"), Attributes.of("k", "v"), TRACE_ID, SPAN_ID, 1, "shop", "shop-1");
  static final StoredLog UNCORRELATED_LOG = new StoredLog(0, START_NANOS, 17, "ERROR",
      AttributeValue.of("down"), Attributes.empty(), null, SpanIds.NONE, 0, "shop", "shop-1");

  static final HostInfo HOST_INFO = new HostInfo("h1", START_MILLIS, START_MILLIS + 1_000,
      Attributes.of("host.name", "h1"));

  static final AlarmChannel HOOK = new AlarmChannel(AlarmChannel.Type.WEBHOOK, "http://h/");
  static final AlarmRule ALARM_RULE = new AlarmRule("r1", "n", "shop", RuleKind.AGENT_DOWN, 1, null,
      Map.of("minutes", 7.0), List.of(HOOK),
      new Escalation(10, List.of(new AlarmChannel(AlarmChannel.Type.EMAIL, "a@b.c"))), true);
  static final AlarmState ALARM_STATE = new AlarmState("r1", AlarmState.Status.FIRING, START_MILLIS, 2.0, null,
      START_MILLIS + 60_000, 2, 1, START_MILLIS + 180_000, new Acknowledgement("a", START_MILLIS + 1, ""), false,
      null, null);
  static final Silence SILENCE = new Silence("s1", "shop", "r1", START_MILLIS, START_MILLIS + 1_000, "", "a");
  static final DeliveryRecord DELIVERY = new DeliveryRecord(HOOK, true, 1, "HTTP 200", START_MILLIS + 5);
  static final AlarmEvent ALARM_EVENT = new AlarmEvent("e1", START_MILLIS, "r1", "n", "shop",
      AlarmEvent.Type.FIRING, 2.0, "count", "m", List.of());

  /** Writes every fixture through the repositories. */
  static void writeFixtures(Storage storage) {
    storage.traces().write(List.of(SPAN));
    storage.scatter().write(List.of(DOT, DOT_WITHOUT_ROUTE));
    storage.statistics().write(new StatisticsBatch()
        .addSelf(new SlotValue<>(SLOT_MILLIS, SELF, SELF_HISTOGRAM))
        .addLink(new SlotValue<>(SLOT_MILLIS, LINK, LINK_HISTOGRAM))
        .addHostMapping(START_MILLIS, HOST)
        .addUri(new SlotValue<>(SLOT_MILLIS, URI, URI_HISTOGRAM))
        .addSql(new SlotValue<>(SLOT_MILLIS, SQL, SQL_HISTOGRAM))
        .addLinkExample(new SlotExample<>(SLOT_MILLIS, LINK, TRACE_ID))
        .addUriExample(new SlotExample<>(SLOT_MILLIS, URI, TRACE_ID))
        .addSqlExample(new SlotExample<>(SLOT_MILLIS, SQL, TRACE_ID)));
    storage.applications().register(GoldenFixtures.agent());
    storage.metrics().write(METRICS);
    storage.metricRollups().rollUp("shop-1", START_MILLIS + 3_600_000L);
    storage.logs().write(List.of(CORRELATED_LOG, UNCORRELATED_LOG));
    storage.hosts().register(HOST_INFO);
    storage.alarms().putRule(ALARM_RULE);
    storage.alarms().putState(ALARM_STATE);
    storage.alarms().putSilence(SILENCE);
    storage.alarms().appendEvent(ALARM_EVENT);
    storage.alarms().addDelivery(ALARM_EVENT, DELIVERY);
  }

  // ---- Row prefixes shared by several cells.

  private static final String SHOP_SLOT = """
      00                  // salt
      0179cfc9 04 73686f70  // h("shop"), "shop" (varint length + UTF-8)
      7ffffe74301ae61f    // inv(slot 1699999980000)
      """;
  private static final String REDIS_SLOT = """
      00                  // salt
      75207f7d 05 7265646973  // h("redis"), "redis"
      7ffffe74301ae61f    // inv(slot 1699999980000)
      """;
  private static final String SHOP_1_METRICS = """
      00                  // salt
      01d8647f 06 73686f702d31  // h("shop-1"), "shop-1"
      """;
  private static final String SELF_QUALIFIER = """
      000003e9            // service type 1001 (JAVA), 4 bytes
      06 73686f702d31     // agent "shop-1"
      """;
  private static final String OUT_QUALIFIER = """
      000003e9            // caller type 1001 (JAVA)
      00002008            // callee type 8200 (REDIS)
      05 7265646973       // callee "redis"
      0a 63616368653a36333739  // host "cache:6379"
      """;
  private static final String IN_QUALIFIER = """
      00002008            // callee type 8200 (REDIS)
      000003e9            // caller type 1001 (JAVA)
      04 73686f70         // caller "shop"
      0a 63616368653a36333739  // host "cache:6379"
      """;

  // ---- The cells, table by table.

  static final List<GoldenCell> TRACES = List.of(new GoldenCell("traces", "s", """
      00                                // salt of the trace id
      4bf92f3577b34da6a3ce929d0e0e4736  // trace id, 16 bytes
      """, """
      00f067aa0ba902b7                  // span id, 8 bytes big-endian
      """, """
      02 02 02                          // version 2, presence bits: trace state, SERVER | UNSET
      959a97ece39fe7cb17 c096b102       // start, duration
      05 474554202f                     // name "GET /"
      669b4bdff54d9390                  // origin id (the span_origins row below)
      00                                // attributes: none
      0e 70703d74783a73686f702d315e37   // trace state "pp=tx:shop-1^7"
      """, 5));

  static final List<GoldenCell> TRACE_TX = List.of(new GoldenCell("trace_tx", "t", """
      00                                // salt of the TxId
      fd45f55e 08 73686f702d315e37      // h("shop-1^7"), TxId "shop-1^7"
      """, """
      4bf92f3577b34da6a3ce929d0e0e4736  // trace id
      """, """
                                        // empty
      """, 14));

  static final List<GoldenCell> SCATTER = List.of(new GoldenCell("scatter", "d", """
      00                                // salt of the group's id
      0179cfc9 04 73686f70              // h("shop"), application "shop"
      7ffffe74301a9784                  // inv(newest start 1700000000123 ms)
      d8c766064110f019                  // the group's id: a hash of its dots' times, trace ids and span ids
      """, """
                                        // empty
      """, """
      02                                // two dots
      02 06 73686f702d31 09 504f5354202f706179  // two strings: agent "shop-1", route "POST /pay"
      00                                // dot 1: 0 ms below the newest
      4bf92f3577b34da6a3ce929d0e0e4736  // trace id
      00f067aa0ba902b7                  // span id
      db07                              // elapsed: varint 987 ms
      03                                // error, has a route
      00 01                             // agent: string 0; route: string 1 (its span name: no http.route)
      00                                // dot 2: 0 ms below the newest
      4bf92f3577b34da6a3ce929d0e0e4736  // trace id
      00f067aa0ba902b8                  // span id
      05                                // elapsed: varint 5 ms
      00                                // no error, no route
      00                                // agent: string 0
      """, 9));

  /** The same two dots as written before groups: a row each; these must still read. */
  static final List<GoldenCell> SCATTER_ROW_PER_DOT = List.of(new GoldenCell("scatter", "d", """
      00                                // salt of the trace id
      0179cfc9 04 73686f70              // h("shop"), application "shop"
      7ffffe74301a9784                  // inv(start 1700000000123 ms)
      4bf92f3577b34da6a3ce929d0e0e4736  // trace id
      00f067aa0ba902b7                  // span id
      """, """
                                        // empty
      """, """
      db07                              // elapsed: varint 987 ms
      01                                // error
      06 73686f702d31                   // agent "shop-1"
      09 504f5354202f706179             // route "POST /pay" (its span name: no http.route, no path)
      """, 5), new GoldenCell("scatter", "d", """
      00                                // salt of the trace id
      0179cfc9 04 73686f70              // h("shop"), application "shop"
      7ffffe74301a9784                  // inv(start 1700000000123 ms)
      4bf92f3577b34da6a3ce929d0e0e4736  // trace id
      00f067aa0ba902b8                  // span id
      """, """
                                        // empty
      """, """
      05                                // elapsed: varint 5 ms
      00                                // no error
      06 73686f702d31                   // agent "shop-1"; no route: the value ends here, as before routes
      """, 5));

  static final List<GoldenCell> STAT_SELF = List.of(
      new GoldenCell("stat_self", "c", SHOP_SLOT, SELF_QUALIFIER + """
          01                            // code 1: successful calls in band 0
          """, """
          0000000000000001              // 1 call
          """, 9),
      new GoldenCell("stat_self", "c", SHOP_SLOT, SELF_QUALIFIER + """
          09                            // code 9: sum of elapsed milliseconds
          """, """
          0000000000000096              // 150 ms
          """, 9),
      new GoldenCell("stat_self", "m", SHOP_SLOT, SELF_QUALIFIER, """
          0000000000000096              // max: 150 ms
          """, 9));

  static final List<GoldenCell> STAT_OUT = List.of(
      new GoldenCell("stat_out", "c", SHOP_SLOT, OUT_QUALIFIER + """
          06                            // code 6 = 5 + band 1: failed calls in band 1
          """, """
          0000000000000001              // 1 call
          """, 9),
      new GoldenCell("stat_out", "c", SHOP_SLOT, OUT_QUALIFIER + """
          09                            // code 9: sum of elapsed milliseconds
          """, """
          0000000000000096              // 150 ms
          """, 9),
      new GoldenCell("stat_out", "m", SHOP_SLOT, OUT_QUALIFIER, """
          0000000000000096              // max: 150 ms
          """, 9),
      new GoldenCell("stat_out", "x", SHOP_SLOT, OUT_QUALIFIER, """
          4bf92f3577b34da6a3ce929d0e0e4736  // example transaction: the trace id, 16 bytes
          """, 9));

  static final List<GoldenCell> STAT_IN = List.of(
      new GoldenCell("stat_in", "c", REDIS_SLOT, IN_QUALIFIER + """
          06                            // code 6 = 5 + band 1: failed calls in band 1
          """, """
          0000000000000001              // 1 call
          """, 13),
      new GoldenCell("stat_in", "c", REDIS_SLOT, IN_QUALIFIER + """
          09                            // code 9: sum of elapsed milliseconds
          """, """
          0000000000000096              // 150 ms
          """, 13),
      new GoldenCell("stat_in", "m", REDIS_SLOT, IN_QUALIFIER, """
          0000000000000096              // max: 150 ms
          """, 13));

  private static final String URI_QUALIFIER = """
      0d 474554202f7061792f7b69647d     // route "GET /pay/{id}"
      """;

  static final List<GoldenCell> STAT_URI = List.of(
      new GoldenCell("stat_uri", "c", SHOP_SLOT, URI_QUALIFIER + """
          07                            // code 7 = 5 + band 2: failed calls in band 2
          """, """
          0000000000000001              // 1 call
          """, 9),
      new GoldenCell("stat_uri", "c", SHOP_SLOT, URI_QUALIFIER + """
          09                            // code 9: sum of elapsed milliseconds
          """, """
          0000000000000fa0              // 4000 ms
          """, 9),
      new GoldenCell("stat_uri", "m", SHOP_SLOT, URI_QUALIFIER, """
          0000000000000fa0              // max: 4000 ms
          """, 9),
      new GoldenCell("stat_uri", "x", SHOP_SLOT, URI_QUALIFIER, """
          4bf92f3577b34da6a3ce929d0e0e4736  // example transaction: the trace id, 16 bytes
          """, 9));

  private static final String SQL_QUALIFIER = """
      0a 706f737467726573716c           // dbSystem "postgresql"
      03 706179                         // database "pay"
      08 53454c454354203f               // statement "SELECT ?"
      """;

  static final List<GoldenCell> STAT_SQL = List.of(
      new GoldenCell("stat_sql", "c", SHOP_SLOT, SQL_QUALIFIER + """
          06                            // code 6 = 5 + band 1: failed calls in band 1
          """, """
          0000000000000001              // 1 call
          """, 9),
      new GoldenCell("stat_sql", "c", SHOP_SLOT, SQL_QUALIFIER + """
          09                            // code 9: sum of elapsed milliseconds
          """, """
          0000000000000096              // 150 ms
          """, 9),
      new GoldenCell("stat_sql", "m", SHOP_SLOT, SQL_QUALIFIER, """
          0000000000000096              // max: 150 ms
          """, 9),
      new GoldenCell("stat_sql", "x", SHOP_SLOT, SQL_QUALIFIER, """
          4bf92f3577b34da6a3ce929d0e0e4736  // example transaction: the trace id, 16 bytes
          """, 9));

  static final List<GoldenCell> HOST_MAP = List.of(new GoldenCell("host_map", "h", SHOP_SLOT, """
      08 7061793a38303830               // host "pay:8080"
      03 706179                         // acceptor "pay"
      000003f2                          // acceptor type 1010 (TOMCAT)
      """, """
                                        // empty
      """, 9));

  static final List<GoldenCell> APPLICATIONS = List.of(new GoldenCell("applications", "a", """
      73686f70                          // "shop", UTF-8 only: no salt, hash or length
      """, """
                                        // empty
      """, """
      d20f                              // service type: zig-zag varint 1001
      """, -1));

  static final List<GoldenCell> AGENTS = List.of(new GoldenCell("agents", "a", """
      0179cfc9 04 73686f70              // h("shop"), application "shop" (no salt)
      73686f702d31                      // agent "shop-1", UTF-8 to the end of the row
      """, """
                                        // empty
      """, """
      01                                // version 1
      04 73686f70                       // application "shop"
      06 73686f702d31                   // agent "shop-1"
      d20f                              // service type: zig-zag varint 1001
      02 6831                           // hostname "h1"
      9bfc91ffbc31                      // start: varint 1699999940123 ms
      fbd095ffbc31                      // first seen: varint 1700000000123 ms
      e3d895ffbc31                      // last seen: varint 1700000001123 ms
      01 00 0c 736572766963652e6e616d65 01 04 73686f70  // resource: 1, "service.name" = STRING "shop"
      """, -1));

  static final List<GoldenCell> AGENT_IDS = List.of(new GoldenCell("agent_ids", "i", """
      73686f702d31                      // agent "shop-1", UTF-8 only
      """, """
                                        // empty
      """, """
      73686f70                          // its application "shop", UTF-8
      """, -1));

  static final List<GoldenCell> METRICS_CELLS = List.of(
      new GoldenCell("metrics", "p", SHOP_1_METRICS + """
          0000018bcfe5687b              // time 1700000000123 ms, not inverted
          """, """
          03 637075                     // name "cpu"
          01 00 01 6b 01 01 76          // attributes: 1, "k" = STRING "v"
          """, """
          01 31                         // unit "1"
          00                            // kind GAUGE (ordinal 0)
          959a97ece39fe7cb17            // time: varint epoch nanos
          00                            // value type 0: scalar
          3fe0000000000000              // 0.5
          """, 15),
      new GoldenCell("metrics", "p", SHOP_1_METRICS + """
          0000018bcfe5687c              // time 1700000000124 ms
          """, """
          03 6c6174                     // name "lat"
          00                            // attributes: 0
          """, """
          01 73                         // unit "s"
          02                            // kind HISTOGRAM (ordinal 2)
          d59ed4ece39fe7cb17            // time: varint epoch nanos
          01                            // value type 1: explicit-bucket histogram
          03                            // count: varint 3
          3ff8000000000000              // sum 1.5
          01                            // min present (bit 1), max absent (bit 2)
          3fd0000000000000              // min 0.25
          01 3ff0000000000000           // bounds: 1, 1.0
          02 02 01                      // bucket counts: 2, [2, 1]
          """, 15),
      new GoldenCell("metrics", "p", SHOP_1_METRICS + """
          0000018bcfe5687d              // time 1700000000125 ms
          """, """
          03 657870                     // name "exp"
          00                            // attributes: 0
          """, """
          02 6d73                       // unit "ms"
          03                            // kind EXPONENTIAL_HISTOGRAM (ordinal 3)
          95a391ede39fe7cb17            // time: varint epoch nanos
          02                            // value type 2: exponential histogram
          04                            // count: varint 4
          4000000000000000              // sum 2.0
          06                            // scale: zig-zag 3
          01                            // zero count: varint 1
          03                            // positive offset: zig-zag -2
          02 01 02                      // positive counts: 2, [1, 2]
          02                            // negative offset: zig-zag 1
          01 01                         // negative counts: 1, [1]
          """, 15));

  static final List<GoldenCell> LOGS = List.of(
      new GoldenCell("logs", "l", """
          00                            // salt of the trace id
          01                            // 1: by trace
          4bf92f3577b34da6a3ce929d0e0e4736  // trace id
          """, """
          17979cfe3d85cd15              // time: epoch nanos, 8 bytes
          00f067aa0ba902b7              // span id
          ????????????????              // unique: a per-process counter keeping equal times apart
          """, """
          959a97ece39fe7cb17            // time: varint epoch nanos
          9f9a97ece39fe7cb17            // observed time: varint epoch nanos
          09                            // severity number 9
          04 494e464f                   // severity text "INFO"
          01 04 70616964                // body: STRING "paid"
          01 00 01 6b 01 01 76          // attributes: 1, "k" = STRING "v"
          01 4bf92f3577b34da6a3ce929d0e0e4736  // trace id present, trace id
          00f067aa0ba902b7              // span id
          01                            // flags: varint 1
          04 73686f70 06 73686f702d31   // application "shop", agent "shop-1"
          """, 5),
      new GoldenCell("logs", "l", """
          00                            // salt of h(name)
          02                            // 2: by agent
          01d8647f 06 73686f702d31      // h("shop-1"), agent "shop-1"
          0000018bcfe5687b              // time 1700000000123 ms
          """, """
          17979cfe3d85cd15              // time: epoch nanos (the observed time: no own time)
          ffffffffffffffff              // span id: none (-1)
          ????????????????              // unique
          """, """
          00                            // time: varint 0 (not set)
          959a97ece39fe7cb17            // observed time: varint epoch nanos
          11                            // severity number 17
          05 4552524f52                 // severity text "ERROR"
          01 04 646f776e                // body: STRING "down"
          00                            // attributes: 0
          00                            // no trace id
          ffffffffffffffff              // span id: none
          00                            // flags: 0
          04 73686f70 06 73686f702d31   // application "shop", agent "shop-1"
          """, 3));

  static final List<GoldenCell> HOSTS = List.of(new GoldenCell("hosts", "h", """
      6831                              // host "h1", UTF-8 only: no salt, hash or length
      """, """
                                        // empty
      """, """
      01                                // version 1
      fbd095ffbc31                      // first seen: varint 1700000000123 ms
      e3d895ffbc31                      // last seen: varint 1700000001123 ms
      01 00 09 686f73742e6e616d65 01 02 6831  // resource: 1, "host.name" = STRING "h1"
      """, -1));

  // ---- Hourly roll-ups: the minute cells' qualifiers and values, in the row of the slot's hour.

  private static final String SHOP_HOUR = """
      00                  // salt
      0179cfc9 04 73686f70  // h("shop"), "shop"
      7ffffe743026ccff    // inv(hour 1699999200000), the hour holding slot 1699999980000
      """;
  private static final String REDIS_HOUR = """
      00                  // salt
      75207f7d 05 7265646973  // h("redis"), "redis"
      7ffffe743026ccff    // inv(hour 1699999200000)
      """;

  static final List<GoldenCell> STAT_SELF_1H = hourly(STAT_SELF, SHOP_SLOT, SHOP_HOUR);
  static final List<GoldenCell> STAT_OUT_1H = hourly(STAT_OUT, SHOP_SLOT, SHOP_HOUR);
  static final List<GoldenCell> STAT_IN_1H = hourly(STAT_IN, REDIS_SLOT, REDIS_HOUR);
  static final List<GoldenCell> STAT_URI_1H = hourly(STAT_URI, SHOP_SLOT, SHOP_HOUR);
  static final List<GoldenCell> STAT_SQL_1H = hourly(STAT_SQL, SHOP_SLOT, SHOP_HOUR);

  /**
   * The minute table's histogram cells (all in {@code minuteRow}) as its {@code _1h} table holds them in
   * {@code hourRow}; example transactions ({@code x}) have no roll-up.
   */
  private static List<GoldenCell> hourly(List<GoldenCell> minute, String minuteRow, String hourRow) {
    return minute.stream().filter(c -> !c.family().equals(Storage.EXAMPLES)).map(c -> {
      if (!c.row().equals(minuteRow)) {
        throw new IllegalArgumentException("row: " + c.row() + " (expected: " + minuteRow + ")");
      }
      return new GoldenCell(c.table() + "_1h", c.family(), hourRow, c.qualifier(), c.value(), c.salt16());
    }).toList();
  }

  /** The value of a rolled-up hour whose points' values all are 0.5 (cpu's reading, lat's and exp's average). */
  private static String halfHour(String unitAndKind, String histogramTotals) {
    return unitAndKind + """
        01                            // count: varint 1 point
        3fe0000000000000              // sum of values 0.5
        07                            // min (bit 1), max (bit 2), last (bit 4) present
        3fe0000000000000 3fe0000000000000 3fe0000000000000  // min, max, last 0.5
        """ + histogramTotals;
  }

  private static final String SHOP_1_HOUR = SHOP_1_METRICS + """
      0000018bcfd93300              // hour 1699999200000 ms, not inverted
      """;

  static final List<GoldenCell> METRICS_1H = List.of(
      new GoldenCell("metrics_1h", "b", SHOP_1_HOUR, """
          03 637075                     // name "cpu"
          01 00 01 6b 01 01 76          // attributes: 1, "k" = STRING "v"
          """, halfHour("""
          01 31 00                      // unit "1", kind GAUGE
          """, """
          00 0000000000000000           // histogram count 0, sum 0.0
          00                            // observations with a sum 0 (appended field)
          """), 15),
      new GoldenCell("metrics_1h", "b", SHOP_1_HOUR, """
          03 657870 00                  // name "exp", attributes: 0
          """, halfHour("""
          02 6d73 03                    // unit "ms", kind EXPONENTIAL_HISTOGRAM
          """, """
          04 4000000000000000           // histogram count 4, sum 2.0
          04                            // observations with a sum 4 (appended field)
          """), 15),
      new GoldenCell("metrics_1h", "b", SHOP_1_HOUR, """
          03 6c6174 00                  // name "lat", attributes: 0
          """, halfHour("""
          01 73 02                      // unit "s", kind HISTOGRAM
          """, """
          03 3ff8000000000000           // histogram count 3, sum 1.5
          03                            // observations with a sum 3 (appended field)
          """), 15),
      new GoldenCell("metrics_1h", "w", SHOP_1_METRICS, """
                                        // empty
          """, """
          0000018bd0102180              // rolled up until 1700002800000 ms
          """, 15));

  // ---- Alarms: not salted; times in values are zig-zag varints, in rows inv(t).

  private static final String R1 = """
      7231                              // rule id "r1", UTF-8 only: no salt, hash or length
      """;
  private static final String EVENT_ROW = """
      61                                // 'a': the event, by application
      0179cfc9 04 73686f70              // h("shop"), "shop"
      7ffffe74301a9784                  // inv(1700000000123 ms)
      6531                              // event id "e1", UTF-8 to the end
      """;
  private static final String EMPTY = """
                                        // empty
      """;

  static final List<GoldenCell> ALARM_RULES = List.of(new GoldenCell("alarm_rules", "r", R1, EMPTY, """
      01                                // version 1
      02 7231 01 6e 04 73686f70         // id "r1", name "n", application "shop"
      0a 4147454e545f444f574e           // kind "AGENT_DOWN" (by name)
      3ff0000000000000                  // threshold 1.0
      00                                // target: none
      01 07 6d696e75746573 401c000000000000  // options: 1, "minutes" = 7.0
      01 07 574542484f4f4b 09 687474703a2f2f682f  // channels: 1, "WEBHOOK" "http://h/"
      01 0a                             // escalation: present, after 10 minutes
      01 05 454d41494c 05 6140622e63    // its channels: 1, "EMAIL" "a@b.c"
      01                                // enabled
      """, -1), new GoldenCell("alarm_rules", "s", R1, EMPTY, """
      01                                // version 1
      02 7231 06 464952494e47           // rule id "r1", status "FIRING"
      01 f6a1abfef962                   // since: present, zig-zag varint 1700000000123 ms
      01 4000000000000000               // value: present, 2.0
      00                                // message: none
      01 b6cbb2fef962                   // last evaluated: present, 1700000060123 ms
      02 01                             // sequence 2, notifications 1
      01 b69ec1fef962                   // next notification: present, 1700000180123 ms
      01 01 61 f8a1abfef962 00          // acknowledged: present, by "a", at 1700000000124 ms, comment ""
      00                                // not escalated
      00                                // error: none
      """, -1));

  static final List<GoldenCell> ALARM_SILENCES = List.of(new GoldenCell("alarm_silences", "s", """
      7331                              // silence id "s1", UTF-8 only
      """, EMPTY, """
      01                                // version 1
      02 7331 04 73686f70               // id "s1", application "shop"
      01 02 7231                        // rule id: present, "r1"
      f6a1abfef962 c6b1abfef962         // from 1700000000123 ms, to 1700000001123 ms (zig-zag varints)
      00 01 61                          // reason "", created by "a"
      """, -1));

  static final List<GoldenCell> ALARM_EVENTS = List.of(new GoldenCell("alarm_events", "e", EVENT_ROW, """
      00                                // the event
      """, """
      01                                // version 1
      02 6531 f6a1abfef962              // id "e1", time 1700000000123 ms (zig-zag varint)
      02 7231 01 6e 04 73686f70         // rule id "r1", rule name "n", application "shop"
      06 464952494e47                   // type "FIRING"
      01 4000000000000000               // value: present, 2.0
      05 636f756e74 01 6d               // unit "count", message "m"
      """, -1), new GoldenCell("alarm_events", "e", EVENT_ROW, """
      01                                // a delivery
      0000018bcfe56880                  // finished 1700000000128 ms, 8 bytes
      07 574542484f4f4b 09 687474703a2f2f682f  // channel "WEBHOOK" "http://h/"
      """, """
      01                                // version 1
      07 574542484f4f4b 09 687474703a2f2f682f  // channel "WEBHOOK" "http://h/"
      01 01                             // delivered, 1 attempt
      08 4854545020323030               // detail "HTTP 200"
      80a2abfef962                      // finished 1700000000128 ms (zig-zag varint)
      """, -1), new GoldenCell("alarm_events", "e", """
      72                                // 'r': index by rule
      6dcde39e 02 7231                  // h("r1"), "r1"
      7ffffe74301a9784 6531             // inv(1700000000123 ms), event id "e1"
      """, EMPTY, EVENT_ROW, -1), new GoldenCell("alarm_events", "e", """
      74                                // 't': index by time
      7ffffe74301a9784 6531             // inv(1700000000123 ms), event id "e1"
      """, EMPTY, EVENT_ROW, -1));

  // ---- Span origins: not salted (the id is a hash).

  static final List<GoldenCell> SPAN_ORIGINS = List.of(new GoldenCell("span_origins", "o", """
      669b4bdff54d9390                  // origin id: the first 8 bytes of the value's SHA-256
      """, EMPTY, """
      01                                // format 1
      04 73686f70 06 73686f702d31       // application "shop", agent "shop-1"
      00 00 00                          // scope name "", scope version "", scope attributes: none
      """, -1));

  /** Every table's cells, in the order of {@link Storage#tables}. */
  static final List<List<GoldenCell>> ALL = List.of(TRACES, TRACE_TX, SCATTER, STAT_SELF, STAT_OUT, STAT_IN,
      HOST_MAP, STAT_URI, STAT_SQL, APPLICATIONS, AGENTS, AGENT_IDS, METRICS_CELLS, LOGS, HOSTS, STAT_SELF_1H,
      STAT_OUT_1H, STAT_IN_1H, STAT_URI_1H, STAT_SQL_1H, METRICS_1H, ALARM_RULES, ALARM_SILENCES, ALARM_EVENTS,
      SPAN_ORIGINS);

  private GoldenCells() {}
}
