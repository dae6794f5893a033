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
import io.pinscope.storage.ApplicationRollups;
import io.pinscope.storage.StatisticsResolution;
import io.pinscope.storage.Storage;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 *       across agents (in id order), which keeps at most {@link #MAX_SERIES} series. In one-hour buckets, the
 *       whole hours an application roll-up holds ({@link io.pinscope.storage.ApplicationRollups}, made by
 *       {@link ApplicationRollup} with {@link #hour}, this same fold over one hour) are read from it and only
 *       the other parts of the range are read and folded live; the answer is the same.
 * </ul>
 */
final class InspectorQueries {
  /** The longest application-inspector range, in days (the statistics' and metrics' default retention). */
  static final int MAX_DAYS = 14;
  /** The most series (application) or generic series (agent) one answer holds; more set {@code truncated}. */
  static final int MAX_SERIES = 200;

  private static final long HOUR = StatisticsResolution.HOUR.millis();
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
   * them). {@code name}, when set, keeps that metric only in {@code series}. With buckets of an hour or more
   * the range starts at its first bucket's start.
   */
  Map<String, Object> application(String application, Range range, @Nullable String name) {
    long bucket = Params.bucketMillis(range);
    // Buckets of an hour or more start the range at its first bucket's start, so that bucket is whole (read
    // from the roll-ups like the others) rather than the part of it after from.
    Range r = bucket >= HOUR ? new Range(Math.floorDiv(range.from(), bucket) * bucket, range.to()) : range;
    // Whole hours in range an application roll-up holds come from it; the others are computed live.
    SortedMap<Long, ApplicationRollups.Hour> hours = bucket == HOUR
        ? storage.applicationRollups().read(application, Math.floorDiv(r.from() + HOUR - 1, HOUR) * HOUR,
            Math.floorDiv(r.to(), HOUR) * HOUR)
        : new TreeMap<>();
    Folded f = fold(application, r, bucket, name, MAX_SERIES, hours, maps.agentsSeen(application, r));
    List<Map<String, Object>> out = new ArrayList<>();
    f.series().values().forEach(s -> out.add(metricSeries(s.name(), s.unit(), s.kind(), s.attributes(),
        new AcrossAgentsJson(s.values().points()))));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agents", f.agents());
    body.put("bucketMs", bucket);
    body.put("panels", f.panels().panels().stream().map(InspectorQueries::panel).toList());
    body.put("series", out);
    body.put("truncated", f.truncated());
    return body;
  }

  /**
   * The application roll-up of the hour starting at {@code hourMillis} over {@code agents} (those seen in the
   * hour): the application inspector's answer of that hour in one one-hour bucket — the same fold as
   * {@link #application}, every series kept.
   */
  ApplicationRollups.Hour hour(String application, long hourMillis, List<AgentInfo> agents) {
    Folded f = fold(application, new Range(hourMillis, hourMillis + HOUR), HOUR, null, Integer.MAX_VALUE,
        new TreeMap<>(), agents);
    List<ApplicationRollups.SeriesPoint> series = new ArrayList<>();
    f.series().values().forEach(s -> s.values().points().forEach(p -> series.add(new ApplicationRollups.SeriesPoint(
        s.name(), s.unit(), s.kind(), s.attributes(), point(p)))));
    List<ApplicationRollups.PanelPoint> panels = new ArrayList<>();
    for (ApplicationPanel p : f.panels().panels()) {
      for (ApplicationPanel.Series s : p.series()) {
        s.points().forEach(point -> panels.add(
            new ApplicationRollups.PanelPoint(p.id(), p.title(), p.unit(), s.label(), point(point))));
      }
    }
    return new ApplicationRollups.Hour(series, panels);
  }

  private static ApplicationRollups.Point point(AcrossAgents p) {
    return new ApplicationRollups.Point(p.avg(), p.min(), p.max(), p.minAgentId(), p.maxAgentId());
  }

  private static AcrossAgents point(long time, ApplicationRollups.Point p) {
    return new AcrossAgents(time, p.avg(), p.min(), p.max(), p.minAgentId(), p.maxAgentId());
  }

  /**
   * The application's series (at most {@code maxSeries}, the first in answer order) and panels over {@code r}
   * in buckets of {@code bucket}: the buckets of {@code hours} (whole hours, rolled up) set from them, in time
   * order, then the agents' buckets of the rest of the range folded across agents as they come (agents ordered
   * by id: ties to the lower id), so an agent's buckets are dropped once folded.
   */
  private Folded fold(String application, Range r, long bucket, @Nullable String name, int maxSeries,
      SortedMap<Long, ApplicationRollups.Hour> hours, List<AgentInfo> seen) {
    List<long[]> gaps = gaps(r, hours.keySet());
    Map<String, List<SlotValue<SelfKey>>> self;
    if (hours.isEmpty()) {
      self = selfOf(application, r, bucket);
    } else { // the responses of rolled-up hours are in the roll-ups: read the other hours' only
      self = new LinkedHashMap<>();
      for (long[] g : gaps) {
        selfOf(application, new Range(g[0], g[1]), bucket)
            .forEach((agent, slots) -> self.computeIfAbsent(agent, k -> new ArrayList<>()).addAll(slots));
      }
    }
    long first = Math.floorDiv(r.from(), bucket) * bucket;
    int slots = (int) ((r.to() - first + bucket - 1) / bucket);
    PanelsAcrossAgents panels = new PanelsAcrossAgents(first, bucket, slots);
    SeriesCut series = new SeriesCut(maxSeries, first, bucket, slots);
    hours.forEach((time, hour) -> {
      for (ApplicationRollups.SeriesPoint s : hour.series()) {
        if (name == null || name.equals(s.name())) {
          AcrossSeries values = series.values(s.name(), s.unit(), s.kind(), s.attributes());
          if (values != null) {
            values.put(point(time, s.point()));
          }
        }
      }
      hour.panels().forEach(p -> panels.put(p.panelId(), p.title(), p.unit(), p.label(), point(time, p.point())));
    });
    SortedMap<String, AgentInfo> agents = new TreeMap<>();
    seen.forEach(a -> agents.putIfAbsent(a.agentId(), a));
    Iterator<AgentInfo> toRead = gaps.isEmpty() ? Collections.emptyIterator() : agents.values().iterator();
    Deque<Future<AgentPart>> reading = new ArrayDeque<>();
    try {
      // The agents are read and evaluated on the shared pool, a few ahead of the fold (bounded memory).
      while (toRead.hasNext() && reading.size() < READ_AHEAD) {
        reading.add(readAgent(toRead.next(), r, gaps, bucket, self));
      }
      while (!reading.isEmpty()) {
        AgentPart part = await(reading.poll());
        if (toRead.hasNext()) {
          reading.add(readAgent(toRead.next(), r, gaps, bucket, self));
        }
        String agentId = part.agentId();
        panels.add(agentId, part.panels());
        MetricBucket previous = null;
        AcrossSeries points = null;
        for (MetricBucket b : part.buckets()) {
          Double value = BucketValues.mean(b);
          if (value == null || (name != null && !name.equals(b.name()))) {
            continue;
          }
          // Buckets come series by series: look the series up when it changes.
          if (previous == null || !previous.name().equals(b.name())
              || (previous.attributes() != b.attributes() && !previous.attributes().equals(b.attributes()))) {
            points = series.values(b.name(), b.unit(), b.kind().name(), b.attributes());
          }
          previous = b;
          if (points != null) {
            points.add(b.bucketStartMillis(), agentId, value);
          }
        }
      }
    } finally {
      reading.forEach(f -> f.cancel(true));
    }
    return new Folded(List.copyOf(agents.keySet()), panels, series.kept(), series.truncated());
  }

  /** The parts of {@code r} outside the hours of {@code hours} ({@code [from, to)} each), in time order. */
  private static List<long[]> gaps(Range r, Set<Long> hours) {
    List<long[]> out = new ArrayList<>();
    long from = r.from();
    for (long h : hours) {
      if (h > from) {
        out.add(new long[] {from, h});
      }
      from = Math.max(from, h + HOUR);
    }
    if (from < r.to()) {
      out.add(new long[] {from, r.to()});
    }
    return out;
  }

  /**
   * One agent's metric buckets over {@code gaps} (parts of {@code r}; each part's series by series) and its
   * panels evaluated on them, read and evaluated on {@link #AGENTS}.
   */
  private Future<AgentPart> readAgent(AgentInfo a, Range r, List<long[]> gaps, long bucket,
      Map<String, List<SlotValue<SelfKey>>> self) {
    return AGENTS.submit(() -> {
      List<MetricBucket> buckets;
      if (gaps.size() == 1) {
        buckets = storage.metrics().buckets(a.agentId(), gaps.get(0)[0], gaps.get(0)[1], bucket);
      } else {
        buckets = new ArrayList<>();
        for (long[] g : gaps) {
          buckets.addAll(storage.metrics().buckets(a.agentId(), g[0], g[1], bucket));
        }
      }
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
    MetricBucket first = buckets.get(0);
    return metricSeries(first.name(), first.unit(), first.kind().name(), first.attributes(), points);
  }

  /** A series of the answer; {@code points} is its points' JSON value. */
  private static Map<String, Object> metricSeries(String name, String unit, String kind, Attributes attributes,
      Object points) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("unit", unit);
    m.put("kind", kind);
    m.put("attributes", Json.attributes(attributes));
    m.put("points", points);
    return m;
  }

  private static Map<String, Object> panel(Panel p) {
    return panel(p.id(), p.title(), p.unit(), p.series().stream().map(s -> series(s.label(),
        s.points().entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue())).toList())).toList());
  }

  private static Map<String, Object> panel(ApplicationPanel p) {
    return panel(p.id(), p.title(), p.unit(), p.series().stream().map(s -> series(s.label(),
        new AcrossAgentsJson(s.points()))).toList());
  }

  private static Map<String, Object> panel(String id, String title, String unit, List<Map<String, Object>> series) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("title", title);
    m.put("unit", unit);
    m.put("series", series);
    return m;
  }

  private static Map<String, Object> series(String label, Object points) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("points", points);
    return m;
  }

  private record AgentPart(String agentId, List<MetricBucket> buckets, List<Panel> panels) {}

  /** A series being folded: its name, unit and kind (as first met), attributes and values across agents. */
  private record Folding(String name, String unit, String kind, Attributes attributes, AcrossSeries values) {}

  /** An application's series and panels folded across agents over a range. */
  private record Folded(List<String> agents, PanelsAcrossAgents panels, SortedMap<SeriesKey, Folding> series,
      boolean truncated) {}

  /**
   * The series being folded, at most {@code max}: the first in answer order, one beyond the cut dropped when
   * met ({@code truncated} then set). Not thread-safe.
   */
  private static final class SeriesCut {
    private final int max;
    private final long first;
    private final long bucket;
    private final int slots;
    private final TreeMap<SeriesKey, Folding> series = new TreeMap<>();
    private final Map<Named, Folding> index = new HashMap<>(); // by hash: no attributes' text per lookup
    private boolean truncated;
    private int met; // series met so far

    SeriesCut(int max, long first, long bucket, int slots) {
      this.max = max;
      this.first = first;
      this.bucket = bucket;
      this.slots = slots;
    }

    /** The values of the series {@code name} + {@code attributes}, added when new; null when beyond the cut. */
    @Nullable AcrossSeries values(String name, String unit, String kind, Attributes attributes) {
      Folding f = index.get(new Named(name, attributes));
      if (f != null) {
        return f.values();
      }
      SeriesKey key = new SeriesKey(name, attributes, attributes.toString(), ++met);
      if (series.size() >= max && key.compareTo(series.lastKey()) > 0) {
        truncated = true;
        return null;
      }
      f = new Folding(name, unit, kind, attributes, new AcrossSeries(first, bucket, slots));
      series.put(key, f);
      index.put(new Named(name, attributes), f);
      if (series.size() > max) {
        SeriesKey cut = series.pollLastEntry().getKey();
        index.remove(new Named(cut.name(), cut.attributes()));
        truncated = true;
      }
      return f.values();
    }

    SortedMap<SeriesKey, Folding> kept() {
      return series;
    }

    boolean truncated() {
      return truncated;
    }
  }

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
      return new SeriesKey(b.name(), b.attributes(), b.attributes().toString(), 0);
    }

    @Override
    public int compareTo(SeriesKey o) {
      return ORDER.compare(this, o);
    }
  }
}
