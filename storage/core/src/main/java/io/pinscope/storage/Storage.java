package io.pinscope.storage;

import static java.util.Objects.requireNonNull;

import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.EngineConfig;
import io.pinscope.storage.spi.StorageEngineProvider;
import io.pinscope.storage.spi.WideColumnStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The storage component: an engine chosen by name, the table layout, and the repositories written over it
 * (their one implementation lives in this package). Thread-safe; close it once when done (repositories
 * fail with {@link IllegalStateException} afterwards).
 *
 * <p>The layout (internal: it may change between versions, behind the golden-byte tests that pin it):
 * <pre>
 * table         family           row                                              qualifier
 * traces        s  bytes         salt(traceId) traceId(16)                        spanId(8) | firstSpanId(8) hash(8)
 * trace_tx      t  bytes         salt hash name(txId)                             traceId(16)
 * scatter       d  bytes         salt(id) hash name(app) inv(newest ms) id(8)     -
 * stat_self     c counter, m max salt hash name(app) inv(slot)                    type agentId [code]
 * stat_out      c counter, m max salt hash name(caller) inv(slot)                 types callee host [code]
 * stat_in       c counter, m max salt hash name(callee) inv(slot)                 types caller host [code]
 * host_map      h  bytes         salt hash name(caller) inv(slot)                 host acceptor type
 * stat_uri      c counter, m max salt hash name(app) inv(slot)                    route [code]
 * stat_sql      c counter, m max salt hash name(app) inv(slot)                    system db statement [code]
 * stat_self_1h  (and stat_out_1h, stat_in_1h, stat_uri_1h, stat_sql_1h): as their minute table, inv(hour)
 * applications  a  bytes         app                                              -
 * agents        a  bytes         hash name(app) agentId                           -
 * agent_ids     i  bytes         agentId                                          -
 * metrics       p  bytes         salt hash name(agentId) time(ms)                 name attributes
 * logs          l  bytes         salt 1 traceId | salt 2 hash name(agentId) time  time spanId unique
 * hosts         h  bytes         host                                             -
 * metrics_1h    b  bytes         salt hash name(agentId) hour(ms)                 name attributes
 *               w  bytes         salt hash name(agentId)                          -
 * metrics_10m   b  bytes         salt hash name(agentId) ten minutes(ms)          name attributes
 *               w  bytes         salt hash name(agentId)                          -
 * app_1h        a  bytes         salt hash name(app) hour(ms)                     -
 *               w  bytes         salt hash name(app)                              -
 * alarm_rules   r  bytes         ruleId                                           -
 *               s  bytes         ruleId                                           -
 * alarm_silences s bytes         silenceId                                        -
 * alarm_events  e  bytes         'a' hash name(app) inv(ms) eventId               00 | 01 time(ms) type target
 *                                'r' hash name(ruleId) inv(ms) eventId            -
 *                                't' inv(ms) eventId                              -
 * span_origins  o  bytes         originId(8)                                      -
 * </pre>
 * A {@code traces} value refers to its span's application, agent and scope by an origin id, a 64-bit hash of
 * the {@code span_origins} value that holds them ({@link SpanOrigin}, {@link SpanOrigins}); that table keeps
 * rows for the traces' retention plus two days.
 * A {@code scatter} row holds a group of an application's dots written together ({@link ScatterGroups}); rows
 * written before groups hold one dot each, keyed {@code ... inv(ms) traceId spanId}, and still read.
 * {@code stat_out}, {@code stat_uri} and {@code stat_sql} have a third family, {@code x} bytes: per row and
 * key qualifier (without code) the 16-byte trace id of the latest call written there (example transactions).
 * The {@code stat_*_1h} tables are hourly roll-ups: the minute cells' increments added into one row per hour
 * ({@code hour} = the hour's start), in the same write, so they expire with the statistics (counter and max
 * families only: no example transactions).
 * {@code metrics_1h} and {@code metrics_10m} hold each agent's series folded per hour and per ten minutes
 * ({@code b}) and how far that is done ({@code w}), see {@link MetricRollups}; they expire with the metrics. {@code app_1h} holds each application
 * inspector's answer per hour ({@code a}) and how far that is done ({@code w}), see {@link ApplicationRollups};
 * it expires with the metrics.
 * The {@code alarm_*} tables hold the alarm rules ({@code r}) with their evaluation state ({@code s}), the
 * silences, and the alarm history: an event ({@code 00}) and its notification deliveries ({@code 01}, one
 * cell each, added as they finish) under the application, plus index rows by rule ({@code 'r'}) and by
 * time ({@code 't'}) whose value is the event's row key; see {@link AlarmTable}. Rules, states and
 * silences never expire; events expire with the statistics. Alarm rows are not salted (alarm data is small).
 * In rows, {@code hash} is the 4-byte hash of the name after it and {@code name(x)} is x's varint length
 * and UTF-8; a bare {@code app} or {@code agentId} is the UTF-8 alone. Strings in qualifiers are
 * length-prefixed; times are 8 bytes big-endian, {@code inv(t)} being {@code Long.MAX_VALUE - t}. Host
 * metrics sit in {@code metrics} under the reserved agent id {@link io.pinscope.model.HostInfo#metricsOwner}.
 */
public final class Storage implements AutoCloseable {
  static final String TRACES = "traces";
  static final String TRACE_TX = "trace_tx";
  static final String SCATTER = "scatter";
  static final String STAT_SELF = "stat_self";
  static final String STAT_OUT = "stat_out";
  static final String STAT_IN = "stat_in";
  static final String HOST_MAP = "host_map";
  static final String STAT_URI = "stat_uri";
  static final String STAT_SQL = "stat_sql";
  static final String APPLICATIONS = "applications";
  static final String AGENTS = "agents";
  static final String AGENT_IDS = "agent_ids";
  static final String METRICS = "metrics";
  static final String LOGS = "logs";
  static final String HOSTS = "hosts";
  static final String METRICS_HOURLY = "metrics_1h";
  static final String METRICS_TEN_MINUTES = "metrics_10m";
  static final String APPLICATIONS_HOURLY = "app_1h";
  static final String ALARM_RULES = "alarm_rules";
  static final String ALARM_SILENCES = "alarm_silences";
  static final String ALARM_EVENTS = "alarm_events";
  static final String SPAN_ORIGINS = "span_origins";
  static final String HOURLY_SUFFIX = "_1h";
  static final String STAT_SELF_HOURLY = STAT_SELF + HOURLY_SUFFIX;
  static final String STAT_OUT_HOURLY = STAT_OUT + HOURLY_SUFFIX;
  static final String STAT_IN_HOURLY = STAT_IN + HOURLY_SUFFIX;
  static final String STAT_URI_HOURLY = STAT_URI + HOURLY_SUFFIX;
  static final String STAT_SQL_HOURLY = STAT_SQL + HOURLY_SUFFIX;
  static final String COUNTS = "c";
  static final String MAXIMA = "m";
  /** The example-transaction family of {@code stat_uri}, {@code stat_sql} and {@code stat_out}. */
  static final String EXAMPLES = "x";

  private final WideColumnStore store;
  private final TraceTable traces;
  private final ScatterTable scatter;
  private final StatisticsTables statistics;
  private final ApplicationTables applications;
  private final MetricTable metrics;
  private final LogTable logs;
  private final HostTable hosts;
  private final ApplicationRollupTable applicationRollups;
  private final AlarmTable alarms;

  /** The repositories over {@code store}, whose tables must be those of {@link #tables} for the defaults. */
  Storage(WideColumnStore store) {
    this(store, Clock.systemUTC());
  }

  /**
   * The repositories over {@code store}, whose tables must be those of {@link #tables}; {@code clock} says when
   * span origins were last written.
   */
  Storage(WideColumnStore store, Clock clock) {
    this.store = store;
    scatter = new ScatterTable(store);
    traces = new TraceTable(store, scatter, new SpanOrigins(store, clock));
    statistics = new StatisticsTables(store);
    applications = new ApplicationTables(store);
    metrics = new MetricTable(store);
    logs = new LogTable(store);
    hosts = new HostTable(store);
    applicationRollups = new ApplicationRollupTable(store);
    alarms = new AlarmTable(store);
  }

  /**
   * Opens the configured engine, creating its tables when missing.
   *
   * @throws IllegalArgumentException when no engine has the configured name (the message lists them)
   */
  public static Storage open(StorageConfig config) {
    requireNonNull(config, "config");
    StorageEngineProvider provider = provider(config.engine());
    WideColumnStore store = provider.open(
        new EngineConfig(config.dataDirectory(), config.engineOptions(), config.clock()),
        tables(config.retention()));
    return new Storage(store, config.clock());
  }

  /** Every table with its families and the TTL the retention gives it. */
  public static List<TableSpec> tables(Retention r) {
    FamilySpec counts = new FamilySpec(COUNTS, CellKind.COUNTER);
    FamilySpec maxima = new FamilySpec(MAXIMA, CellKind.MAX);
    FamilySpec examples = new FamilySpec(EXAMPLES, CellKind.BYTES);
    return List.of(
        // Span values are large and written once: an engine may keep them apart from its keys.
        new TableSpec(TRACES, List.of(new FamilySpec("s", CellKind.BYTES, true)), r.traces()),
        bytes(TRACE_TX, "t", r.traces()),
        bytes(SCATTER, "d", r.traces()),
        new TableSpec(STAT_SELF, List.of(counts, maxima), r.statistics()),
        new TableSpec(STAT_OUT, List.of(counts, maxima, examples), r.statistics()),
        new TableSpec(STAT_IN, List.of(counts, maxima), r.statistics()),
        bytes(HOST_MAP, "h", r.statistics()),
        new TableSpec(STAT_URI, List.of(counts, maxima, examples), r.statistics()),
        new TableSpec(STAT_SQL, List.of(counts, maxima, examples), r.statistics()),
        bytes(APPLICATIONS, "a", r.applications()),
        bytes(AGENTS, "a", r.applications()),
        bytes(AGENT_IDS, "i", r.applications()),
        bytes(METRICS, "p", r.metrics()),
        bytes(LOGS, "l", r.logs()),
        bytes(HOSTS, "h", r.applications()),
        new TableSpec(STAT_SELF_HOURLY, List.of(counts, maxima), r.statistics()),
        new TableSpec(STAT_OUT_HOURLY, List.of(counts, maxima), r.statistics()),
        new TableSpec(STAT_IN_HOURLY, List.of(counts, maxima), r.statistics()),
        new TableSpec(STAT_URI_HOURLY, List.of(counts, maxima), r.statistics()),
        new TableSpec(STAT_SQL_HOURLY, List.of(counts, maxima), r.statistics()),
        new TableSpec(METRICS_HOURLY, List.of(new FamilySpec("b", CellKind.BYTES), new FamilySpec("w", CellKind.BYTES)),
            r.metrics()),
        new TableSpec(METRICS_TEN_MINUTES,
            List.of(new FamilySpec("b", CellKind.BYTES), new FamilySpec("w", CellKind.BYTES)), r.metrics()),
        new TableSpec(APPLICATIONS_HOURLY,
            List.of(new FamilySpec("a", CellKind.BYTES), new FamilySpec("w", CellKind.BYTES)), r.metrics()),
        // Rules, their state and silences are configuration: kept until deleted (TTL zero = forever).
        new TableSpec(ALARM_RULES, List.of(new FamilySpec("r", CellKind.BYTES), new FamilySpec("s", CellKind.BYTES)),
            Duration.ZERO),
        bytes(ALARM_SILENCES, "s", Duration.ZERO),
        bytes(ALARM_EVENTS, "e", r.statistics()),
        bytes(SPAN_ORIGINS, "o", SpanOrigins.ttl(r.traces())));
  }

  /** The hourly roll-up table of a statistics histogram table. */
  static String hourly(String table) {
    return table + HOURLY_SUFFIX;
  }

  private static TableSpec bytes(String table, String family, Duration ttl) {
    return new TableSpec(table, List.of(new FamilySpec(family, CellKind.BYTES)), ttl);
  }

  /** The names of the engines on the class path. */
  public static List<String> engineNames() {
    List<String> names = new ArrayList<>();
    for (StorageEngineProvider p : ServiceLoader.load(StorageEngineProvider.class)) {
      names.add(p.name());
    }
    return names;
  }

  private static StorageEngineProvider provider(String name) {
    for (StorageEngineProvider p : ServiceLoader.load(StorageEngineProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "storage engine: " + name + " (expected one of " + engineNames() + ")");
  }

  public TraceRepository traces() {
    return traces;
  }

  public ScatterIndex scatter() {
    return scatter;
  }

  public MapStatistics statistics() {
    return statistics;
  }

  public ApplicationRegistry applications() {
    return applications;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  /** The hourly metric roll-ups behind {@link AgentMetrics#buckets}, made by a background task. */
  public MetricRollups metricRollups() {
    return metrics.rollups();
  }

  /** The hourly application-inspector roll-ups, made by a background task after the metric roll-ups. */
  public ApplicationRollups applicationRollups() {
    return applicationRollups;
  }

  public LogRepository logs() {
    return logs;
  }

  /** The hosts that sent host metrics. */
  public HostRegistry hosts() {
    return hosts;
  }

  /** Alarm rules, their state, history and silences. */
  public AlarmStore alarms() {
    return alarms;
  }

  /** The engine underneath, for maintenance ({@link WideColumnStore#purgeExpired()}) and disk usage. */
  public WideColumnStore store() {
    return store;
  }

  @Override
  public void close() {
    store.close();
  }
}
