package io.pinscope.query;

import io.pinscope.calltree.CallTree;
import io.pinscope.calltree.CallTreeAssembler;
import io.pinscope.calltree.CallTreeRow;
import io.pinscope.model.Attributes;
import io.pinscope.model.Histogram;
import io.pinscope.model.NodeCategory;
import io.pinscope.model.Semconv;
import io.pinscope.model.ServiceType;
import io.pinscope.model.ServiceTypeRegistry;
import io.pinscope.model.SpanIds;
import io.pinscope.model.SpanKind;
import io.pinscope.model.StoredLog;
import io.pinscope.model.StoredSpan;
import io.pinscope.model.PinpointTraceState;
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
import java.util.function.ToIntFunction;
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
 * <p>The per-transaction map counts each span once: entry spans make application nodes (their elapsed
 * time and error); a root entry span is called by its application's USER node; an entry span whose parent
 * span was sent by another agent is called by that application (with the caller span's elapsed time when
 * it is a CLIENT or PRODUCER span); a messaging CONSUMER is called by its queue node instead; CLIENT and
 * PRODUCER spans call database, cache and queue nodes, and external-host nodes when no other agent's entry
 * span answered them. Node names follow the receiver's statistics, so map and trace agree.
 */
final class TraceView {
  private record Pair(NodeKey from, NodeKey to) {}

  private final StoredTrace trace;
  private final List<StoredLog> logs;
  private final ToIntFunction<String> applicationType;
  private final Map<Long, StoredSpan> byId = new HashMap<>();

  private TraceView(StoredTrace trace, List<StoredLog> logs, ToIntFunction<String> applicationType) {
    this.trace = trace;
    this.logs = logs;
    this.applicationType = applicationType;
    for (StoredSpan s : trace.spans()) {
      byId.putIfAbsent(s.spanId(), s);
    }
  }

  /** The JSON object of a non-empty trace; {@code applicationType} gives an application's type code. */
  static Map<String, Object> render(StoredTrace trace, List<StoredLog> logs, ToIntFunction<String> applicationType) {
    return new TraceView(trace, logs, applicationType).render();
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
    m.put("className", s == null ? "" : className(s));
    m.put("api", s == null ? r.kind().name() : api(s));
    m.put("error", r.error());
    m.put("hasException", r.hasException());
    m.put("entry", r.entry());
    m.put("orphan", r.orphan());
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

  private Map<String, Object> map() {
    Map<NodeKey, Histogram> nodes = new LinkedHashMap<>();
    Map<Pair, Histogram> links = new LinkedHashMap<>();
    Set<Long> answered = new HashSet<>();
    for (StoredSpan s : byId.values()) {
      StoredSpan p = s.isRoot() ? null : byId.get(s.parentSpanId());
      if (s.isEntry() && p != null && !sameAgent(s, p)) {
        answered.add(p.spanId());
      }
    }
    for (StoredSpan s : byId.values()) {
      NodeKey app = new NodeKey(s.applicationName(), applicationType.applyAsInt(s.applicationName()));
      Attributes a = s.attributes();
      String messaging = Semconv.messagingSystem(a);
      if (s.isEntry()) {
        nodes.merge(app, histogram(s, app), ServerMapBuilder::plus);
        StoredSpan p = s.isRoot() ? null : byId.get(s.parentSpanId());
        if (s.kind() == SpanKind.CONSUMER && messaging != null) {
          ServiceType q = ServiceTypeRegistry.forMessagingSystem(messaging);
          add(nodes, links, new NodeKey(Semconv.destinationName(a, messaging), q.code()), app, s);
        } else if (s.isRoot()) {
          add(nodes, links, new NodeKey(s.applicationName(), ServiceTypeRegistry.USER.code()), app, s);
        } else if (p != null && !sameAgent(s, p)) {
          NodeKey caller = new NodeKey(p.applicationName(), applicationType.applyAsInt(p.applicationName()));
          add(nodes, links, caller, app, p.kind().isOutgoing() ? p : s);
        }
      }
      if (s.kind().isOutgoing()) {
        String db = Semconv.dbSystem(a);
        if (db != null) {
          ServiceType t = ServiceTypeRegistry.forDbSystem(db);
          add(nodes, links, app, new NodeKey(Semconv.databaseName(a, db), t.code()), s);
        } else if (messaging != null) {
          ServiceType q = ServiceTypeRegistry.forMessagingSystem(messaging);
          add(nodes, links, app, new NodeKey(Semconv.destinationName(a, messaging), q.code()), s);
        } else if (s.kind() == SpanKind.CLIENT && !answered.contains(s.spanId())) {
          add(nodes, links, app, new NodeKey(Semconv.externalName(a), ServiceTypeRegistry.OPENTELEMETRY_CLIENT.code()), s);
        }
      }
    }
    List<Map<String, Object>> nodeList = new ArrayList<>();
    nodes.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().render())).forEach(e -> {
      NodeKey k = e.getKey();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", k.render());
      m.put("applicationName", k.name());
      m.put("serviceType", k.type().name());
      m.put("serviceTypeCode", k.typeCode());
      m.put("category", k.category().name());
      MapQueries.putCounts(m, e.getValue(), k);
      m.put("agents", agentsOf(k));
      nodeList.add(m);
    });
    List<Map<String, Object>> linkList = new ArrayList<>();
    links.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().from().render() + "~"
        + e.getKey().to().render())).forEach(e -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("key", e.getKey().from().render() + "~" + e.getKey().to().render());
          m.put("from", e.getKey().from().render());
          m.put("to", e.getKey().to().render());
          MapQueries.putCounts(m, e.getValue(), e.getKey().to());
          m.put("virtual", false);
          linkList.add(m);
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", nodeList);
    out.put("links", linkList);
    return out;
  }

  private List<String> agentsOf(NodeKey k) {
    if (k.category() != NodeCategory.SERVER) {
      return List.of();
    }
    return byId.values().stream().filter(s -> s.applicationName().equals(k.name())).map(StoredSpan::agentId)
        .distinct().sorted().toList();
  }

  /** Adds one call on {@code from → to}; terminal and USER nodes sum their links' histograms. */
  private static void add(Map<NodeKey, Histogram> nodes, Map<Pair, Histogram> links, NodeKey from, NodeKey to,
      StoredSpan call) {
    Histogram h = histogram(call, to);
    links.merge(new Pair(from, to), h, ServerMapBuilder::plus);
    if (from.category() == NodeCategory.USER) {
      nodes.merge(from, h, ServerMapBuilder::plus);
    } else if (to.isTerminal()) {
      nodes.merge(to, h, ServerMapBuilder::plus);
    }
    if (from.isTerminal()) {
      nodes.putIfAbsent(from, ServerMapBuilder.empty(from));
    }
    nodes.putIfAbsent(to, ServerMapBuilder.empty(to));
  }

  private static Histogram histogram(StoredSpan s, NodeKey typeOf) {
    return ServerMapBuilder.empty(typeOf).plus(s.durationNanos() / 1_000_000L, s.isError());
  }

  private static boolean sameAgent(StoredSpan a, StoredSpan b) {
    return a.applicationName().equals(b.applicationName()) && a.agentId().equals(b.agentId());
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
