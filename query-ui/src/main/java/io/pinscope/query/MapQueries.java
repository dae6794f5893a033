package io.pinscope.query;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Histogram;
import io.pinscope.model.HostMapping;
import io.pinscope.model.LinkKey;
import io.pinscope.model.NodeCategory;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.query.Params.Range;
import io.pinscope.servermap.HostMapResolver;
import io.pinscope.servermap.ResolvedLink;
import io.pinscope.storage.ApplicationRegistry;
import io.pinscope.storage.MapStatistics;
import io.pinscope.storage.Storage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The server-map endpoints: the map, a node's detail and a link's detail. Detail load series are per
 * bucket of {@link Params#bucketMillis}, aligned on epoch multiples of the bucket, one point per bucket
 * from the one holding {@code from} up to {@code to} (empty buckets included, so charts need no gap logic).
 */
final class MapQueries {
  /** Agents registered within this slack of the range count as seen in it (registrations refresh each minute). */
  private static final long SEEN_SLACK_MILLIS = 5 * Params.MINUTE;

  /** One slot's histogram of a node or link. */
  private record Point(long slotMillis, Histogram histogram) {}

  private final Storage storage;

  MapQueries(Storage storage) {
    this.storage = storage;
  }

  /** {@code GET /api/v1/servermap}. */
  Map<String, Object> serverMap(String application, Range r, int inbound, int outbound, boolean bidirectional) {
    Map<String, Object> out = new LinkedHashMap<>();
    Integer type = applicationType(application, r);
    if (type == null) {
      out.put("nodes", List.of());
      out.put("links", List.of());
      out.put("truncated", false);
      return out;
    }
    ServerMap map = ServerMapBuilder.build(storage.statistics(), application, type, r.from(),
        r.to(), inbound, outbound, bidirectional);
    out.putAll(render(map, k -> agentsSeen(k.name(), r).stream().map(AgentInfo::agentId).toList()));
    out.put("truncated", map.truncated());
    return out;
  }

  /**
   * A map's {@code nodes} and {@code links} as the REST contract has them; an application node's agents are
   * its own plus {@code moreAgents} (agents registered but idle in range), ordered by id.
   */
  static Map<String, Object> render(ServerMap map, Function<NodeKey, Collection<String>> moreAgents) {
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (ServerMap.Node n : map.nodes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      NodeKey k = n.key();
      m.put("key", k.render());
      m.put("applicationName", k.name());
      m.put("serviceType", k.type().name());
      m.put("serviceTypeCode", k.typeCode());
      m.put("category", k.category().name());
      putCounts(m, n.histogram(), k);
      List<String> agents = n.agents();
      if (k.category() == NodeCategory.SERVER) {
        Set<String> all = new TreeSet<>(agents);
        all.addAll(moreAgents.apply(k));
        agents = List.copyOf(all);
      }
      m.put("agents", agents);
      nodes.add(m);
    }
    List<Map<String, Object>> links = new ArrayList<>();
    for (ServerMap.Link l : map.links()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", l.key());
      m.put("from", l.from().render());
      m.put("to", l.to().render());
      putCounts(m, l.histogram(), l.to());
      m.put("virtual", l.virtual());
      links.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", nodes);
    out.put("links", links);
    return out;
  }

  /** {@code GET /api/v1/servermap/node}. */
  Map<String, Object> node(NodeKey key, Range r) {
    MapStatistics stats = storage.statistics();
    List<Point> series = new ArrayList<>();
    List<Map<String, Object>> instances = new ArrayList<>();
    NodeCategory c = key.category();
    if (c == NodeCategory.SERVER) {
      Map<String, Histogram> perAgent = new TreeMap<>();
      for (SlotValue<SelfKey> s : stats.readSelf(key.name(), r.from(), r.to())) {
        if (s.key().serviceTypeCode() == key.typeCode()) {
          series.add(new Point(s.slotMillis(), s.histogram()));
          perAgent.merge(s.key().agentId(), s.histogram(), ServerMap::plus);
        }
      }
      if (series.isEmpty()) { // an application that only called in range (e.g. a Pinpoint agent named by pp)
        series.addAll(outLinksOf(key, r));
      }
      Map<String, String> hostnames = new LinkedHashMap<>();
      for (AgentInfo a : agentsSeen(key.name(), r)) {
        hostnames.put(a.agentId(), a.hostname());
        perAgent.putIfAbsent(a.agentId(), ServerMap.empty(key));
      }
      perAgent.forEach((agent, h) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agentId", agent);
        m.put("hostname", hostnames.getOrDefault(agent,
            storage.applications().agent(agent).map(AgentInfo::hostname).orElse("")));
        m.put("histogram", Json.histogram(h, false));
        m.put("totalCount", h.totalCount());
        m.put("errorCount", h.errorCount());
        instances.add(m);
      });
    } else if (c == NodeCategory.USER) {
      for (SlotValue<LinkKey> v : stats.readInLinks(key.name(), r.from(), r.to())) {
        if (v.key().callerTypeCode() == key.typeCode()) {
          series.add(new Point(v.slotMillis(), v.histogram()));
        }
      }
    } else {
      for (SlotValue<LinkKey> v : stats.readInLinks(key.name(), r.from(), r.to())) {
        if (v.key().calleeTypeCode() == key.typeCode()) {
          series.add(new Point(v.slotMillis(), v.histogram()));
        }
      }
      if (series.isEmpty()) { // a queue that is only consumed: its links go out
        series.addAll(outLinksOf(key, r));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key.render());
    putDetail(out, series, key, r);
    out.put("instances", instances);
    return out;
  }

  /** The node's links out, as the points of its load series. */
  private List<Point> outLinksOf(NodeKey key, Range r) {
    List<Point> points = new ArrayList<>();
    for (SlotValue<LinkKey> v : storage.statistics().readOutLinks(key.name(), r.from(), r.to())) {
      if (v.key().callerTypeCode() == key.typeCode()) {
        points.add(new Point(v.slotMillis(), v.histogram()));
      }
    }
    return points;
  }

  /** {@code GET /api/v1/servermap/link}: every row of {@code source → target}, host-map resolved. */
  Map<String, Object> link(NodeKey source, NodeKey target, Range r) {
    MapStatistics stats = storage.statistics();
    List<SlotValue<LinkKey>> raw = new ArrayList<>();
    for (SlotValue<LinkKey> v : stats.readOutLinks(source.name(), r.from(), r.to())) {
      if (v.key().callerTypeCode() == source.typeCode()) {
        raw.add(v);
      }
    }
    Set<HostMapping> mappings = new HashSet<>();
    if (target.category() == NodeCategory.SERVER) {
      mappings.addAll(stats.readHostMappings(source.name(), r.from(), r.to()));
      mappings.addAll(stats.readHostMappings("", r.from(), r.to()));
    }
    List<Point> series = new ArrayList<>();
    boolean virtual = true;
    for (ResolvedLink l : HostMapResolver.resolve(raw, mappings)) {
      LinkKey k = l.link().key();
      if (k.calleeName().equals(target.name()) && k.calleeTypeCode() == target.typeCode()) {
        series.add(new Point(l.link().slotMillis(), l.link().histogram()));
        virtual &= l.virtual();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", source.render() + "~" + target.render());
    out.put("from", source.render());
    out.put("to", target.render());
    putDetail(out, series, target, r);
    out.put("virtual", !series.isEmpty() && virtual);
    return out;
  }

  private void putDetail(Map<String, Object> out, List<Point> series, NodeKey typeOf, Range r) {
    boolean fast = typeOf.category() == NodeCategory.CACHE;
    Histogram total = null;
    long bucket = Params.bucketMillis(r);
    long first = Math.floorDiv(r.from(), bucket) * bucket;
    int count = (int) ((r.to() - first + bucket - 1) / bucket);
    Histogram[] buckets = new Histogram[count];
    for (Point s : series) {
      Histogram h = s.histogram();
      total = total == null ? h : ServerMap.plus(total, h);
      int i = (int) ((s.slotMillis() - first) / bucket);
      if (i >= 0 && i < count) {
        buckets[i] = buckets[i] == null ? h : ServerMap.plus(buckets[i], h);
      }
    }
    putCounts(out, total, typeOf);
    List<List<Object>> points = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      points.add(List.of(first + i * bucket, Json.histogram(buckets[i], fast)));
    }
    Map<String, Object> load = new LinkedHashMap<>();
    load.put("bucketMs", bucket);
    load.put("points", points);
    out.put("load", load);
  }

  /** Counts and histogram of a node or link; {@code typeOf} picks the band names (caches: FAST). */
  static void putCounts(Map<String, Object> m, @Nullable Histogram h, NodeKey typeOf) {
    m.put("totalCount", h == null ? 0 : h.totalCount());
    m.put("errorCount", h == null ? 0 : h.errorCount());
    m.put("slowCount", h == null ? 0 : h.slowCount());
    m.put("avgMs", h == null ? 0.0 : Json.round3(h.averageMillis()));
    m.put("maxMs", h == null ? 0 : h.maxMillis());
    boolean fast = h != null ? h.schema() == io.pinscope.model.HistogramSchema.FAST
        : typeOf.category() == NodeCategory.CACHE;
    m.put("histogram", Json.histogram(h, fast));
  }

  /**
   * The type of an application: the registry's, else that of its self rows in range, else that of its links
   * out (a caller only); null if unknown.
   */
  @Nullable Integer applicationType(String application, Range r) {
    for (ApplicationRegistry.Application a : storage.applications().applications()) {
      if (a.name().equals(application)) {
        return a.serviceType().code();
      }
    }
    List<SlotValue<SelfKey>> self = storage.statistics().readSelf(application, r.from(), r.to());
    if (!self.isEmpty()) {
      return self.get(0).key().serviceTypeCode();
    }
    for (SlotValue<LinkKey> v : storage.statistics().readOutLinks(application, r.from(), r.to())) {
      if (new NodeKey(application, v.key().callerTypeCode()).category() != NodeCategory.USER) {
        return v.key().callerTypeCode(); // a caller only, such as a Pinpoint agent named by pp
      }
    }
    return null;
  }

  /** Agents of {@code application} registered as seen around {@code r}, ordered by id. */
  List<AgentInfo> agentsSeen(String application, @Nullable Range r) {
    List<AgentInfo> out = new ArrayList<>();
    for (AgentInfo a : storage.applications().agents(application)) {
      if (r == null || (a.firstSeenMillis() < r.to() && a.lastSeenMillis() + SEEN_SLACK_MILLIS >= r.from())) {
        out.add(a);
      }
    }
    return out;
  }
}
