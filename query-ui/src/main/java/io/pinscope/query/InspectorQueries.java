package io.pinscope.query;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.query.Params.Range;
import io.pinscope.query.inspector.AcrossAgents;
import io.pinscope.query.inspector.AgentPanels;
import io.pinscope.query.inspector.AgentRuntime;
import io.pinscope.query.inspector.ApplicationPanel;
import io.pinscope.query.inspector.BucketValues;
import io.pinscope.query.inspector.BucketWindow;
import io.pinscope.query.inspector.Panel;
import io.pinscope.storage.StatisticsResolution;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The inspectors, read from the metric buckets ({@code AgentMetrics.buckets}, never cut at a point limit) of
 * {@link Params#bucketMillis} and the response statistics, with the curated panels of
 * {@link io.pinscope.query.inspector}:
 * <ul>
 *   <li>the agent inspector: one agent's panels and every other metric as a generic series;
 *   <li>the application inspector (Pinpoint's application stats): every metric series (name + attributes) of an
 *       application's agents and the same panels, each point the average, minimum and maximum of the agents'
 *       values in the bucket with the agents holding the minimum and the maximum (ties to the lower agent id).
 * </ul>
 */
final class InspectorQueries {
  /** The longest application-inspector range, in days (the statistics' and metrics' default retention). */
  static final int MAX_DAYS = 14;
  /** The most series (application) or generic series (agent) one answer holds; more set {@code truncated}. */
  static final int MAX_SERIES = 200;

  private final Storage storage;
  private final MapQueries maps;
  private final Clock clock;

  /**
   * Reads {@code storage}; {@code maps} finds an application's agents seen in a range; {@code clock}'s now
   * ends the bucket in progress for rates.
   */
  InspectorQueries(Storage storage, MapQueries maps, Clock clock) {
    this.storage = storage;
    this.maps = maps;
    this.clock = clock;
  }

  /**
   * {@code {agentId, application, runtime, bucketMs, truncated, panels:[{id, title, unit, series:[{label,
   * points:[[time, value]]}]}], generic:[{name, unit, kind, attributes, points:[[time, value]]}]}}; an agent
   * neither registered nor with metrics in range is a {@link QueryApi.NotFoundException}.
   */
  Map<String, Object> agent(String agentId, Range r) {
    long bucket = Params.bucketMillis(r);
    Optional<AgentInfo> info = storage.applications().agent(agentId);
    List<MetricBucket> buckets = storage.metrics().buckets(agentId, r.from(), r.to(), bucket);
    if (buckets.isEmpty() && info.isEmpty()) {
      throw new QueryApi.NotFoundException("agentId: " + agentId + " (no such agent)");
    }
    String application = info.map(AgentInfo::applicationName).orElse(null);
    List<SlotValue<SelfKey>> self = application == null ? List.of()
        : selfOf(application, r, bucket).getOrDefault(agentId, List.of());
    AgentPanels panels = evaluate(info.map(AgentInfo::resource).orElse(Attributes.empty()), buckets, self, r,
        bucket);
    SortedMap<SeriesKey, List<MetricBucket>> genericSeries = seriesOf(panels.generic());
    List<Map<String, Object>> generic = new ArrayList<>();
    genericSeries.values().stream().limit(MAX_SERIES).forEach(s -> generic.add(genericSeries(s)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agentId", agentId);
    body.put("application", application);
    body.put("runtime", panels.runtime().name());
    body.put("bucketMs", bucket);
    body.put("truncated", genericSeries.size() > MAX_SERIES);
    body.put("panels", panels.panels().stream().map(InspectorQueries::panel).toList());
    body.put("generic", generic);
    return body;
  }

  /**
   * {@code {agents, bucketMs, panels:[{id, title, unit, series:[{label, points:[[time, avg, min, max,
   * minAgentId, maxAgentId]]}]}], series:[{name, unit, kind, attributes, points:[[time, avg, min, max,
   * minAgentId, maxAgentId]]}], truncated}}; series ordered by name then attributes, points by time, buckets
   * without any value left out. The agents are those of the registry seen in range (as the agent list has
   * them). {@code name}, when set, keeps that metric only in {@code series}.
   */
  Map<String, Object> application(String application, Range r, @Nullable String name) {
    long bucket = Params.bucketMillis(r);
    Map<String, List<SlotValue<SelfKey>>> self = selfOf(application, r, bucket);
    SortedMap<String, List<Panel>> panels = new TreeMap<>();
    // By hash, sorted once at the end (comparing attributes' text for every bucket costs too much); each
    // series' buckets on the grid of the range, folded across agents as they come (ordered by id).
    long first = Math.floorDiv(r.from(), bucket) * bucket;
    int slots = (int) ((r.to() - first + bucket - 1) / bucket);
    Map<SeriesKey, Across[]> series = new HashMap<>();
    Map<SeriesKey, MetricBucket> firstOf = new HashMap<>();
    for (AgentInfo a : maps.agentsSeen(application, r)) {
      List<MetricBucket> buckets = storage.metrics().buckets(a.agentId(), r.from(), r.to(), bucket);
      panels.put(a.agentId(), evaluate(a.resource(), buckets, self.getOrDefault(a.agentId(), List.of()), r,
          bucket).panels());
      MetricBucket previous = null;
      Across[] points = null;
      for (MetricBucket b : buckets) {
        Double value = BucketValues.mean(b);
        if (value == null || (name != null && !name.equals(b.name()))) {
          continue;
        }
        // Buckets come series by series: look the series up when it changes (same attributes object).
        if (points == null || previous.attributes() != b.attributes() || !previous.name().equals(b.name())) {
          SeriesKey key = new SeriesKey(b.name(), b.attributes());
          firstOf.putIfAbsent(key, b);
          points = series.computeIfAbsent(key, k -> new Across[slots]);
        }
        previous = b;
        int i = (int) ((b.bucketStartMillis() - first) / bucket);
        if (points[i] == null) {
          points[i] = new Across();
        }
        points[i].add(a.agentId(), value);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    series.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(MAX_SERIES).forEach(e -> {
      List<AcrossAgents> points = new ArrayList<>();
      Across[] byTime = e.getValue();
      for (int i = 0; i < byTime.length; i++) {
        if (byTime[i] != null) {
          points.add(byTime[i].toPoint(first + i * bucket));
        }
      }
      out.add(metricSeries(firstOf.get(e.getKey()), points, AcrossAgents::toList));
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agents", List.copyOf(panels.keySet()));
    body.put("bucketMs", bucket);
    body.put("panels", ApplicationPanel.combine(panels).stream().map(InspectorQueries::panel).toList());
    body.put("series", out);
    body.put("truncated", series.size() > MAX_SERIES);
    return body;
  }

  private AgentPanels evaluate(Attributes resource, List<MetricBucket> buckets, List<SlotValue<SelfKey>> self,
      Range r, long bucket) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    String previous = null;
    for (MetricBucket b : buckets) {
      if (!b.name().equals(previous)) { // buckets come series by series
        names.add(b.name());
        previous = b.name();
      }
    }
    long now = clock.millis();
    return AgentPanels.evaluate(AgentRuntime.detect(resource, names), buckets, self, bucket,
        new BucketWindow(r.from(), r.to(), now), new BucketWindow(selfFrom(r, bucket), r.to(), now));
  }

  /** Where {@link #selfOf} starts reading: the range's start, widened to its hour for hourly buckets. */
  private static long selfFrom(Range r, long bucket) {
    StatisticsResolution hour = StatisticsResolution.HOUR;
    return bucket % hour.millis() == 0 ? hour.slotOf(r.from()) : r.from();
  }

  /**
   * The response statistics of {@code application}'s agents in range, by agent id. For buckets of whole hours
   * the hourly roll-ups are read, the range widened to whole hours (the first bucket holds its whole hour).
   */
  private Map<String, List<SlotValue<SelfKey>>> selfOf(String application, Range r, long bucket) {
    Map<String, List<SlotValue<SelfKey>>> byAgent = new LinkedHashMap<>();
    StatisticsResolution hour = StatisticsResolution.HOUR;
    List<SlotValue<SelfKey>> cells = bucket % hour.millis() == 0
        ? storage.statistics().readSelf(application, selfFrom(r, bucket), r.to(), hour)
        : storage.statistics().readSelf(application, r.from(), r.to());
    for (SlotValue<SelfKey> s : cells) {
      byAgent.computeIfAbsent(s.key().agentId(), k -> new ArrayList<>()).add(s);
    }
    return byAgent;
  }

  /** The buckets grouped by series (name + attributes), series in order, buckets in their given order. */
  private static SortedMap<SeriesKey, List<MetricBucket>> seriesOf(List<MetricBucket> buckets) {
    SortedMap<SeriesKey, List<MetricBucket>> out = new TreeMap<>();
    buckets.forEach(b -> out.computeIfAbsent(new SeriesKey(b.name(), b.attributes()), k -> new ArrayList<>()).add(b));
    return out;
  }

  private static Map<String, Object> genericSeries(List<MetricBucket> buckets) {
    List<List<Object>> points = new ArrayList<>();
    for (MetricBucket b : buckets) {
      Double v = BucketValues.value(b);
      if (v != null) {
        points.add(List.of(b.bucketStartMillis(), v));
      }
    }
    return metricSeries(buckets.get(0), points, Function.identity());
  }

  private static <P> Map<String, Object> metricSeries(MetricBucket first, List<P> points,
      Function<P, List<Object>> point) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", first.name());
    m.put("unit", first.unit());
    m.put("kind", first.kind().name());
    m.put("attributes", Json.attributes(first.attributes()));
    m.put("points", points.stream().map(point).toList());
    return m;
  }

  private static Map<String, Object> panel(Panel p) {
    return panel(p.id(), p.title(), p.unit(), p.series().stream().map(s -> series(s.label(),
        s.points().entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList())).toList());
  }

  private static Map<String, Object> panel(ApplicationPanel p) {
    return panel(p.id(), p.title(), p.unit(), p.series().stream().map(s -> series(s.label(),
        s.points().stream().map(AcrossAgents::toList).toList())).toList());
  }

  private static Map<String, Object> panel(String id, String title, String unit, List<Map<String, Object>> series) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("title", title);
    m.put("unit", unit);
    m.put("series", series);
    return m;
  }

  private static Map<String, Object> series(String label, List<List<Object>> points) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("points", points);
    return m;
  }

  /**
   * One bucket's values across agents, folded as {@link AcrossAgents#of(long, SortedMap)} folds them when the
   * agents come ordered by id (same sums; ties to the first, the lower id).
   */
  private static final class Across {
    private double total;
    private int count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private String minAgent = "";
    private String maxAgent = "";

    void add(String agentId, double v) {
      total += v;
      count++;
      if (v < min) {
        min = v;
        minAgent = agentId;
      }
      if (v > max) {
        max = v;
        maxAgent = agentId;
      }
    }

    AcrossAgents toPoint(long time) {
      return new AcrossAgents(time, total / count, min, max, minAgent, maxAgent);
    }
  }

  private record SeriesKey(String name, Attributes attributes) implements Comparable<SeriesKey> {
    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::name)
        .thenComparing(k -> k.attributes().toString());

    @Override
    public int compareTo(SeriesKey o) {
      return ORDER.compare(this, o);
    }
  }
}
