package io.pinscope.storage.schema;

import io.pinscope.storage.AgentMetrics;
import io.pinscope.storage.ApplicationRegistry;
import io.pinscope.storage.LogRepository;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.Retention;
import io.pinscope.storage.ScatterIndex;
import io.pinscope.storage.TraceRepository;
import io.pinscope.storage.spi.CellKind;
import io.pinscope.storage.spi.FamilySpec;
import io.pinscope.storage.spi.TableSpec;
import io.pinscope.storage.spi.WideColumnStore;
import java.util.List;

/**
 * The table layout and the repositories over one {@link WideColumnStore}. Internal to the storage
 * module: public only so that {@link io.pinscope.storage.Storage} can reach it.
 *
 * <pre>
 * table         family           row                                              qualifier
 * traces        s  bytes         salt(traceId) traceId(16)                        spanId(8)
 * trace_tx      t  bytes         salt hash name(txId)                             traceId(16)
 * scatter       d  bytes         salt(traceId) hash name(app) inv(ms) traceId spanId  -
 * stat_self     c counter, m max salt hash name(app) inv(slot)                    type agentId [code]
 * stat_out      c counter, m max salt hash name(caller) inv(slot)                 types callee host [code]
 * stat_in       c counter, m max salt hash name(callee) inv(slot)                 types caller host [code]
 * host_map      h  bytes         salt hash name(caller) inv(slot)                 host acceptor type
 * applications  a  bytes         name(app)                                        -
 * agents        a  bytes         hash name(app) agentId                           -
 * agent_ids     i  bytes         agentId                                          -
 * metrics       p  bytes         salt hash name(agentId) time(ms)                 name attributes
 * logs          l  bytes         salt 1 traceId | salt 2 hash name(agentId) time  time spanId unique
 * </pre>
 */
public final class Schema {
  static final String TRACES = "traces";
  static final String TRACE_TX = "trace_tx";
  static final String SCATTER = "scatter";
  static final String STAT_SELF = "stat_self";
  static final String STAT_OUT = "stat_out";
  static final String STAT_IN = "stat_in";
  static final String HOST_MAP = "host_map";
  static final String APPLICATIONS = "applications";
  static final String AGENTS = "agents";
  static final String AGENT_IDS = "agent_ids";
  static final String METRICS = "metrics";
  static final String LOGS = "logs";
  static final String COUNTS = "c";
  static final String MAXIMA = "m";

  private final TraceTable traces;
  private final ScatterTable scatter;
  private final StatisticsTables statistics;
  private final ApplicationTables applications;
  private final MetricTable metrics;
  private final LogTable logs;

  /** The repositories over {@code store}. */
  public Schema(WideColumnStore store) {
    traces = new TraceTable(store);
    scatter = new ScatterTable(store);
    statistics = new StatisticsTables(store);
    applications = new ApplicationTables(store);
    metrics = new MetricTable(store);
    logs = new LogTable(store);
  }

  /** Every table with its families and the TTL the retention gives it. */
  public static List<TableSpec> tables(Retention r) {
    FamilySpec counts = new FamilySpec(COUNTS, CellKind.COUNTER);
    FamilySpec maxima = new FamilySpec(MAXIMA, CellKind.MAX);
    return List.of(
        bytes(TRACES, "s", r.traces()),
        bytes(TRACE_TX, "t", r.traces()),
        bytes(SCATTER, "d", r.traces()),
        new TableSpec(STAT_SELF, List.of(counts, maxima), r.statistics()),
        new TableSpec(STAT_OUT, List.of(counts, maxima), r.statistics()),
        new TableSpec(STAT_IN, List.of(counts, maxima), r.statistics()),
        bytes(HOST_MAP, "h", r.statistics()),
        bytes(APPLICATIONS, "a", r.applications()),
        bytes(AGENTS, "a", r.applications()),
        bytes(AGENT_IDS, "i", r.applications()),
        bytes(METRICS, "p", r.metrics()),
        bytes(LOGS, "l", r.logs()));
  }

  private static TableSpec bytes(String table, String family, java.time.Duration ttl) {
    return new TableSpec(table, List.of(new FamilySpec(family, CellKind.BYTES)), ttl);
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

  public LogRepository logs() {
    return logs;
  }
}
