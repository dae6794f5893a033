package io.pinscope.query;

import io.pinscope.calltree.CallTree;
import io.pinscope.calltree.CallTreeAssembler;
import io.pinscope.calltree.CallTreeRow;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredLog;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.PinpointTraceState;
import io.pinscope.servermap.CallerRules.ApplicationTypes;
import io.pinscope.servermap.HostMapResolver;
import io.pinscope.servermap.MapContributions;
import io.pinscope.servermap.MapSink;
import io.pinscope.servermap.ResolvedLink;
import io.pinscope.servermap.TraceMap;
import io.pinscope.storage.TraceRepository.StoredTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One trace as {@code GET /api/v1/traces/{id}} answers it: its spans, the call tree rows
 * ({@link CallTreeAssembler}, times in milliseconds with 3 decimals), the per-transaction map and its logs.
 *
 * <p>Call-tree columns Pinpoint fills from agent metadata are derived from OTel data: {@code className} is
 * {@code code.namespace} ▸ the part of {@code code.function.name} before its last dot ▸ the instrumentation
 * scope name; {@code api} is the system ({@code db.system(.name)}, {@code messaging.system},
 * {@code rpc.system}, else {@code HTTP} for spans with an HTTP method) in upper case joined to the span
 * kind, e.g. {@code MYSQL_CLIENT}, {@code HTTP_SERVER}, {@code KAFKA_PRODUCER}, or the kind alone.
 *
 * <p>The per-transaction map is made by the rules the receiver's statistics use ({@link TraceMap} over
 * {@link MapContributions} and {@code CallerRules}), applied to the whole trace, and summed like the server
 * map ({@link ServerMap.Assembly}): so the map and the trace agree by construction.
 */
final class TraceView {
  private record Pair(NodeKey from, NodeKey to) {}

  private final StoredTrace trace;
  private final List<StoredLog> logs;
  private final ApplicationTypes applicationTypes;
  private final Map<Long, StoredSpan> byId = new HashMap<>();

  private TraceView(StoredTrace trace, List<StoredLog> logs, ApplicationTypes applicationTypes) {
    this.trace = trace;
    this.logs = logs;
    this.applicationTypes = applicationTypes;
    for (StoredSpan s : trace.spans()) {
      byId.putIfAbsent(s.spanId(), s);
    }
  }

  /**
   * The JSON object of a non-empty trace; {@code applicationTypes} gives a registered application's type
   * code (null for others, such as a Pinpoint agent named only by {@code pp}).
   */
  static Map<String, Object> render(StoredTrace trace, List<StoredLog> logs, ApplicationTypes applicationTypes) {
    return new TraceView(trace, logs, applicationTypes).render();
  }

  private Map<String, Object> render() {
    CallTree tree = CallTreeAssembler.assemble(trace.traceId(), trace.spans());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("traceId", trace.traceId().toHex());
    out.put("transactionId", transactionId());
    out.put("complete", tree.complete() && !trace.truncated());
    out.put("truncated", trace.truncated());
    out.put("spanCount", tree.spanCount());
    List<Map<String, Object>> spans = new ArrayList<>();
    for (StoredSpan s : byId.values().stream().sorted(Comparator.comparingLong(StoredSpan::startEpochNanos)
        .thenComparingLong(StoredSpan::spanId)).toList()) {
      spans.add(span(s));
    }
    out.put("spans", spans);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CallTreeRow row : tree.rows()) {
      rows.add(row(row, byId.get(row.spanId())));
    }
    out.put("callTree", rows);
    out.put("map", map());
    List<Map<String, Object>> logList = new ArrayList<>();
    for (StoredLog l : logs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", l.timeNanos() / 1_000_000L);
      m.put("severity", severity(l));
      m.put("body", Json.value(l.body()));
      m.put("spanId", l.spanId() == SpanIds.NONE ? null : SpanIds.toHex(l.spanId()));
      m.put("attributes", Json.attributes(l.attributes()));
      m.put("application", l.applicationName());
      m.put("agentId", l.agentId());
      logList.add(m);
    }
    out.put("logs", logList);
    return out;
  }

  private @Nullable String transactionId() {
    String found = null;
    for (StoredSpan s : trace.spans()) {
      String tx = PinpointTraceState.transactionId(s.traceState());
      if (tx != null && (found == null || s.isRoot())) {
        found = tx;
      }
    }
    return found;
  }

  private static Map<String, Object> span(StoredSpan s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spanId", SpanIds.toHex(s.spanId()));
    m.put("parentSpanId", Json.spanId(s.parentSpanId()));
    m.put("application", s.applicationName());
    m.put("agentId", s.agentId());
    m.put("name", s.name());
    m.put("kind", s.kind().name());
    m.put("startTime", s.startEpochMillis());
    m.put("elapsedMs", Json.millis(s.durationNanos()));
    m.put("error", s.isError());
    m.put("attributes", Json.attributes(s.attributes()));
    List<Map<String, Object>> events = new ArrayList<>();
    for (StoredSpan.Event e : s.events()) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("name", e.name());
      em.put("time", e.epochNanos() / 1_000_000L);
      em.put("attributes", Json.attributes(e.attributes()));
      events.add(em);
    }
    m.put("events", events);
    List<Map<String, Object>> links = new ArrayList<>();
    for (StoredSpan.Link l : s.links()) {
      Map<String, Object> lm = new LinkedHashMap<>();
      lm.put("traceId", l.traceId().toHex());
      lm.put("spanId", SpanIds.toHex(l.spanId()));
      lm.put("attributes", Json.attributes(l.attributes()));
      links.add(lm);
    }
    m.put("links", links);
    m.put("scope", s.scope().name());
    m.put("scopeVersion", s.scope().version());
    m.put("statusMessage", s.statusMessage());
    return m;
  }

  private static Map<String, Object> row(CallTreeRow r, @Nullable StoredSpan s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("depth", r.depth());
    m.put("spanId", SpanIds.toHex(r.spanId()));
    m.put("parentSpanId", Json.spanId(r.parentSpanId()));
    m.put("application", r.applicationName());
    m.put("agentId", r.agentId());
    m.put("method", r.method());
    m.put("arguments", r.arguments());
    m.put("startTime", r.startEpochNanos() / 1_000_000L);
    m.put("gapMs", Json.millis(r.gapNanos()));
    m.put("execMs", Json.millis(r.execNanos()));
    m.put("execPercent", Json.round3(r.execPercent()));
    m.put("selfMs", Json.millis(r.selfNanos()));
    m.put("kind", r.kind().name());
    m.put("className", s == null || r.caller() ? "" : className(s));
    m.put("api", s == null ? r.kind().name() : api(s));
    m.put("error", r.error());
    m.put("hasException", r.hasException());
    m.put("entry", r.entry());
    m.put("orphan", r.orphan());
    m.put("caller", r.caller());
    return m;
  }

  static String className(StoredSpan s) {
    Attributes a = s.attributes();
    String ns = nonEmpty(a.text("code.namespace"));
    if (ns != null) {
      return ns;
    }
    String fn = nonEmpty(a.text("code.function.name"));
    if (fn != null && fn.lastIndexOf('.') > 0) {
      return fn.substring(0, fn.lastIndexOf('.'));
    }
    return s.scope().name();
  }

  static String api(StoredSpan s) {
    Attributes a = s.attributes();
    String system = nonEmpty(a.firstText("db.system.name", "db.system", "messaging.system", "rpc.system"));
    if (system == null && a.firstText("http.request.method", "http.method") != null) {
      system = "http";
    }
    String kind = s.kind() == SpanKind.UNSPECIFIED ? "INTERNAL" : s.kind().name();
    return system == null ? kind : system.toUpperCase(Locale.ROOT).replace('.', '_') + "_" + kind;
  }

  /**
   * The per-transaction map: the trace's spans through {@link TraceMap} (the receiver's rules, applied to the
   * whole trace), links to external hosts resolved with the trace's own host mappings, nodes summed by
   * {@link ServerMap.Assembly}.
   */
  private Map<String, Object> map() {
    TraceSink sink = new TraceSink();
    TraceMap.contribute(byId.values(), applicationTypes, sink);
    ServerMap.Assembly assembly = new ServerMap.Assembly();
    for (ResolvedLink r : HostMapResolver.resolve(sink.links, sink.mappings)) {
      LinkKey k = r.link().key();
      assembly.addLink(new NodeKey(k.callerName(), k.callerTypeCode()), new NodeKey(k.calleeName(),
          k.calleeTypeCode()), r.link().histogram(), r.virtual());
    }
    sink.self.keySet().forEach(assembly::addNode);
    ServerMap map = assembly.assemble(k -> {
      Histogram h = sink.self.get(k);
      return h == null ? null : new ServerMap.Self(h, agentsOf(k));
    }, false);
    return MapQueries.render(map, k -> List.of());
  }

  /** Collects one trace's contributions: links and host mappings in one slot, self histograms per node. */
  private static final class TraceSink implements MapSink {
    final List<SlotValue<LinkKey>> links = new ArrayList<>();
    final Set<HostMapping> mappings = new HashSet<>();
    final Map<NodeKey, Histogram> self = new LinkedHashMap<>();

    @Override
    public void self(long slotMillis, SelfKey key, long elapsedMillis, boolean error) {
      self.merge(new NodeKey(key.applicationName(), key.serviceTypeCode()),
          Histogram.of(MapContributions.schemaOf(key), elapsedMillis, error), ServerMap::plus);
    }

    @Override
    public void link(long slotMillis, LinkKey key, long elapsedMillis, boolean error) {
      // One slot for the whole trace: the resolver sums equal links.
      links.add(new SlotValue<>(0, key, Histogram.of(MapContributions.schemaOf(key), elapsedMillis, error)));
    }

    @Override
    public void hostMapping(long slotMillis, HostMapping mapping) {
      mappings.add(mapping);
    }
  }

  private List<String> agentsOf(NodeKey k) {
    return byId.values().stream().filter(s -> s.applicationName().equals(k.name())).map(StoredSpan::agentId)
        .distinct().sorted().toList();
  }

  private static String severity(StoredLog l) {
    if (!l.severityText().isEmpty()) {
      return l.severityText();
    }
    int n = l.severityNumber();
    return n <= 0 ? "" : n <= 4 ? "TRACE" : n <= 8 ? "DEBUG" : n <= 12 ? "INFO" : n <= 16 ? "WARN"
        : n <= 20 ? "ERROR" : "FATAL";
  }

  private static @Nullable String nonEmpty(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
