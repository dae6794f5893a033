package io.pinscope.query;

import io.pinscope.model.AgentInfo;
import io.pinscope.model.Attributes;
import io.pinscope.model.MetricBucket;
import io.pinscope.model.SelfKey;
import io.pinscope.model.SlotValue;
import io.pinscope.query.Params.Range;
import io.pinscope.query.inspector.AcrossAgents;
import io.pinscope.query.inspector.AcrossSeries;
import io.pinscope.query.inspector.AgentPanels;
import io.pinscope.query.inspector.AgentRuntime;
import io.pinscope.query.inspector.ApplicationPanel;
import io.pinscope.query.inspector.BucketValues;
import io.pinscope.query.inspector.BucketWindow;
import io.pinscope.query.inspector.Panel;
import io.pinscope.query.inspector.PanelsAcrossAgents;
import io.pinscope.storage.StatisticsResolution;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 *       The agents are read and evaluated on a shared pool of at most 4 threads, a few agents ahead of the fold
 *       across agents (in id order), which keeps at most {@link #MAX_SERIES} series.
 * </ul>
 */
final class InspectorQueries {
  /** The longest application-inspector range, in days (the statistics' and metrics' default retention). */
  static final int MAX_DAYS = 14;
  /** The most series (application) or generic series (agent) one answer holds; more set {@code truncated}. */
  static final int MAX_SERIES = 200;

  /** How many agents are read and evaluated ahead of the fold across agents. */
  private static final int READ_AHEAD = 4;
  /**
   * The threads reading and evaluating the agents of application inspectors, shared by every request (a
   * bounded pool: concurrent requests queue rather than add threads); daemons, never shut down.
   */
  private static final ExecutorService AGENTS = Executors.newFixedThreadPool(
      Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors())), r -> {
        Thread t = new Thread(r, "pinscope-inspector-agents");
        t.setDaemon(true);
        return t;
      });

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
    // Every point on the grid of the range; each agent's series and panels folded across agents as they come
    // (agents ordered by id: ties to the lower id), so an agent's buckets are dropped once folded.
    long first = Math.floorDiv(r.from(), bucket) * bucket;
    int slots = (int) ((r.to() - first + bucket - 1) / bucket);
    PanelsAcrossAgents panels = new PanelsAcrossAgents(first, bucket, slots);
    // At most MAX_SERIES series, the first in answer order: one beyond the cut is dropped as soon as it is met.
    TreeMap<SeriesKey, Folding> series = new TreeMap<>();
    Map<Named, Folding> index = new HashMap<>(); // the same series by hash: no attributes' text per lookup
    boolean truncated = false;
    int met = 0; // series met so far
    SortedMap<String, AgentInfo> agents = new TreeMap<>();
    maps.agentsSeen(application, r).forEach(a -> agents.putIfAbsent(a.agentId(), a));
    Iterator<AgentInfo> toRead = agents.values().iterator();
    Deque<Future<AgentPart>> reading = new ArrayDeque<>();
    try {
      // The agents are read and evaluated on the shared pool, a few ahead of the fold (bounded memory).
      while (toRead.hasNext() && reading.size() < READ_AHEAD) {
        reading.add(readAgent(toRead.next(), r, bucket, self));
      }
      while (!reading.isEmpty()) {
        AgentPart part = await(reading.poll());
        if (toRead.hasNext()) {
          reading.add(readAgent(toRead.next(), r, bucket, self));
        }
        String agentId = part.agentId();
        panels.add(agentId, part.panels());
        MetricBucket previous = null;
        Folding points = null;
        for (MetricBucket b : part.buckets()) {
          Double value = BucketValues.mean(b);
          if (value == null || (name != null && !name.equals(b.name()))) {
            continue;
          }
          // Buckets come series by series: look the series up when it changes.
          if (previous == null || !previous.name().equals(b.name())
              || (previous.attributes() != b.attributes() && !previous.attributes().equals(b.attributes()))) {
            points = index.get(new Named(b.name(), b.attributes()));
            if (points == null) { // new, or beyond the cut
              SeriesKey key = SeriesKey.of(b, ++met);
              if (series.size() >= MAX_SERIES && key.compareTo(series.lastKey()) > 0) {
                truncated = true;
              } else {
                points = new Folding(b, new AcrossSeries(first, bucket, slots));
                series.put(key, points);
                index.put(new Named(b.name(), b.attributes()), points);
                if (series.size() > MAX_SERIES) {
                  SeriesKey cut = series.pollLastEntry().getKey();
                  index.remove(new Named(cut.name(), cut.attributes()));
                  truncated = true;
                }
              }
            }
          }
          previous = b;
          if (points != null) {
            points.values().add(b.bucketStartMillis(), agentId, value);
          }
        }
      }
    } finally {
      reading.forEach(f -> f.cancel(true));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    series.values().forEach(f -> out.add(metricSeries(f.first(), f.values().points(), AcrossAgents::toList)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agents", List.copyOf(agents.keySet()));
    body.put("bucketMs", bucket);
    body.put("panels", panels.panels().stream().map(InspectorQueries::panel).toList());
    body.put("series", out);
    body.put("truncated", truncated);
    return body;
  }

  /** One agent's metric buckets and evaluated panels, read and evaluated on {@link #AGENTS}. */
  private Future<AgentPart> readAgent(AgentInfo a, Range r, long bucket, Map<String, List<SlotValue<SelfKey>>> self) {
    return AGENTS.submit(() -> {
      List<MetricBucket> buckets = storage.metrics().buckets(a.agentId(), r.from(), r.to(), bucket);
      List<Panel> panels = evaluate(a.resource(), buckets, self.getOrDefault(a.agentId(), List.of()), r, bucket)
          .panels();
      return new AgentPart(a.agentId(), buckets, panels);
    });
  }

  /** The result of {@code f}, its failure rethrown as it was thrown (a bad argument stays a 400). */
  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading an agent", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      } else if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
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
    buckets.forEach(b -> out.computeIfAbsent(SeriesKey.of(b), k -> new ArrayList<>()).add(b));
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

  private record AgentPart(String agentId, List<MetricBucket> buckets, List<Panel> panels) {}

  /** A series being folded: its first bucket (name, unit, kind, attributes) and its values across agents. */
  private record Folding(MetricBucket first, AcrossSeries values) {}

  /** A series' name and attributes, compared as values. */
  private record Named(String name, Attributes attributes) {}

  /**
   * A series' name and attributes, ordered by name then attributes' text (computed once per key), then by
   * {@code seq} (two series whose attributes read the same stay apart, in the order they were met).
   */
  private record SeriesKey(String name, Attributes attributes, String text, int seq)
      implements Comparable<SeriesKey> {
    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::name)
        .thenComparing(SeriesKey::text).thenComparingInt(SeriesKey::seq);

    static SeriesKey of(MetricBucket b) {
      return of(b, 0);
    }

    static SeriesKey of(MetricBucket b, int seq) {
      return new SeriesKey(b.name(), b.attributes(), b.attributes().toString(), seq);
    }

    @Override
    public int compareTo(SeriesKey o) {
      return ORDER.compare(this, o);
    }
  }
}
